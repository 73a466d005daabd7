"""Root password reset: shown once to the member who asked, written nowhere in plain text, the
Fornex job followed through log_details until it completes."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AuditEvent
from operations.models import Operation
from operations.services import operation_poll
from tests.vps import leaks
from tests.vps.conftest import VPS, vps_url

State = Operation.State


def _reset(client, connection):
    response = client.post(vps_url("password_reset", connection))
    assert response.status_code == 200
    return response, response.context["password"], response.context["op"]


def test_the_new_password_is_shown_once_to_the_member_who_asked(login, operator, connection):
    response, password, op = _reset(login(operator), connection)
    assert password and len(password) >= 12
    assert f'data-testid="new-password">{password}<' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert op.kind == "vps.password_reset" and op.state == State.SENT
    # Nothing to come back to: the detail page and the operation's pages never show it.
    client = login(operator)
    for url in (vps_url("detail", connection), reverse("operations:detail", args=[op.pk])):
        assert password not in client.get(url).content.decode()


def test_the_confirmation_page_resets_nothing(login, operator, connection, sandbox_api):
    response = login(operator).get(vps_url("password_reset", connection))
    assert response.status_code == 200
    assert sandbox_api.count("GET", f"/api/vps/passwd_reset/{VPS}/") == 0


def test_the_job_is_followed_through_log_details_until_it_completes(
    login, operator, connection, sandbox_api
):
    client = login(operator)
    _response, _password, op = _reset(client, connection)
    assert op.fornex_job_id  # the resp_id
    sandbox_api.advance(2)
    op = operation_poll(op.pk)
    assert op.state == State.DONE
    assert sandbox_api.count("GET", f"/api/vps/log_details/{VPS}/") == 1
    entry = op.result["log"][0]
    assert entry["action"] == "Set root password" and entry["job_state"] == "done"
    assert set(entry) == {"action", "job_state", "note", "time"}
    fragment = client.get(reverse("operations:status", args=[op.pk])).content.decode()
    assert 'data-testid="job-log"' in fragment and "Resetting root password" in fragment


def test_a_running_job_shows_its_log_while_it_runs(login, operator, connection, sandbox_api):
    _response, _password, op = _reset(login(operator), connection)
    op = operation_poll(op.pk)
    assert op.state == State.SENT
    assert op.result["log"][0]["job_state"] == "ready"


def test_a_refused_reset_shows_no_password_and_the_reason(login, operator, connection, sandbox_api):
    client = login(operator)
    client.post(vps_url("power", connection, VPS, "restart"))  # queued only: no worker here
    from operations.services import operation_send

    operation_send(Operation.objects.get(kind="vps.restart").pk)  # a job now runs on web-1
    response, password, op = _reset(client, connection)
    assert password is None and op.state == State.FAILED
    assert "Fornex refused: " in response.content.decode()


def test_the_password_is_written_nowhere(
    login, operator, connection, sandbox_api, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    client = login(operator)
    before = leaks.broker_message_count()
    with django_capture_on_commit_callbacks(execute=True):  # the follow-up task is published
        response, password, op = _reset(client, connection)
    sandbox_api.advance(2)
    operation_poll(op.pk)
    client.get(reverse("operations:status", args=[op.pk]))
    assert Operation.objects.get(pk=op.pk).state == State.DONE

    assert leaks.tables_with(password) == []
    assert leaks.redis_keys_with(password) == []
    assert leaks.broker_files_with(password) == []
    assert leaks.broker_message_count() > before  # the follow-up went through the broker
    assert password not in caplog.text
    for record in caplog.records:
        assert password not in record.getMessage()
    assert not any(password in str(value) for value in response.cookies.values())
    assert cache.get(f"password:{op.pk}") is None
    events = AuditEvent.objects.filter(operation=op)
    assert events.count() == 2 and all(password not in str(e.detail) for e in events)


def test_a_viewer_cannot_reset_the_password(login, viewer, connection, sandbox_api):
    assert login(viewer).post(vps_url("password_reset", connection)).status_code == 403
    assert sandbox_api.count("GET", f"/api/vps/passwd_reset/{VPS}/") == 0


@pytest.mark.parametrize("order_id", ["34-1234", "301-12312"])
def test_only_a_vps_has_a_password_reset(login, operator, connection, order_id):
    assert login(operator).get(vps_url("password_reset", connection, order_id)).status_code == 404


def test_the_leak_search_finds_a_planted_secret(team, connection, operator, client):
    """The searches above prove something only if they would find the password where it was."""
    planted = "planted-Secret-4242"
    Operation.objects.create(team=team, kind="vps.restart", message=f"x {planted} y")
    assert "operations_operation" in leaks.tables_with(planted)
    cache.set("somewhere", {"value": planted})
    found = leaks.redis_keys_with(planted) or [
        t for t in leaks.tables_with(planted) if "cache" in t
    ]
    assert found
    session = client.session
    session["note"] = planted
    session.save()
    assert "sessions (decoded)" in leaks.tables_with(planted)


def test_a_failed_reset_is_started_again_from_its_page_never_by_a_worker(
    login, operator, connection, sandbox_api
):
    client = login(operator)
    sandbox_api.fault(path=f"/api/vps/passwd_reset/{VPS}/", status=400, times=1)
    response, password, op = _reset(client, connection)
    assert password is None and op.state == State.FAILED
    body = response.content.decode()
    assert 'data-testid="reset-again"' in body and 'data-testid="retry"' not in body
    assert not op.is_retryable
    client.post(reverse("operations:retry", args=[op.pk]))
    assert Operation.objects.filter(kind="vps.password_reset").count() == 1
