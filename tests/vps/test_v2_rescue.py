"""Rescue mode (v2 only): confirmed, sent once as an operation, followed through the job log to
its end; Fornex's refusals in words; roles; on a legacy connection an explanation, never a 500."""

from __future__ import annotations

from html import unescape

import pytest

from accounts.models import AuditEvent
from fornexpanel.fornex import LogEntry, PowerJob, Unsupported, VpsStatus
from fornexpanel.gateway import describe_error
from operations.models import Operation
from operations.services import operation_poll, operation_send
from tests.vps.conftest import VPS, vps_url
from vps import services
from vps.operations import RESCUE_ACTIONS

State = Operation.State


def _start(team, connection, operator, action="start"):
    return services.vps_rescue(
        actor=operator,
        team=team,
        connection=connection,
        order_id=VPS,
        action=action,
        label="web-1",
    )


def test_rescue_mode_is_sent_once_and_followed_through_the_job_log_to_done(
    team, v2_connection, operator, sandbox_api
):
    op = _start(team, v2_connection, operator)
    op, _sent = operation_send(op.pk)
    assert op.state == State.SENT
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/rescue_mode/") == 1
    assert op.fornex_job_id.isdigit()  # the log id v2 answered with

    op = operation_poll(op.pk)
    assert op.state == State.SENT  # the job has not finished yet
    sandbox_api.advance(2)
    op = operation_poll(op.pk)

    assert op.state == State.DONE
    assert op.message == "The server runs the rescue system."
    assert op.result["log"][0]["action"] == "Start rescue mode"
    assert sandbox_api.count("GET", f"/api/vps/{VPS}/log_details/{op.fornex_job_id}/") == 2
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/rescue_mode/") == 1
    outcomes = list(
        AuditEvent.objects.filter(action="vps.rescue_start", operation=op).values_list(
            "outcome", flat=True
        )
    )
    assert sorted(outcomes) == ["pending", "success"]


def test_rescue_mode_can_be_stopped_once_it_runs(team, v2_connection, operator, sandbox_api):
    started = _start(team, v2_connection, operator)
    operation_send(started.pk)
    sandbox_api.advance(2)
    assert operation_poll(started.pk).state == State.DONE

    stopped = _start(team, v2_connection, operator, action="stop")
    stopped, _sent = operation_send(stopped.pk)
    sandbox_api.advance(2)
    stopped = operation_poll(stopped.pk)

    assert stopped.state == State.DONE
    assert stopped.message == "The server runs from its own disk again."
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/stop_rescue_mode/") == 1


def test_stopping_rescue_mode_that_is_not_running_fails_with_fornexs_words(
    team, v2_connection, operator, sandbox_api
):
    op = _start(team, v2_connection, operator, action="stop")
    op, _sent = operation_send(op.pk)

    assert op.state == State.FAILED
    assert op.message == f"Fornex refused: VPS {VPS} is not in rescue mode"


def test_without_a_log_id_rescue_mode_is_followed_through_the_status(team, v2_connection, operator):
    class Client:
        """A dialect that answers no job log id: the status tells when the server is back."""

        statuses = ["restarting", "restarting", "on"]

        def vps_rescue_start(self, order_id):
            return PowerJob(log_id=None)

        def vps_status(self, order_id):
            return VpsStatus(self.statuses.pop(0))

        def vps_log_details(self, order_id, log_id):  # pragma: no cover - must not be asked
            raise AssertionError("no log id to follow")

    handler = RESCUE_ACTIONS["start"]
    client = Client()
    op = _start(team, v2_connection, operator)
    sent = handler.send(op, client)
    assert sent.job_id == ""
    assert sent.result["seen_transition"] is True
    op.result = sent.result
    assert handler.poll(op, client).state is None  # still restarting
    progress = handler.poll(op, client)
    assert progress.state == State.DONE
    assert progress.message == "The server runs the rescue system."


def test_a_failed_job_in_the_log_fails_the_operation(team, v2_connection, operator):
    class Client:
        def vps_log_details(self, order_id, log_id):
            return LogEntry(
                pk=7,
                action="Start rescue mode",
                completed=True,
                job_state="error",
                job_action="rescue_mode",
                note="No rescue image in this location",
                time=None,
                time_raw=None,
                user=None,
            )

    op = _start(team, v2_connection, operator)
    op.fornex_job_id = "7"
    progress = RESCUE_ACTIONS["start"].poll(op, Client())
    assert progress.state == State.FAILED
    assert progress.message == "No rescue image in this location"


