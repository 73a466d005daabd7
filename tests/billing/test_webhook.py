"""The ticket webhook at Fornex: admins see it, set it, point it at the panel, clear it."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from billing.models import TicketWebhook
from billing.selectors import token_hash

SLACK = "https://hooks.slack.com/services/T0/B0/panelTestHook"


@pytest.fixture
def admin_client(login, admin):
    return login(admin)


def account_page(client, connection):
    return client.get(reverse("billing:account", args=[connection.pk]))


def test_the_account_page_shows_the_fornex_account_name_and_email(login, viewer, connection):
    html = account_page(login(viewer), connection).content.decode()
    assert "Northwind Labs" in html and "ops@northwind.io" in html


def test_admins_see_the_webhook_url_and_its_last_error(admin_client, connection):
    html = account_page(admin_client, connection).content.decode()
    assert "northwindSandboxHook" in html
    assert 'data-testid="webhook-last-error"' in html


def test_viewers_and_operators_do_not_see_the_webhook_or_ask_fornex_for_it(
    login, viewer, operator, connection, sandbox_api
):
    for user in (viewer, operator):
        html = account_page(login(user), connection).content.decode()
        assert "northwindSandboxHook" not in html
    assert sandbox_api.count("GET", "/api/tickets/webhook_info/") == 0


def test_setting_and_clearing_the_webhook_round_trips_through_fornex(
    admin_client, connection, fornex
):
    response = admin_client.post(
        reverse("billing:webhook_set", args=[connection.pk]), {"url": SLACK}
    )
    assert response.status_code == 302
    assert fornex.webhook_info().url == SLACK
    assert SLACK in account_page(admin_client, connection).content.decode()

    confirm = admin_client.get(reverse("billing:webhook_clear", args=[connection.pk]))
    assert confirm.status_code == 200 and fornex.webhook_info().url == SLACK  # GET only asks

    admin_client.post(reverse("billing:webhook_clear", args=[connection.pk]))
    assert fornex.webhook_info().url is None
    assert 'data-testid="webhook-off"' in account_page(admin_client, connection).content.decode()

    actions = list(
        AuditEvent.objects.filter(action__startswith="webhook.").values_list("action", "outcome")
    )
    assert sorted(actions) == [("webhook.clear", "success"), ("webhook.set", "success")]


def test_a_url_that_is_not_http_is_refused_before_fornex_is_asked(
    admin_client, connection, sandbox_api
):
    response = admin_client.post(
        reverse("billing:webhook_set", args=[connection.pk]), {"url": "ftp://example.com/x"}
    )
    assert response.status_code == 400
    assert 'data-field-error="url"' in response.content.decode()
    assert sandbox_api.count("POST", "/api/tickets/webhook_set/") == 0


def test_using_the_panel_url_sets_a_secret_panel_address_at_fornex(
    admin_client, connection, fornex, caplog
):
    caplog.set_level(logging.DEBUG)

    admin_client.post(reverse("billing:webhook_use_panel", args=[connection.pk]))

    url = fornex.webhook_info().url
    assert url.startswith("http://testserver/billing/hooks/tickets/")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 40
    hook = TicketWebhook.objects.get(connection=connection)
    assert hook.token_hash == token_hash(token)  # only the hash is kept
    html = account_page(admin_client, connection).content.decode()
    assert token not in html and 'data-testid="webhook-is-panel"' in html
    assert token not in caplog.text
    assert token not in repr(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_a_new_panel_address_replaces_the_old_one(admin_client, connection, fornex):
    url = reverse("billing:webhook_use_panel", args=[connection.pk])
    admin_client.post(url)
    first = fornex.webhook_info().url
    admin_client.post(url)
    second = fornex.webhook_info().url

    assert first != second
    assert TicketWebhook.objects.filter(connection=connection).count() == 1
    old_token = first.rstrip("/").rsplit("/", 1)[-1]
    assert (
        admin_client.post(first, {"text": "hi"}, content_type="application/json").status_code == 404
    )
    assert not TicketWebhook.objects.filter(token_hash=token_hash(old_token)).exists()


def test_setting_another_url_retires_the_panel_address(admin_client, connection, panel_hook):
    admin_client.post(reverse("billing:webhook_set", args=[connection.pk]), {"url": SLACK})
    assert not TicketWebhook.objects.filter(connection=connection).exists()


def test_a_fornex_refusal_is_shown_and_changes_nothing(
    admin_client, connection, sandbox_api, fornex, panel_hook
):
    sandbox_api.fault(path="/api/tickets/webhook_set/", status=503)

    response = admin_client.post(
        reverse("billing:webhook_clear", args=[connection.pk]), follow=True
    )

    assert "Fornex is not answering right now" in response.content.decode()
    assert TicketWebhook.objects.filter(connection=connection).exists()
    sandbox_api.clear_faults()
    assert fornex.webhook_info().url.endswith("northwindSandboxHook")
    failure = AuditEvent.objects.get(action="webhook.clear")
    assert failure.outcome == "failure" and failure.detail["error"] == "UpstreamUnavailable"


def test_another_teams_connection_answers_404(login, outsider, connection):
    client = login(outsider)
    assert client.get(reverse("billing:account", args=[connection.pk])).status_code == 404
    assert (
        client.post(reverse("billing:webhook_use_panel", args=[connection.pk])).status_code == 404
    )
