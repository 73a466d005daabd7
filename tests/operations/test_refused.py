"""An answer that proves nothing was applied ends an operation failed, not unknown: a 429 says so
with Fornex's Retry-After. An unclear answer is settled by reading the server's status where it
can tell."""

from __future__ import annotations

from fornexpanel.fornex import RateLimited
from operations import tasks
from operations.models import Operation
from tests.vps.conftest import VPS
from vps import services

State = Operation.State
RESTART = f"/api/vps/restart/{VPS}/"


def restart(team, connection, operator):
    return services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )


def test_a_429_from_the_sandbox_ends_failed(team, connection, operator, sandbox_api):
    sandbox_api.fault(path=rf"/vps/restart/{VPS}/", method="POST", status=429, times=1)
    op = restart(team, connection, operator)
    tasks.operation_run(op.pk)
    op.refresh_from_db()
    assert op.state == State.FAILED, op.message
    assert "429" in op.message and "did not apply" in op.message
    assert op.is_retryable


def test_a_429_with_retry_after_says_how_long_to_wait(
    team, connection, operator, sandbox_api, monkeypatch
):
    from fornexpanel.fornex import LegacyClient

    def limited(self, order_id):
        raise RateLimited("Fornex answered HTTP 429 after 1 attempt.", status=429, retry_after=30)

    monkeypatch.setattr(LegacyClient, "vps_restart", limited)
    op = restart(team, connection, operator)
    tasks.operation_run(op.pk)
    op.refresh_from_db()
    assert op.state == State.FAILED
    assert "wait 30 seconds" in op.message


def _answer_lost(monkeypatch, method: str) -> None:
    """Fornex applies the request, but its answer never arrives."""
    from fornexpanel.fornex import LegacyClient, UpstreamUnavailable

    real = getattr(LegacyClient, method)

    def applied_then_lost(self, order_id):
        real(self, order_id)
        raise UpstreamUnavailable("Read timed out.", maybe_applied=True)

    monkeypatch.setattr(LegacyClient, method, applied_then_lost)


def test_an_unclear_answer_is_settled_by_the_servers_status(
    team, connection, operator, sandbox_api, monkeypatch
):
    _answer_lost(monkeypatch, "vps_stop")
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="stop"
    )
    tasks.operation_run(op.pk)
    op.refresh_from_db()
    assert op.state == State.SENT, op.message  # "stopping": it went through, and is followed
    assert "went through" in op.message
    sandbox_api.advance(5)
    tasks.operation_follow(op.pk)
    op.refresh_from_db()
    assert op.state == State.DONE
    assert sandbox_api.count("POST", f"/api/vps/stop/{VPS}/") == 1


def test_an_unclear_answer_the_status_cannot_explain_stays_unknown(
    team, connection, operator, sandbox_api
):
    # A 502 on the POST: never applied at the sandbox, but the panel cannot know that.
    sandbox_api.fault(path=rf"/vps/stop/{VPS}/", method="POST", status=502, times=1)
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="stop"
    )
    tasks.operation_run(op.pk)
    op.refresh_from_db()
    assert op.state == State.UNKNOWN and "may or may not" in op.message
