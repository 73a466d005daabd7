"""Staged changes: collected without a call to Fornex, shown as a diff, applied in order as one
background operation that reports each change's outcome and loses nothing when one fails."""

from __future__ import annotations

import json

import pytest
import requests
from django.urls import reverse

from accounts.models import AuditEvent
from dns.models import StagedChange
from operations.models import Operation
from operations.services import operation_poll, operation_retry, operation_send
from tests.dns.conftest import DOMAIN, find, posts, sandbox_records


def stage_add(client, connection, **form):
    data = {"ttl": "3600", "mode": "stage", **form}
    return client.post(reverse("dns:record_add", args=[connection.pk, DOMAIN]), data)


def stage_edit(client, connection, pk, **form):
    data = {"ttl": "3600", "mode": "stage", **form}
    return client.post(reverse("dns:record_edit", args=[connection.pk, DOMAIN, pk]), data)


def stage_delete(client, connection, pk):
    url = reverse("dns:record_delete", args=[connection.pk, DOMAIN, pk])
    return client.post(url, {"mode": "stage"})


def apply(client, connection, **data):
    return client.post(reverse("dns:plan_apply", args=[connection.pk, DOMAIN]), data)


def plan_page(client, connection) -> str:
    return client.get(reverse("dns:plan", args=[connection.pk, DOMAIN])).content.decode()


def run(op: Operation) -> Operation:
    """What the worker does: send (which applies every change), then look at the outcome."""
    operation_send(op.pk)
    return operation_poll(op.pk)


def outcomes(op: Operation) -> list[str]:
    return [change["outcome"] for change in op.result["changes"]]


def rid(sandbox, **fields) -> int:
    return find(sandbox_records(sandbox), **fields)[0]["id"]


@pytest.fixture
def three_changes(sandbox_api, as_operator, connection):
    """An add, an edit (in the middle) and a delete, staged in that order."""
    api, db = rid(sandbox_api, host="api", type="A"), rid(sandbox_api, host="db", type="A")
    assert (
        stage_add(as_operator, connection, type="A", host="one", value="198.51.100.1").status_code
        == 302
    )
    assert (
        stage_edit(
            as_operator, connection, api, type="A", host="api", value="198.51.100.2"
        ).status_code
        == 302
    )
    assert stage_delete(as_operator, connection, db).status_code == 302
    return {"api": api, "db": db}


def test_staged_changes_are_not_sent_and_show_as_a_diff(
    sandbox_api, as_operator, connection, three_changes
):
    assert posts(sandbox_api) == 0
    assert StagedChange.objects.filter(connection=connection, domain=DOMAIN).count() == 3
    page = plan_page(as_operator, connection)
    assert page.count('data-testid="plan-line"') == 3
    for action in ("add", "update", "delete"):
        assert f'data-action="{action}"' in page
    assert "198.51.100.2" in page  # the edit's new value, beside the live one
    assert 'class="diff-old"' in page and 'class="diff-new"' in page
    staged = AuditEvent.objects.filter(action="dns.plan.stage").order_by("pk")
    assert [(e.target_type, e.target_id) for e in staged] == [
        ("domain", f"{connection.pk}:{DOMAIN}"),
        ("dns_record", f"{connection.pk}:{DOMAIN}:{three_changes['api']}"),
        ("dns_record", f"{connection.pk}:{DOMAIN}:{three_changes['db']}"),
    ]


