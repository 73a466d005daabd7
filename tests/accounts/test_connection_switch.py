"""Legacy to v2 in one step: the "switch the connection to the v2 API" link asks to confirm, and
the one POST tests the key with v2 and switches only if Fornex accepts it; the connection test
offers the switch when the key works with v2."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent


@pytest.fixture
def admin_client(login, admin):
    return login(admin)


def _url(connection) -> str:
    return reverse("accounts:connection_switch_v2", args=[connection.pk])


@pytest.mark.parametrize("dialect", ["legacy"], indirect=True)
def test_the_link_asks_to_confirm_and_changes_nothing(admin_client, connection, dialect):
    response = admin_client.get(_url(connection))
    assert response.status_code == 200
    assert 'data-testid="switch-confirm"' in response.content.decode()
    connection.refresh_from_db()
    assert connection.dialect == "legacy"


@pytest.mark.parametrize("dialect", ["legacy"], indirect=True)
def test_one_confirmed_post_tests_and_switches(admin_client, connection, dialect, sandbox_api):
    response = admin_client.post(_url(connection), follow=True)
    connection.refresh_from_db()
    assert connection.dialect == "v2"
    assert connection.account_name == "Northwind Labs" and connection.last_checked_at
    assert "Switched to Fornex&#x27;s v2 API and tested" in response.content.decode()
    event = AuditEvent.objects.get(action="connection.switch")
    assert (event.outcome, event.detail["from"], event.detail["to"]) == ("success", "legacy", "v2")
    assert AuditEvent.objects.get(action="connection.update").detail["dialect"] == {
        "before": "legacy",
        "after": "v2",
    }


@pytest.mark.parametrize("dialect", ["legacy"], indirect=True)
def test_a_key_v2_refuses_leaves_the_connection_as_it_was(
    admin_client, connection, dialect, monkeypatch
):
    from accounts import connections as services
    from fornexpanel.fornex import InvalidApiKey

    def refused(conn, chosen):
        raise InvalidApiKey(operation="account_info", status=401)

    monkeypatch.setattr(services, "_account_info", refused)
    response = admin_client.post(_url(connection), follow=True)
    connection.refresh_from_db()
    assert connection.dialect == "legacy"
    assert "Not switched" in response.content.decode()
    assert AuditEvent.objects.get(action="connection.switch").outcome == "failure"


@pytest.mark.parametrize("dialect", ["legacy"], indirect=True)
def test_the_needs_v2_page_links_to_the_switch(login, admin, connection, dialect):
    page = login(admin).get(reverse("vps:order", args=[connection.pk]))
    assert _url(connection) in page.content.decode()


@pytest.mark.parametrize("dialect", ["legacy"], indirect=True)
def test_the_connection_test_offers_the_switch_when_v2_works(admin_client, connection, dialect):
    response = admin_client.post(
        reverse("accounts:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'data-testid="offer-v2"' in html and _url(connection) in html


@pytest.mark.parametrize("dialect", ["v2"], indirect=True)
def test_no_offer_on_a_connection_already_on_v2(admin_client, connection, dialect):
    response = admin_client.post(
        reverse("accounts:connection_test", args=[connection.pk]), HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="offer-v2"' not in response.content.decode()
    assert admin_client.post(_url(connection)).status_code == 302


@pytest.mark.parametrize("dialect", ["legacy"], indirect=True)
def test_operators_may_not_switch(login, operator, connection, dialect):
    assert login(operator).post(_url(connection)).status_code == 403
    connection.refresh_from_db()
    assert connection.dialect == "legacy"
