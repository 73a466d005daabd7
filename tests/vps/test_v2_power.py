"""On the v2 API a power action answers its job's log entry: the operation follows that entry
through log_details (the legacy API gives no id, so there the status is followed)."""

from __future__ import annotations

import pytest

from operations.models import Operation
from operations.services import operation_poll, operation_send
from tests.vps.conftest import VPS
from vps import services

State = Operation.State


@pytest.mark.parametrize(("action", "expected"), [("restart", "on"), ("stop", "off")])
def test_a_v2_power_action_is_followed_through_its_job_log(
    team, v2_connection, operator, sandbox_api, action, expected
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=v2_connection, order_id=VPS, action=action
    )
    op, _sent = operation_send(op.pk)
    assert op.state == State.SENT and op.fornex_job_id.isdigit()
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/{action}/") == 1

    assert operation_poll(op.pk).state == State.SENT
    sandbox_api.advance(2)
    op = operation_poll(op.pk)
    assert op.state == State.DONE
    assert op.result["log"][0]["job_state"] == "done"
    assert sandbox_api.count("GET", f"/api/vps/{VPS}/log_details/{op.fornex_job_id}/") == 2
    # The job log was enough: the state is what the legacy API then reports too.
    from fornexpanel.fornex import make_client

    legacy = make_client("legacy", sandbox_api.FULL_KEY, sandbox_api.api_url)
    assert legacy.vps_status(VPS).status == expected


def test_a_legacy_power_action_has_no_job_id_and_follows_the_status(
    team, legacy_connection, operator, sandbox_api
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=legacy_connection, order_id=VPS, action="stop"
    )
    op, _sent = operation_send(op.pk)
    assert op.fornex_job_id == ""
    sandbox_api.advance(2)
    op = operation_poll(op.pk)
    assert op.state == State.DONE and op.result["last_status"] == "off"
    assert not any("log_details" in path for path in sandbox_api.requests())
