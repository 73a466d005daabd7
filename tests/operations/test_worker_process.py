"""Real worker processes: killed with SIGKILL right after calling Fornex, or missing."""

from __future__ import annotations

import os
import signal

from operations.models import Operation
from operations.reconcile import operations_reconcile
from operations.services import sending_lease
from tests.operations.conftest import wait_for
from tests.operations.test_reconcile import later
from tests.vps.conftest import VPS
from vps import services

State = Operation.State
STOP = f"/api/vps/stop/{VPS}/"


def test_a_worker_killed_right_after_calling_fornex_is_settled_within_two_runs(
    worker_process, team, connection, operator, sandbox_api
):
    # The worker's one look at the status after the POST hangs: the worker is killed there.
    sandbox_api.fault(path=rf"/vps/status/{VPS}/", method="GET", latency=60, times=1)
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="stop"
    )
    wait_for(lambda: sandbox_api.count("POST", STOP) == 1, what="the worker's POST")
    os.kill(worker_process.process.pid, signal.SIGKILL)
    worker_process.process.wait(timeout=10)
    assert Operation.objects.get(pk=op.pk).state == State.SENDING

    sandbox_api.advance(5)
    for _run in range(2):
        later(sending_lease(op.kind).total_seconds() + 1)
        operations_reconcile()
        if Operation.objects.get(pk=op.pk).is_final:
            break

    op.refresh_from_db()
    # Read from the server: it is off, so the stop went through.
    assert op.state == State.DONE, (op.state, op.message)
    assert sandbox_api.count("POST", STOP) == 1


def test_the_panel_knows_whether_a_worker_process_is_alive(worker_process, settings):
    from fornexpanel.core.health import worker_running

    settings.WORKER_HEARTBEAT_SECONDS = 1  # the worker beats every second (its environment)
    wait_for(lambda: worker_running() is True, what="the worker's heartbeat")
    os.kill(worker_process.process.pid, signal.SIGKILL)
    worker_process.process.wait(timeout=10)
    wait_for(lambda: worker_running() is False, timeout=30, what="the heartbeat to go stale")
