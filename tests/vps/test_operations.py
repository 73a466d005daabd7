"""VPS power operations: the state machine, one POST per operation, following the VPS to the
expected state, Fornex errors in words, retry, audit."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from operations import services as op_services
from operations import tasks
from operations.models import Operation
from operations.services import InvalidTransition, operation_poll, operation_send, transition
from tests.vps.conftest import VPS, VPS_OFF, vps_url
from vps import services
from vps.selectors import order_target_id

State = Operation.State
ALL_STATES = [state.value for state in State]
VALID = [(a, b) for a, targets in Operation.TRANSITIONS.items() for b in sorted(targets)]
INVALID = [
    (a, b)
    for a, b in itertools.product(ALL_STATES, ALL_STATES)
    if b not in Operation.TRANSITIONS[a]
]


def _op(
    team, connection, operator, state=State.PENDING, kind="vps.restart", order_id=VPS, **params
):
    return Operation.objects.create(
        team=team,
        connection=connection,
        actor=operator,
        actor_name=operator.username,
        kind=kind,
        target_type="order",
        target_id=order_target_id(connection, order_id),
        params={"order_id": order_id, **params},
        state=state,
    )


@pytest.mark.parametrize(("start", "end"), VALID)
def test_every_valid_transition_moves_the_row(start, end, team, connection, operator):
    op = _op(team, connection, operator, state=start)
    assert transition(op, end)
    op.refresh_from_db()
    assert op.state == end
    assert (op.finished_at is not None) == (end in Operation.FINAL_STATES)


@pytest.mark.parametrize(("start", "end"), INVALID)
def test_every_invalid_transition_is_refused(start, end, team, connection, operator):
    op = _op(team, connection, operator, state=start)
    with pytest.raises(InvalidTransition):
        transition(op, end)
    op.refresh_from_db()
    assert op.state == start


def test_a_transition_from_a_stale_state_does_nothing(team, connection, operator):
    op = _op(team, connection, operator)
    stale = Operation.objects.get(pk=op.pk)
    assert transition(op, State.SENDING)
    assert not transition(stale, State.SENDING)  # another worker claimed it first
    assert Operation.objects.get(pk=op.pk).state == State.SENDING


def test_a_task_delivered_twice_sends_one_post(team, connection, operator, sandbox_api):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )
    tasks.operation_run(op.pk)
    tasks.operation_run(op.pk)
    assert sandbox_api.count("POST", f"/api/vps/restart/{VPS}/") == 1
    assert Operation.objects.get(pk=op.pk).state == State.SENT


def test_a_task_arriving_while_another_is_sending_sends_nothing(
    team, connection, operator, sandbox_api
):
    op = _op(team, connection, operator, state=State.SENDING)
    tasks.operation_run(op.pk)
    assert sandbox_api.count("POST", f"/api/vps/restart/{VPS}/") == 0


@pytest.mark.parametrize(
    ("action", "order_id", "expected"),
    [
        ("restart", VPS, "on"),
        ("stop", VPS, "off"),
        ("start", VPS_OFF, "on"),
        ("hard_reset", VPS, "on"),
    ],
)
def test_a_power_action_ends_done_with_the_vps_in_the_expected_state(
    action, order_id, expected, team, connection, operator, sandbox_api
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=order_id, action=action
    )
    op, _sent = operation_send(op.pk)
    assert op.state == State.SENT
    op = operation_poll(op.pk)
    assert op.state == State.SENT  # the job is still running at the sandbox
    sandbox_api.advance(2)
    op = operation_poll(op.pk)
    assert op.state == State.DONE
    assert op.result["last_status"] == expected
    from accounts.connections import client_for

    assert client_for(connection).vps_status(order_id).status == expected


def test_a_restart_is_not_done_before_it_was_seen_running(
    team, connection, operator, sandbox_api, settings
):
    """A fast restart can look finished before it began: without a transitional status seen, the
    operation waits for `settle_after` rather than claim done."""
    from vps.operations import POWER_ACTIONS

    op = _op(team, connection, operator, state=State.SENT)
    op.sent_at = op.created_at
    op.save()
    handler = POWER_ACTIONS["restart"]
    from accounts.connections import client_for

    progress = handler.poll(op, client_for(connection))  # status "on", nothing seen yet
    assert progress.state is None


def test_a_fornex_error_ends_failed_with_its_message(
    login, team, connection, operator, sandbox_api
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="start"
    )
    op, _sent = operation_send(op.pk)  # web-1 is already running: the sandbox answers 400
    assert op.state == State.FAILED
    assert op.message.startswith("Fornex refused: ")
    assert "already running" in op.message
    page = login(operator).get(vps_url("detail", connection)).content.decode()
    assert "Fornex refused: " in page and 'data-testid="retry"' in page


def test_a_failed_action_can_be_retried_by_the_member(
    login, team, connection, operator, sandbox_api
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="start"
    )
    operation_send(op.pk)
    response = login(operator).post(reverse("operations:retry", args=[op.pk]))
    assert response.status_code == 302
    retry = Operation.objects.get(retry_of=op)
    assert retry.kind == "vps.start" and retry.params == {"order_id": VPS}


def test_fornex_not_answering_a_post_ends_unknown(team, connection, operator, sandbox_api):
    sandbox_api.fault(path=f"/api/vps/restart/{VPS}/", status=502)
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )
    op, _sent = operation_send(op.pk)
    assert op.state == State.UNKNOWN
    assert sandbox_api.count("POST", f"/api/vps/restart/{VPS}/") == 1  # never repeated


def test_an_operation_past_its_time_limit_ends_unknown(team, connection, operator, sandbox_api):
    from datetime import timedelta

    from django.utils import timezone

    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="stop"
    )
    op, _sent = operation_send(op.pk)
    Operation.objects.filter(pk=op.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    assert operation_poll(op.pk).state == State.UNKNOWN


def test_every_action_and_its_outcome_is_audited_with_its_operation(
    team, connection, operator, sandbox_api
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="stop"
    )
    operation_send(op.pk)
    sandbox_api.advance(2)
    operation_poll(op.pk)
    events = AuditEvent.objects.filter(operation=op).order_by("pk")
    assert [(e.action, e.outcome) for e in events] == [
        ("vps.stop", AuditEvent.Outcome.PENDING),
        ("vps.stop", AuditEvent.Outcome.SUCCESS),
    ]
    assert events[0].target_id == f"{connection.pk}:{VPS}" and events[0].actor == operator


def test_the_confirmation_page_names_what_stop_does(login, operator, connection):
    body = login(operator).get(vps_url("power", connection, VPS, "stop")).content.decode()
    assert "every service on it stops answering" in body
    body = login(operator).get(vps_url("power", connection, VPS, "hard_reset")).content.decode()
    assert "unsaved data is lost" in body


def test_confirming_creates_the_operation_and_enqueues_it_on_commit(
    login, operator, connection, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = login(operator).post(vps_url("power", connection, VPS, "restart"))
    op = Operation.objects.get()
    assert op.kind == "vps.restart" and op.state == State.PENDING
    assert response.status_code == 302 and f"op={op.pk}" in response["Location"]
    assert len(callbacks) == 1


def test_a_get_never_starts_an_action(login, operator, connection):
    login(operator).get(vps_url("power", connection, VPS, "restart"))
    assert not Operation.objects.exists()


def test_an_unknown_action_answers_404(login, operator, connection):
    assert login(operator).post(vps_url("power", connection, VPS, "explode")).status_code == 404


def test_a_viewer_cannot_start_an_action(login, viewer, connection):
    assert login(viewer).post(vps_url("power", connection, VPS, "restart")).status_code == 403
    assert not Operation.objects.exists()


def test_the_service_authorizes_again(team, connection, viewer):
    from accounts.access import AccessDenied

    with pytest.raises(AccessDenied):
        services.vps_power_action(
            actor=viewer, team=team, connection=connection, order_id=VPS, action="restart"
        )


def test_the_poll_interval_setting_paces_follow_ups(
    settings, monkeypatch, team, connection, operator, django_capture_on_commit_callbacks
):
    settings.OPERATIONS_POLL_SECONDS = 0.5
    op = _op(team, connection, operator, state=State.SENT)
    calls = []
    monkeypatch.setattr(
        tasks.operation_follow, "apply_async", lambda args, countdown: calls.append(countdown)
    )
    with django_capture_on_commit_callbacks(execute=True):
        op_services.enqueue_follow(op)
    assert calls == [0.5]
