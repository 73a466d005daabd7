"""An answer that proves nothing was applied ends an operation failed, not unknown: a 429 says so
with Fornex's Retry-After."""

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
