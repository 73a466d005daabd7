"""The reconciler: every open operation reaches a final state within two runs, whatever message
was lost or whichever worker died, and nothing is ever sent to Fornex twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import AuditEvent
from operations import reconcile, tasks
from operations import services as op_services
from operations.models import Operation
from operations.reconcile import operations_reconcile
from operations.services import operation_send
from tests.vps.conftest import VPS, vps_url
from vps import services
from vps.operations import POWER_ACTIONS

State = Operation.State
RESTART = f"/api/vps/restart/{VPS}/"
STOP = f"/api/vps/stop/{VPS}/"


def later(seconds: float) -> None:
    """Time passes for every operation (their timestamps move back by `seconds`)."""
    delta = timedelta(seconds=seconds)
    for op in Operation.objects.all():
        fields = {}
        for name in ("created_at", "claimed_at", "sent_at", "deadline", "lease_until"):
            if getattr(op, name) is not None:
                fields[name] = getattr(op, name) - delta
        Operation.objects.filter(pk=op.pk).update(**fields)


def reconcile_runs(times: int = 2, every: float = 61) -> None:
    """The beat's runs, a minute apart."""
    for _run in range(times):
        later(every)
        operations_reconcile()


@pytest.fixture
def run_tasks_inline(monkeypatch):
    """The broker delivers at once, in this process: what a worker would do."""
    monkeypatch.setattr(tasks.operation_run, "delay", lambda pk: tasks.operation_run(pk))
    monkeypatch.setattr(
        tasks.operation_follow, "apply_async", lambda args, countdown=None: None
    )  # follow-ups are lost: the reconciler has to follow


def restart(team, connection, operator):
    return services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )


def test_a_worker_dying_right_after_the_call_ends_unknown_within_two_runs(
    team, connection, operator, sandbox_api, monkeypatch
):
    op = restart(team, connection, operator)
    real = op_services.transition

    def die_on_sent(o, to, **fields):
        if to == State.SENT:
            raise SystemExit("worker killed")
        return real(o, to, **fields)

    monkeypatch.setattr(op_services, "transition", die_on_sent)
    with pytest.raises(SystemExit):
        operation_send(op.pk)
    monkeypatch.setattr(op_services, "transition", real)
    tasks.operation_run(op.pk)  # the immediate redelivery: the lease still runs, nothing sent

    assert Operation.objects.get(pk=op.pk).state == State.SENDING
    sandbox_api.advance(5)  # the restart is over: "on", as before it, tells nothing
    reconcile_runs(2, every=op_services.sending_lease(op.kind).total_seconds() / 2 + 1)

    op.refresh_from_db()
    assert op.state == State.UNKNOWN
    assert "worker stopped" in op.message
    assert sandbox_api.count("POST", RESTART) == 1
    assert AuditEvent.objects.filter(operation=op, outcome=AuditEvent.Outcome.FAILURE).exists()


def test_a_redelivered_task_after_the_lease_ends_it_without_sending(
    team, connection, operator, sandbox_api
):
    op = restart(team, connection, operator)
    now = timezone.now()
    Operation.objects.filter(pk=op.pk).update(
        state=State.SENDING, claimed_at=now, lease_until=now - timedelta(seconds=1)
    )
    tasks.operation_run(op.pk)
    assert Operation.objects.get(pk=op.pk).state == State.UNKNOWN
    assert sandbox_api.count("POST", RESTART) == 0


def test_an_unexpected_error_inside_a_handler_ends_unknown_at_once(
    team, connection, operator, sandbox_api, monkeypatch
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="stop"
    )
    handler = POWER_ACTIONS["stop"]
    real = handler.request

    def post_then_break(o, client):
        real(o, client)
        raise KeyError("a bug after the call")

    monkeypatch.setattr(handler, "request", post_then_break)
    tasks.operation_run(op.pk)  # no exception reaches Celery: the row is ended

    op.refresh_from_db()
    assert op.state == State.UNKNOWN
    assert "KeyError" in op.message and "a bug" not in op.message
    assert sandbox_api.count("POST", STOP) == 1
    operations_reconcile()
    assert sandbox_api.count("POST", STOP) == 1


def test_an_unexpected_error_while_following_ends_unknown(
    team, connection, operator, sandbox_api, monkeypatch, run_tasks_inline
):
    op = restart(team, connection, operator)
    tasks.operation_run(op.pk)
    monkeypatch.setattr(POWER_ACTIONS["restart"], "poll", lambda *a: 1 / 0)
    tasks.operation_follow(op.pk)
    op.refresh_from_db()
    assert op.state == State.UNKNOWN and "ZeroDivisionError" in op.message


