"""Power actions through the API are the server page's operations: the same kind, target, audit
and progress page; a repeat while one is running answers that one instead of a second."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import AuditEvent
from api.scopes import PowerLimits, Scopes
from operations.models import Operation
from operations.services import operation_poll, operation_send
from tests.api.conftest import VPS, VPS_2, detail


def test_a_restart_through_the_api_is_the_button_s_operation_once(
    api, operator, make_token, sandbox_api, connection, client, enqueued
):
    token, api.token = make_token(operator, Scopes(power=PowerLimits(servers=(VPS,))))

    first = api("POST", f"vps/{VPS}/restart/")
    assert first.status_code == 200, first.text
    job = first.json()
    op = Operation.objects.get()
    assert (op.kind, op.target_id, op.actor_id, op.state) == (
        "vps.restart",
        f"{connection.pk}:{VPS}",
        operator.pk,
        "pending",
    )
    assert (job["pk"], job["job_action"], job["completed"], job["job_state"]) == (
        op.pk,
        "restart",
        False,
        "ready",
    )

    assert enqueued == [("run", op.pk)]  # run by a worker, as the button's are

    # Asked again while it runs (a retrying script): the same operation, nothing new sent.
    again = api("POST", f"vps/{VPS}/restart/")
    assert again.json()["pk"] == op.pk and Operation.objects.count() == 1
    assert sandbox_api.count("POST", f"vps/{VPS}/restart/") == 0

    refused = api("POST", f"vps/{VPS_2}/restart/")
    assert refused.status_code == 403 and VPS_2 in detail(refused)

    # The worker sends it once and follows it; the job log entry here follows the operation.
    operation_send(op.pk)
    assert api.get(f"vps/{VPS}/log_details/{op.pk}/").json()["completed"] is False
    sandbox_api.advance(30)
    operation_poll(op.pk)
    op.refresh_from_db()
    assert op.state == "done"
    followed = api.get(f"vps/{VPS}/log_details/{op.pk}/").json()
    assert (followed["completed"], followed["job_state"]) == (True, "done")
    assert (
        sandbox_api.count("POST", f"vps/{VPS}/restart/")
        + sandbox_api.count("POST", f"vps/restart/{VPS}/")
        == 1
    )

    # Finished: the next request is a new restart.
    assert api("POST", f"vps/{VPS}/restart/").json()["pk"] != op.pk

    # In the audit as the button's (naming the token), and on the panel's progress page.
    started = AuditEvent.objects.filter(action="vps.restart", operation=op).order_by("pk")
    assert [e.outcome for e in started] == ["pending", "success"]
    assert started[0].detail["api_token"] == token.label
    calls = AuditEvent.objects.filter(action="api.call", detail__operation="vps_restart")
    assert [e.detail.get("started") for e in calls.order_by("pk")] == [True, False, None, True]
    client.force_login(operator)
    page = client.get(reverse("operations:detail", args=[op.pk]))
    assert page.status_code == 200 and "web-1" in page.content.decode()
