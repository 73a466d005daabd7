"""One structured line per request and per task, with the request id; never a secret."""

from __future__ import annotations

import json
import logging
import queue

import pytest
from celery import shared_task

from accounts.models import Invitation
from fornexpanel.core.context import Origin, current_request_id, origin
from fornexpanel.core.logs import JsonFormatter, PlainFormatter

PASSWORD = "Hunter2-Never-In-Logs"
ran: queue.Queue = queue.Queue()


@shared_task(name="tests.production.remember_request_id")
def remember_request_id(secret_argument: str) -> str:
    ran.put(current_request_id())
    return secret_argument


@shared_task(name="tests.production.fail")
def fail(secret_argument: str) -> None:
    raise RuntimeError("the task broke on purpose")


def _lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def _events(caplog, event: str) -> list[dict]:
    return [line for line in _lines(caplog) if line.get("event") == event]


@pytest.fixture
def caplog(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def test_a_request_logs_one_json_line_with_who_and_which_team(login, owner, team, caplog):
    client = login(owner)
    response = client.get("/accounts/profile/?apikey=QUERY-SECRET&tab=1")
    assert response.status_code == 200
    [line] = _events(caplog, "request")
    assert line["method"] == "GET"
    assert line["path"] == "/accounts/profile/"
    assert line["status"] == 200
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == owner.pk
    assert line["team_id"] == team.pk
    assert isinstance(line["duration_ms"], float)
    assert "QUERY-SECRET" not in json.dumps(_lines(caplog))


def test_form_data_never_reaches_the_log(client, owner, caplog):
    client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    client.post("/accounts/login/?next=/", {"username": owner.username, "password": PASSWORD})
    text = json.dumps(_lines(caplog))
    assert len(_events(caplog, "request")) == 2
    assert PASSWORD not in text


def test_an_invitation_link_is_logged_without_its_token(client, db, caplog):
    token = "inv1tation-t0ken-that-grants-membership"
    client.get(f"/invitations/{token}/")
    [line] = _events(caplog, "request")
    assert line["path"] == "/invitations/[redacted]/"
    assert token not in json.dumps(_lines(caplog))
    assert not Invitation.objects.exists()


def test_a_request_id_from_the_proxy_is_kept_and_a_malformed_one_replaced(client, db):
    kept = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")
    assert kept["X-Request-ID"] == "lb-0123456789abcdef"
    replaced = client.get("/accounts/login/", HTTP_X_REQUEST_ID='"><script>x</script>')
    assert replaced["X-Request-ID"].isalnum() and len(replaced["X-Request-ID"]) == 32


def test_each_task_logs_one_line_with_its_state_and_the_request_id_that_enqueued_it(
    celery_worker, caplog
):
    # One worker for both cases: starting and stopping one takes seconds.
    with origin(Origin(request_id="req-task-0001")):
        remember_request_id.delay("TASK-ARGUMENT-SECRET")
    assert ran.get(timeout=15) == "req-task-0001"  # the task ran inside the request's origin
    with origin(Origin(request_id="req-task-0002")):
        fail.delay("FAILED-TASK-SECRET")
    lines = {line["task"]: line for line in _wait_for_events(caplog, "task", count=2)}
    succeeded = lines["tests.production.remember_request_id"]
    failed = lines["tests.production.fail"]

    assert succeeded["state"] == "SUCCESS"
    assert succeeded["level"] == "INFO"
    assert succeeded["request_id"] == "req-task-0001"
    assert succeeded["task_id"] and succeeded["duration_ms"] >= 0

    assert failed["state"] == "FAILURE"
    assert failed["level"] == "WARNING"
    assert failed["request_id"] == "req-task-0002"

    # Neither the arguments nor the return value, in any line (Celery's own included).
    text = json.dumps(_lines(caplog))
    assert "TASK-ARGUMENT-SECRET" not in text and "FAILED-TASK-SECRET" not in text


def _wait_for_events(caplog, event: str, count: int = 1, seconds: float = 15) -> list[dict]:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _events(caplog, event)
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {event} line logged within {seconds} s")


def test_the_formatters_redact_api_keys_and_leave_other_extras_out():
    record = logging.LogRecord(
        "urllib3.connectionpool",
        logging.DEBUG,
        __file__,
        1,
        "GET /api/balance?apikey=%s",
        ("abc123",),
        None,
    )
    record.data = {"args": "('celery-argument',)"}  # what Celery attaches to its records
    record.fields = {"event": "demo", "status": 200}
    with origin(Origin(request_id="req-format-0001")):
        line = json.loads(JsonFormatter().format(record))
        plain = PlainFormatter().format(record)
    assert line["message"] == "GET /api/balance?apikey=***"
    assert line["request_id"] == "req-format-0001"
    assert line["status"] == 200
    assert "celery-argument" not in json.dumps(line)
    assert "abc123" not in plain and "[req-format-0" in plain and "status=200" in plain
