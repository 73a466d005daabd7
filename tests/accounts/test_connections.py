"""The connections pages: the key is write-only, shown as its last four characters, testable."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Connection

KEY = "sandbox-full"


@pytest.fixture
def admin_client(login, admin):
    return login(admin)


def test_it_saves_a_connection_and_shows_only_the_last_four_characters(admin_client, team, caplog):
    caplog.set_level(logging.DEBUG)
    response = admin_client.post(
        reverse("accounts:connection_create"),
        {"label": "Main", "dialect": "legacy", "api_key": KEY},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert KEY not in html
    assert "••••full" in html
    conn = Connection.objects.get(team=team)
    assert conn.label == "Main" and conn.key_hint == "full"
    assert KEY not in caplog.text
    event = AuditEvent.objects.get(action="connection.create")
    assert KEY not in repr(event.detail) and event.target_label == "Main"


def test_it_never_renders_the_key_back_into_the_form(admin_client):
    response = admin_client.post(
        reverse("accounts:connection_create"), {"label": "", "dialect": "legacy", "api_key": KEY}
    )
    assert response.status_code == 200
    assert KEY not in response.content.decode()


def test_an_empty_key_field_keeps_the_current_key(admin_client, connection):
    before = connection.key_ciphertext
    admin_client.post(
        reverse("accounts:connection_edit", args=[connection.pk]),
        {"label": "Renamed", "dialect": "legacy", "api_key": ""},
    )
    connection.refresh_from_db()
    assert connection.label == "Renamed"
    assert connection.key_ciphertext == before


def test_a_new_key_replaces_the_old_one(admin_client, connection):
    admin_client.post(
        reverse("accounts:connection_edit", args=[connection.pk]),
        {"label": "Main", "dialect": "legacy", "api_key": "replacement-key-9876"},
    )
    connection.refresh_from_db()
    assert connection.key_hint == "9876"
    change = AuditEvent.objects.get(action="connection.update")
    assert change.detail["key_hint"] == {"before": "full", "after": "9876"}


def test_testing_the_connection_shows_the_fornex_account(admin_client, connection, caplog):
    caplog.set_level(logging.DEBUG)
    response = admin_client.post(
        reverse("accounts:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Northwind Labs" in html and "ops@northwind.io" in html
    connection.refresh_from_db()
    assert connection.account_name == "Northwind Labs"
    assert connection.account_email == "ops@northwind.io"
    assert KEY not in caplog.text and KEY not in html


def test_testing_a_bad_key_says_fornex_rejected_it(admin_client, team, sandbox_api, owner):
    from accounts.connections import connection_create

    bad = connection_create(
        actor=owner, team=team, label="Bad", dialect="legacy", api_key="not-a-real-key-000"
    )
    response = admin_client.post(
        reverse("accounts:connection_test", args=[bad.pk]), HTTP_HX_REQUEST="true"
    )
    assert "rejected the connection" in response.content.decode()
    assert AuditEvent.objects.filter(action="connection.test", outcome="failure").exists()


def test_testing_when_fornex_is_down_says_so(admin_client, connection, sandbox_api):
    sandbox_api.fault(path="/api/account/info", status=503)
    response = admin_client.post(
        reverse("accounts:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true"
    )
    assert "not answering" in response.content.decode()


def test_another_teams_connection_is_not_found(login, outsider, connection):
    client = login(outsider)
    assert client.get(reverse("accounts:connection_edit", args=[connection.pk])).status_code == 404


def test_removing_needs_the_label_typed(admin_client, connection):
    url = reverse("accounts:connection_delete", args=[connection.pk])
    assert admin_client.post(url, {"confirm": "wrong"}).status_code == 200
    assert Connection.objects.filter(pk=connection.pk).exists()
    response = admin_client.post(url, {"confirm": connection.label})
    assert response.status_code == 302
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert AuditEvent.objects.filter(action="connection.delete").exists()


def test_a_viewer_sees_connections_without_manage_buttons(login, viewer, connection):
    html = login(viewer).get(reverse("accounts:connections")).content.decode()
    assert connection.label in html
    assert reverse("accounts:connection_edit", args=[connection.pk]) not in html
    assert reverse("accounts:connection_create") not in html


def test_new_connections_speak_v2_by_default(admin_client, team):
    form = admin_client.get(reverse("accounts:connection_create")).content.decode()
    assert 'value="v2" selected' in form
    admin_client.post(
        reverse("accounts:connection_create"), {"label": "New", "dialect": "v2", "api_key": KEY}
    )
    assert Connection.objects.get(label="New").dialect == "v2"


@pytest.mark.parametrize("dialect", ["v2", "legacy"], indirect=True)
def test_the_test_says_which_dialects_the_key_works_with(admin_client, connection, dialect):
    response = admin_client.post(
        reverse("accounts:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'data-testid="test-ok"' in html and "Northwind Labs" in html
    event = AuditEvent.objects.get(action="connection.test")
    assert event.detail["dialect"] == dialect
    assert sorted(event.detail["works_with"]) == ["legacy", "v2"]


@pytest.mark.parametrize("dialect", ["v2"], indirect=True)
def test_a_key_that_only_works_with_the_other_dialect_says_so(
    admin_client, connection, dialect, monkeypatch
):
    from accounts import connections as services
    from fornexpanel.fornex import InvalidApiKey

    real = services._account_info

    def only_legacy(conn, chosen):
        if chosen == "v2":
            raise InvalidApiKey(operation="account_info", status=401)
        return real(conn, chosen)

    monkeypatch.setattr(services, "_account_info", only_legacy)
    response = admin_client.post(
        reverse("accounts:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'data-testid="test-other-dialect"' in html
    assert "Legacy API" in html
    connection.refresh_from_db()
    assert connection.account_name == ""


@pytest.mark.parametrize(
    "pasted",
    [KEY + "\u200b", "\u200b" + KEY, KEY[:6] + "\u0430" + KEY[6:], KEY + "\u00e9", "ключ-fornex-1"],
)
def test_a_key_outside_printable_ascii_is_refused_with_a_clear_message(admin_client, team, pasted):
    response = admin_client.post(
        reverse("accounts:connection_create"),
        {"label": "Main", "dialect": "v2", "api_key": pasted},
    )
    assert response.status_code == 200
    assert "Latin letters, digits and punctuation" in response.content.decode()
    assert not Connection.objects.filter(team=team).exists()


def test_changing_the_key_refuses_one_outside_printable_ascii(admin_client, connection):
    before = connection.key_ciphertext
    response = admin_client.post(
        reverse("accounts:connection_edit", args=[connection.pk]),
        {"label": "Main", "dialect": connection.dialect, "api_key": "abc\u200bdefghij"},
    )
    assert "Latin letters, digits and punctuation" in response.content.decode()
    connection.refresh_from_db()
    assert connection.key_ciphertext == before
