"""A DNS plan always has an exit: an apply whose task never ran locks nothing, a worker dying
mid-plan is settled by reading the zone back, and a change applied but whose answer was lost
converges on the next apply with no duplicate record."""

from __future__ import annotations

import pytest
import requests
from django.urls import reverse

from dns.apply import Run
from dns.models import StagedChange
from operations import services as op_services
from operations.models import Operation
from tests.dns.conftest import DOMAIN, find, sandbox_records
from tests.dns.test_plan import (
    apply,
    outcomes,
    plan_page,
    run,
    stage_add,
    three_changes,  # noqa: F401 (a fixture)
)
from tests.operations.test_reconcile import reconcile_runs

State = Operation.State
ADD = f"dns/v0.1/{DOMAIN}/entry_set/add/"


def test_an_apply_whose_task_never_ran_locks_nothing(
    sandbox_api,
    as_operator,
    connection,
    three_changes,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the message
        apply(as_operator, connection)
    lost = Operation.objects.get(kind="dns.plan_apply")
    assert lost.state == State.PENDING
    assert not any(change.is_locked for change in StagedChange.objects.all())

    as_operator.post(reverse("dns:plan_discard", args=[connection.pk, DOMAIN]))
    assert not StagedChange.objects.exists()
    lost.refresh_from_db()
    assert lost.state == State.FAILED  # its task, if it ever comes, finds it ended


def test_applying_again_replaces_an_apply_that_never_started(
    sandbox_api,
    as_operator,
    connection,
    three_changes,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        apply(as_operator, connection)
    apply(as_operator, connection)
    lost, again = Operation.objects.filter(kind="dns.plan_apply").order_by("pk")
    lost.refresh_from_db()
    assert lost.state == State.FAILED and "Replaced" in lost.message
    assert run(again).state == State.DONE
    op_services.operation_send(lost.pk)  # the lost task turns up late: nothing is sent
    assert sandbox_api.count("POST", ADD) == 1


def test_a_worker_dying_mid_plan_is_settled_by_reading_the_zone_back(
    sandbox_api,
    as_operator,
    connection,
    three_changes,  # noqa: F811 (the fixture imported above)
    monkeypatch,
):
    apply(as_operator, connection)
    op = Operation.objects.get(kind="dns.plan_apply")
    real = Run.applied

    def die_after_the_first_call(self, *args, **kwargs):
        raise SystemExit("worker killed")  # the add reached Fornex; nothing recorded it

    monkeypatch.setattr(Run, "applied", die_after_the_first_call)
    with pytest.raises(SystemExit):
        op_services.operation_send(op.pk)
    monkeypatch.setattr(Run, "applied", real)
    assert Operation.objects.get(pk=op.pk).state == State.SENDING
    assert sandbox_api.count("POST", ADD) == 1

    reconcile_runs(2, every=op_services.sending_lease(op.kind).total_seconds() / 2 + 1)

    op.refresh_from_db()
    assert op.state == State.UNKNOWN
    assert outcomes(op)[0] == "applied"  # found in the zone
    assert not StagedChange.objects.filter(action="add").exists()
    assert all(c.outcome == "unknown" for c in StagedChange.objects.all())
    # The plan is free again, and applying it converges without a second add.
    apply(as_operator, connection)
    again = run(Operation.objects.filter(kind="dns.plan_apply").latest("pk"))
    assert again.state == State.DONE, again.message
    assert sandbox_api.count("POST", ADD) == 1
    assert len(find(sandbox_records(sandbox_api), host="one")) == 1


def test_an_add_applied_whose_answer_was_lost_converges_on_reapply_with_no_duplicate(
    sandbox_api, as_operator, connection
):
    stage_add(as_operator, connection, type="A", host="flt-b", value="198.51.100.7")
    sandbox_api.fault(path=r"/entry_set/add/$", status=502, times=1)
    apply(as_operator, connection)
    op = run(Operation.objects.get(kind="dns.plan_apply"))
    assert op.state == State.UNKNOWN
    # Fornex did apply it (the answer was lost on the way back).
    requests.post(
        f"{sandbox_api.api_url}/{ADD}",
        data={
            "apikey": sandbox_api.FULL_KEY,
            "host": "flt-b",
            "type": "A",
            "value": "198.51.100.7",
            "ttl": "3600",
        },
        timeout=10,
    )
    adds = sandbox_api.count("POST", ADD)

    page = plan_page(as_operator, connection)
    assert "twice" not in page
    assert apply(as_operator, connection).status_code == 302
    again = run(Operation.objects.filter(kind="dns.plan_apply").latest("pk"))
    assert again.state == State.DONE, again.message
    assert "Found applied" in again.result["changes"][0]["message"]
    assert sandbox_api.count("POST", ADD) == adds
    assert len(find(sandbox_records(sandbox_api), host="flt-b")) == 1
    assert not StagedChange.objects.exists()


def test_a_run_ended_by_an_admin_stops_before_its_next_change(
    sandbox_api,
    as_operator,
    connection,
    three_changes,  # noqa: F811 (the fixture imported above)
    admin,
    monkeypatch,
):
    from operations.services import operation_end_by_hand

    apply(as_operator, connection)
    op = Operation.objects.get(kind="dns.plan_apply")
    real = Run.step

    def end_after_the_first(self, index, params, live):
        done = real(self, index, params, live)
        if index == 0:
            operation_end_by_hand(actor=admin, op=Operation.objects.get(pk=op.pk))
        return done

    monkeypatch.setattr(Run, "step", end_after_the_first)
    op_services.operation_send(op.pk)

    op.refresh_from_db()
    assert op.state == State.UNKNOWN and admin.username in op.message
    assert sandbox_api.count("POST", ADD) == 1
    # The edit and the delete were never sent; they stay, to be checked against the zone.
    assert sorted(c.action for c in StagedChange.objects.all()) == ["delete", "update"]
    assert all(c.outcome == "unknown" for c in StagedChange.objects.all())
