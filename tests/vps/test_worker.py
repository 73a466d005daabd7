"""A real Celery worker process (PostgreSQL + Redis, as in production) drives a restart to done."""

from __future__ import annotations

import time

from operations.models import Operation
from tests.vps.conftest import VPS
from vps import services


def test_a_real_worker_restarts_a_vps_to_done(
    celery_worker_process, team, connection, operator, sandbox_api
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )  # committed at once (transactional test): the task is in Redis already
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        op.refresh_from_db()
        if op.is_final:
            break
        time.sleep(0.25)
    assert op.state == Operation.State.DONE, (op.state, op.message)
    assert sandbox_api.count("POST", f"/api/vps/restart/{VPS}/") == 1
    assert op.result["last_status"] == "on"