def test_the_confirmation_page_says_what_rescue_mode_does_and_post_starts_it(
    client, team, v2_connection, operator, sandbox_api, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    url = vps_url("rescue", v2_connection, VPS, "start")
    page = client.get(url)
    assert page.status_code == 200
    assert "rescue system" in page.content.decode()
    assert "Every service on it stops answering" in page.content.decode()
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/rescue_mode/") == 0  # GET sends nothing

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url)
    op = Operation.objects.get(kind="vps.rescue_start")
    assert response.status_code == 302
    # No #operations anchor: the page must not scroll past the confirmation message.
    assert response["Location"].endswith(f"?op={op.pk}")
    assert op.params == {"order_id": VPS}
    assert op.target_id == f"{v2_connection.pk}:{VPS}"
    assert len(queued) == 1  # the task is enqueued once the row is committed


def test_an_unknown_rescue_action_is_not_found(client, v2_connection, operator):
    client.force_login(operator)
    assert client.get(vps_url("rescue", v2_connection, VPS, "reboot")).status_code == 404


def test_a_viewer_cannot_start_rescue_mode(client, v2_connection, viewer, sandbox_api):
    client.force_login(viewer)
    assert client.post(vps_url("rescue", v2_connection, VPS, "start")).status_code == 403
    assert not Operation.objects.exists()
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/rescue_mode/") == 0


def test_the_server_page_offers_rescue_mode_and_reinstall_to_operators_only(
    client, v2_connection, operator, viewer
):
    client.force_login(operator)
    body = client.get(vps_url("detail", v2_connection)).content.decode()
    assert 'data-testid="action-rescue-start"' in body
    assert 'data-testid="action-reinstall"' in body
    client.force_login(viewer)
    body = client.get(vps_url("detail", v2_connection)).content.decode()
    assert "action-rescue" not in body
    assert "action-reinstall" not in body


def test_the_server_page_tells_when_rescue_mode_was_last_started(
    client, team, v2_connection, operator, sandbox_api
):
    op = _start(team, v2_connection, operator)
    operation_send(op.pk)
    sandbox_api.advance(2)
    operation_poll(op.pk)
    client.force_login(operator)
    body = client.get(vps_url("detail", v2_connection)).content.decode()
    assert "Rescue mode was last started through the panel" in body
    assert operator.username in body


# On a legacy connection --------------------------------------------------------------------


def test_on_a_legacy_connection_the_buttons_are_hidden_and_a_hint_explains(
    client, legacy_connection, operator
):
    client.force_login(operator)
    body = unescape(client.get(vps_url("detail", legacy_connection)).content.decode())
    assert "action-rescue" not in body
    assert "action-reinstall" not in body
    assert "Rescue mode and reinstall need the connection set to Fornex's v2 API." in body


@pytest.mark.parametrize("action", ["start", "stop"])
def test_on_a_legacy_connection_the_rescue_page_explains_and_sends_nothing(
    client, legacy_connection, operator, admin, sandbox_api, action
):
    client.force_login(operator)
    url = vps_url("rescue", legacy_connection, VPS, action)
    page = client.get(url)
    assert page.status_code == 200
    body = unescape(page.content.decode())
    assert "Rescue mode needs Fornex's v2 API." in body
    assert "An admin of the team can switch the connection to the v2 API." in body

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "nothing was sent" in response.content.decode()
    assert not Operation.objects.exists()
    assert not any("rescue" in call for call in sandbox_api.requests())

    client.force_login(admin)  # admins get the way to switch it
    assert 'data-testid="switch-to-v2"' in client.get(url).content.decode()


def test_an_operation_on_a_legacy_connection_fails_in_words_rather_than_crashing(
    team, legacy_connection, operator
):
    # A stale page or a connection switched back to legacy after the operation was queued.
    op = _start(team, legacy_connection, operator)
    op, _sent = operation_send(op.pk)
    assert op.state == State.FAILED
    assert op.message == describe_error(Unsupported())
    assert "v2 API" in op.message