def test_applying_a_plan_applies_every_change_in_one_operation(
    sandbox_api, as_operator, connection, three_changes
):
    response = apply(as_operator, connection)
    assert response.status_code == 302
    op = Operation.objects.get(kind="dns.plan_apply")
    assert op.target_id == f"{connection.pk}:{DOMAIN}"
    assert [c["action"] for c in op.params["changes"]] == ["add", "update", "delete"]
    op = run(op)
    assert op.state == Operation.State.DONE, op.message
    assert outcomes(op) == ["applied", "applied", "applied"]
    records = sandbox_records(sandbox_api)
    assert find(records, host="one", value="198.51.100.1")
    assert find(records, id=three_changes["api"])[0]["value"] == "198.51.100.2"
    assert not find(records, id=three_changes["db"])
    assert not StagedChange.objects.exists()
    applied = AuditEvent.objects.filter(operation=op, target_type="dns_record")
    assert sorted(e.action for e in applied) == [
        "dns.record.add",
        "dns.record.delete",
        "dns.record.update",
    ]
    assert all(e.outcome == "success" and e.actor_name == "oscar" for e in applied)
    stored = json.dumps([op.params, op.result, [e.detail for e in AuditEvent.objects.all()]])
    assert sandbox_api.FULL_KEY not in stored


def test_a_failing_middle_change_reports_what_was_applied_and_keeps_the_rest_staged(
    sandbox_api, as_operator, connection, three_changes
):
    api, db = three_changes["api"], three_changes["db"]
    before_api = find(sandbox_records(sandbox_api), id=api)[0]
    sandbox_api.fault(path=rf"/entry_set/{api}/$", status=400, times=1)
    apply(as_operator, connection)
    op = run(Operation.objects.get(kind="dns.plan_apply"))

    assert op.state == Operation.State.FAILED
    assert outcomes(op) == ["applied", "failed", "not_attempted"]
    assert "1 of 3 changes applied" in op.message
    assert "1 change was not attempted" in op.message
    records = sandbox_records(sandbox_api)
    assert find(records, host="one")  # applied
    assert find(records, id=api)[0] == before_api  # refused: unchanged
    assert find(records, id=db)  # not attempted: still there
    left = list(StagedChange.objects.order_by("pk"))
    assert [(c.action, c.outcome) for c in left] == [("update", "failed"), ("delete", "")]
    assert "Fornex refused" in left[0].error
    failure = AuditEvent.objects.get(operation=op, action="dns.record.update")
    assert failure.outcome == "failure"

    page = plan_page(as_operator, connection)
    assert page.count('data-testid="plan-line"') == 2
    assert page.count('data-outcome="applied"') == 1
    assert page.count('data-outcome="failed"') == 1
    assert page.count('data-outcome="not_attempted"') == 1
    assert "Last attempt:" in page

    # The fault was for one request: applying again finishes the job.
    apply(as_operator, connection)
    again = run(Operation.objects.filter(kind="dns.plan_apply").latest("pk"))
    assert again.state == Operation.State.DONE
    assert outcomes(again) == ["applied", "applied"]
    assert not StagedChange.objects.exists()
    assert len(find(sandbox_records(sandbox_api), host="one")) == 1


def test_retrying_a_failed_apply_sends_only_what_is_still_staged(
    sandbox_api, as_operator, connection, operator, three_changes
):
    sandbox_api.fault(path=rf"/entry_set/{three_changes['api']}/$", status=400, times=1)
    apply(as_operator, connection)
    failed = run(Operation.objects.get(kind="dns.plan_apply"))
    adds = sandbox_api.count("POST", f"dns/v0.1/{DOMAIN}/entry_set/add/")
    retry = run(operation_retry(actor=operator, op=failed))
    assert retry.state == Operation.State.DONE
    assert outcomes(retry) == ["skipped", "applied", "applied"]
    assert sandbox_api.count("POST", f"dns/v0.1/{DOMAIN}/entry_set/add/") == adds
    assert len(find(sandbox_records(sandbox_api), host="one")) == 1


