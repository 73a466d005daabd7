"""Friendly error pages in the panel's layout, each with the request id users can quote; the
request id of an error is the same in the log line, the header and the page."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from fornexpanel.core.logs import JsonFormatter

pytestmark = pytest.mark.urls("tests.production.urls")


def _json_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_a_server_error_shows_one_request_id_in_the_log_the_header_and_the_page(db, caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/?apikey=should-not-be-logged")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert f'data-testid="request-id">{request_id}<' in page
    assert "Something went wrong on our side" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]

    lines = _json_lines(caplog)
    access = [line for line in lines if line.get("event") == "request"]
    assert len(access) == 1
    assert access[0]["status"] == 500
    assert access[0]["path"] == "/test-errors/boom/"
    assert access[0]["request_id"] == request_id
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["request_id"] == request_id
    assert "RuntimeError: the view broke on purpose" in error["exception"]
    assert "should-not-be-logged" not in json.dumps(lines)


def _refuse():
    raise OperationalError("the database server is gone")


def test_a_page_says_the_database_is_down_with_a_503(db, owner, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", _refuse)
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "The panel cannot reach its database" in page
    assert "Something went wrong" not in page
    assert "Signing in is not possible" not in page
    assert response["X-Request-ID"] in page
    assert "bootstrap.min.css" in page  # the panel's look, not a bare text page


def test_another_error_is_still_the_500_page(db):
    response = Client(raise_request_exception=False).get("/test-errors/boom/")
    assert response.status_code == 500
    assert "The panel cannot reach its database" not in response.content.decode()


def test_the_sign_in_page_says_signing_in_is_not_possible(db, monkeypatch):
    client = Client(raise_request_exception=False)
    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", _refuse)
        page = client.get("/accounts/login/")
        submitted = client.post("/accounts/login/", {"username": "dana", "password": "x"})
    for response in (page, submitted):
        assert response.status_code == 503
        text = response.content.decode()
        assert 'data-testid="database-down"' in text
        assert "Signing in is not possible right now." in text


def test_a_signed_in_member_sent_to_the_sign_in_page_is_told_too(db, owner, monkeypatch):
    # The session is read from the database before the page can say anything else.
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", _refuse)
        response = client.get("/accounts/login/")
    assert response.status_code == 503
    assert "Signing in is not possible right now." in response.content.decode()


def test_a_missing_page_is_the_friendly_404_in_the_panel_layout(login, owner):
    response = login(owner).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nothing here" in page
    assert 'href="/servers/"' in page  # the navigation of the panel
    assert f'data-testid="request-id">{response["X-Request-ID"]}<' in page


def test_a_forbidden_action_is_the_friendly_403_naming_the_role_it_needs(login, viewer):
    response = login(viewer).get("/test-errors/forbidden/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your role does not allow this" in page
    assert "This needs the Admin role or higher" in page
    assert response["X-Request-ID"] in page


def test_an_expired_form_is_a_friendly_403_that_changes_nothing(db, caplog):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert response["X-Request-ID"] in page
    assert any(line.get("event") == "csrf_failure" for line in _json_lines(caplog))


def test_a_bad_host_is_the_friendly_400(db):
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example.net")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The request could not be understood" in page
    assert response["X-Request-ID"] in page