def test_the_broker_down_at_commit_gives_no_500_and_the_reconciler_sends_it_once(
    login, team, connection, operator, sandbox_api, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.operation_run, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(operator).post(vps_url("power", connection, VPS, "restart"))
    assert response.status_code == 302
    op = Operation.objects.get()
    assert op.state == State.PENDING

    monkeypatch.setattr(tasks.operation_run, "delay", lambda pk: tasks.operation_run(pk))
    monkeypatch.setattr(tasks.operation_follow, "apply_async", lambda args, countdown=None: None)
    reconcile_runs(1, every=op_services.requeue_after().total_seconds() + 1)
    sandbox_api.advance(5)
    reconcile_runs(1, every=op_services.follow_lease(op.kind).total_seconds() + 1)

    op.refresh_from_db()
    assert op.state == State.DONE, op.message
    assert sandbox_api.count("POST", RESTART) == 1


def test_a_lost_follow_up_is_followed_by_the_reconciler(
    team, connection, operator, sandbox_api, run_tasks_inline
):
    op = restart(team, connection, operator)
    tasks.operation_run(op.pk)
    assert Operation.objects.get(pk=op.pk).state == State.SENT
    sandbox_api.advance(5)

    operations_reconcile()  # the follow-up is not late yet: nothing to do
    assert Operation.objects.get(pk=op.pk).state == State.SENT
    reconcile_runs(2, every=op_services.follow_lease(op.kind).total_seconds() / 2 + 1)

    op.refresh_from_db()
    assert op.state == State.DONE
    assert sandbox_api.count("POST", RESTART) == 1


def test_a_pending_operation_whose_task_never_ran_is_sent_once(
    team, connection, operator, sandbox_api, run_tasks_inline
):
    op = restart(team, connection, operator)  # its message was lost (never run here)
    reconcile_runs(1, every=op_services.requeue_after().total_seconds() + 1)
    assert Operation.objects.get(pk=op.pk).state == State.SENT
    reconcile_runs(1)  # not due again yet: no second send
    assert sandbox_api.count("POST", RESTART) == 1


def test_a_queued_action_expires_failed_and_is_never_sent_late(
    team, connection, operator, sandbox_api, settings
):
    settings.OPERATIONS_QUEUE_EXPIRY_MINUTES = 10
    op = restart(team, connection, operator)
    later(10 * 60 + 1)
    tasks.operation_run(op.pk)  # a worker comes back: the task checks the expiry first

    op.refresh_from_db()
    assert op.state == State.FAILED
    assert "10 minutes" in op.message and "Nothing was sent" in op.message
    assert sandbox_api.count("POST", RESTART) == 0


def test_the_reconciler_expires_queued_actions_with_that_reason(
    team, connection, operator, sandbox_api, settings
):
    settings.OPERATIONS_QUEUE_EXPIRY_MINUTES = 3
    op = restart(team, connection, operator)
    later(3 * 60 + 1)
    operations_reconcile()
    op.refresh_from_db()
    assert op.state == State.FAILED and "3 minutes" in op.message
    assert sandbox_api.count("POST", RESTART) == 0


def test_one_reconciler_runs_at_a_time(team, connection, operator, sandbox_api, run_tasks_inline):
    restart(team, connection, operator)
    later(op_services.requeue_after().total_seconds() + 1)
    cache.add(reconcile.LOCK_KEY, "another run", timeout=60)
    assert operations_reconcile().skipped
    assert Operation.objects.get().state == State.PENDING
    cache.delete(reconcile.LOCK_KEY)
    assert not operations_reconcile().skipped
    assert Operation.objects.get().state == State.SENT


def test_the_beat_runs_the_reconciler_every_minute():
    from fornexpanel.celery import app

    entry = app.conf.beat_schedule["operations-reconcile"]
    assert entry["task"] == "operations.reconcile" and entry["schedule"] == 60
    assert "operations.reconcile" in app.tasks


# Ending an operation by hand ---------------------------------------------------------------


def test_an_admin_marks_a_stuck_operation_unknown_from_its_page(
    login, team, connection, operator, admin, sandbox_api
):
    op = restart(team, connection, operator)
    Operation.objects.filter(pk=op.pk).update(state=State.SENT)
    page = login(admin).get(reverse("operations:detail", args=[op.pk])).content.decode()
    assert 'data-testid="end-operation"' in page

    response = login(admin).post(reverse("operations:end", args=[op.pk]))
    assert response.status_code == 302
    op.refresh_from_db()
    assert op.state == State.UNKNOWN and admin.username in op.message
    event = AuditEvent.objects.get(action="operation.end")
    assert event.actor == admin and event.operation == op


def test_ending_a_pending_operation_fails_it_and_its_task_sends_nothing(
    login, team, connection, operator, owner, sandbox_api
):
    op = restart(team, connection, operator)
    login(owner).post(reverse("operations:end", args=[op.pk]))
    op.refresh_from_db()
    assert op.state == State.FAILED and "nothing went to Fornex" in op.message
    tasks.operation_run(op.pk)
    assert sandbox_api.count("POST", RESTART) == 0


def test_an_operator_cannot_end_an_operation(login, team, connection, operator, sandbox_api):
    op = restart(team, connection, operator)
    page = login(operator).get(reverse("operations:detail", args=[op.pk])).content.decode()
    assert 'data-testid="end-operation"' not in page
    assert login(operator).post(reverse("operations:end", args=[op.pk])).status_code == 403
    assert Operation.objects.get(pk=op.pk).state == State.PENDING