def test_an_unclear_answer_stops_the_run_and_the_next_one_checks_the_zone_first(
    sandbox_api, as_operator, connection, three_changes
):
    # The edit (middle) gets no clear answer, although Fornex did apply it.
    sandbox_api.fault(path=rf"/entry_set/{three_changes['api']}/$", status=502, times=1)
    apply(as_operator, connection)
    op = run(Operation.objects.get(kind="dns.plan_apply"))
    assert op.state == Operation.State.UNKNOWN
    assert outcomes(op) == ["applied", "unknown", "not_attempted"]
    change = StagedChange.objects.get(action="update")
    assert change.outcome == "unknown" and "may or may not" in change.error
    requests.post(
        f"{sandbox_api.api_url}/dns/v0.1/{DOMAIN}/entry_set/{three_changes['api']}/",
        data={
            "apikey": sandbox_api.FULL_KEY,
            "host": "api",
            "type": "A",
            "value": "198.51.100.2",
            "ttl": "3600",
        },
        timeout=10,
    )
    edits = sandbox_api.count("POST", f"dns/v0.1/{DOMAIN}/entry_set/{three_changes['api']}/")

    apply(as_operator, connection)
    again = run(Operation.objects.filter(kind="dns.plan_apply").latest("pk"))
    assert again.state == Operation.State.DONE, (again.message, again.result)
    assert outcomes(again) == ["applied", "applied"]
    assert "Found applied" in again.result["changes"][0]["message"]
    # Not sent a second time.
    assert (
        sandbox_api.count("POST", f"dns/v0.1/{DOMAIN}/entry_set/{three_changes['api']}/") == edits
    )


def test_a_plan_touching_ns_records_needs_the_extra_confirmation(
    sandbox_api, as_operator, connection
):
    stage_add(as_operator, connection, type="NS", host="lab2", value="ns1.example.net")
    page = plan_page(as_operator, connection)
    assert 'data-testid="plan-risks"' in page and "NS records" in page
    response = apply(as_operator, connection)
    assert response.status_code == 200
    assert b'data-field-error="confirm"' in response.content
    assert not Operation.objects.exists()
    assert apply(as_operator, connection, confirm="on").status_code == 302
    op = Operation.objects.get(kind="dns.plan_apply")
    assert op.params["confirmed_risks"]


@pytest.mark.parametrize(("deletes", "risky"), [(6, False), (7, True)])
def test_a_plan_that_touches_more_than_a_third_of_the_zone_needs_confirmation(
    sandbox_api, as_operator, connection, deletes, risky
):
    records = [r for r in sandbox_records(sandbox_api) if r["type"] in ("A", "TXT", "MX")]
    assert len(sandbox_records(sandbox_api)) == 18
    for record in records[:deletes]:
        assert stage_delete(as_operator, connection, record["id"]).status_code == 302
    page = plan_page(as_operator, connection)
    assert ("more than a third" in page) is risky
    response = apply(as_operator, connection)
    assert (response.status_code == 200) is risky
    assert Operation.objects.filter(kind="dns.plan_apply").exists() is not risky


def test_staging_a_host_that_the_plan_gives_a_cname_is_refused(
    sandbox_api, as_operator, connection
):
    assert (
        stage_add(
            as_operator, connection, type="CNAME", host="fresh", value="a.example.net"
        ).status_code
        == 302
    )
    response = stage_add(as_operator, connection, type="A", host="fresh", value="198.51.100.3")
    assert response.status_code == 200
    assert b'data-field-error="host"' in response.content
    assert StagedChange.objects.count() == 1


def test_a_plan_that_would_put_a_cname_beside_another_record_cannot_be_applied(
    sandbox_api, as_operator, connection
):
    stage_add(as_operator, connection, type="CNAME", host="fresh", value="a.example.net")
    # Meanwhile someone adds an A record at the same host, right away.
    now = as_operator.post(
        reverse("dns:record_add", args=[connection.pk, DOMAIN]),
        {"type": "A", "host": "fresh", "value": "198.51.100.3", "ttl": "3600", "mode": "now"},
    )
    assert now.status_code == 302
    page = plan_page(as_operator, connection)
    assert 'data-testid="plan-problems"' in page
    response = apply(as_operator, connection)
    assert response.status_code == 302
    assert not Operation.objects.exists()


def test_a_record_changed_at_fornex_after_staging_blocks_the_plan(
    sandbox_api, as_operator, connection, three_changes
):
    requests.post(
        f"{sandbox_api.api_url}/dns/v0.1/{DOMAIN}/entry_set/{three_changes['api']}/",
        data={"apikey": sandbox_api.FULL_KEY, "host": "api", "type": "A", "value": "192.0.2.99"},
        timeout=10,
    )
    # The zone is read again (the panel's cache does not know of the change made outside it).
    page = as_operator.get(reverse("dns:plan", args=[connection.pk, DOMAIN]) + "?refresh=1")
    assert b'data-testid="plan-conflict"' in page.content
    assert apply(as_operator, connection).status_code == 302
    assert not Operation.objects.exists()


def test_staging_another_change_for_a_record_replaces_the_first(
    sandbox_api, as_operator, connection
):
    api = rid(sandbox_api, host="api", type="A")
    stage_edit(as_operator, connection, api, type="A", host="api", value="198.51.100.2")
    stage_delete(as_operator, connection, api)
    change = StagedChange.objects.get()
    assert (change.action, change.record_id) == ("delete", api)


def test_a_change_can_be_taken_out_and_the_plan_discarded(
    sandbox_api, as_operator, connection, three_changes
):
    first = StagedChange.objects.order_by("pk").first()
    url = reverse("dns:plan_remove", args=[connection.pk, DOMAIN, first.pk])
    assert as_operator.post(url).status_code == 302
    assert StagedChange.objects.count() == 2
    assert (
        as_operator.post(reverse("dns:plan_discard", args=[connection.pk, DOMAIN])).status_code
        == 302
    )
    assert not StagedChange.objects.exists()
    assert AuditEvent.objects.get(action="dns.plan.discard").detail == {"changes": 2}
    assert posts(sandbox_api) == 0


def test_a_plan_being_applied_is_locked(sandbox_api, as_operator, connection, three_changes):
    apply(as_operator, connection)
    # A worker is sending it (a pending apply locks nothing: see tests/operations/).
    Operation.objects.filter(kind="dns.plan_apply").update(state=Operation.State.SENDING)
    change = StagedChange.objects.order_by("pk").first()
    assert change.is_locked
    as_operator.post(reverse("dns:plan_remove", args=[connection.pk, DOMAIN, change.pk]))
    assert StagedChange.objects.filter(pk=change.pk).exists()
    apply(as_operator, connection)
    assert Operation.objects.filter(kind="dns.plan_apply").count() == 1
    assert "being applied" in plan_page(as_operator, connection)


def test_the_status_fragment_reloads_the_page_when_the_run_it_follows_ends(
    sandbox_api, as_operator, connection, three_changes
):
    apply(as_operator, connection)
    url = reverse("dns:plan_status", args=[connection.pk, DOMAIN]) + "?following=1"
    running = as_operator.get(url, headers={"HX-Request": "true"})
    assert b'hx-trigger="every 2s"' in running.content
    assert "HX-Refresh" not in running
    run(Operation.objects.get(kind="dns.plan_apply"))
    done = as_operator.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert b"hx-trigger" not in done.content


def test_the_domain_page_marks_staged_records_and_shows_the_history(
    sandbox_api, as_operator, connection, three_changes, login, viewer
):
    page = login(viewer).get(reverse("dns:domain", args=[connection.pk, DOMAIN])).content.decode()
    assert 'data-testid="plan-banner"' in page
    assert page.count('data-testid="staged-marker"') == 2
    assert page.count('data-action="dns.plan.stage"') == 3
    record = reverse("dns:record", args=[connection.pk, DOMAIN, three_changes["api"]])
    page = login(viewer).get(record).content.decode()
    assert page.count('data-action="dns.plan.stage"') == 1
