"""Opening a support ticket from the panel (v2 only): sent to Fornex, kept, audited, shown in the
ticket feed beside the notifications Fornex posted; refusals in words with nothing lost."""

from __future__ import annotations

from html import unescape

import pytest
import requests
from django.urls import reverse

from accounts.models import AuditEvent
from billing.models import SupportTicket, TicketEvent

VPS = "34-177054"
FEED = reverse("billing:tickets")


def _url(connection) -> str:
    return reverse("billing:ticket_create", args=[connection.pk])


def _fornex_tickets(sandbox) -> list[dict]:
    answer = requests.get(f"{sandbox.url}/_sandbox/tickets", timeout=10)
    return answer.json()[sandbox.FULL_KEY]


def _text(response) -> str:
    return unescape(response.content.decode())


FORM = {
    "subject": "web-1 lost its disk",
    "text": "Since 10:02 UTC web-1 answers with I/O errors.\nCan you check the host?",
    "order": VPS,
    "priority": "3",
}


def test_the_form_offers_the_orders_of_that_connection(client, v2_connection, operator):
    client.force_login(operator)
    body = _text(client.get(_url(v2_connection)))
    assert f'<option value="{VPS}">web-1 · {VPS} (vps)</option>' in body
    assert "No related order" in body
    assert "Urgent (within 1 hour)" in body


def test_a_ticket_is_opened_at_fornex_kept_and_audited(
    client, v2_connection, operator, sandbox_api
):
    client.force_login(operator)
    response = client.post(_url(v2_connection), FORM)
    assert response.status_code == 302
    assert response["Location"] == FEED

    (sent,) = _fornex_tickets(sandbox_api)
    assert sent["subject"] == FORM["subject"]
    assert sent["message"] == FORM["text"]
    assert sent["order"] == VPS
    assert sent["priority"] == 3
    ticket = SupportTicket.objects.get()
    assert ticket.fornex_id == sent["id"]
    assert ticket.url == sent["url"]
    assert ticket.team == v2_connection.team
    assert ticket.created_by == operator
    assert ticket.order_id == VPS
    event = AuditEvent.objects.get(action="ticket.create")
    assert event.outcome == "success"
    assert event.target_id == f"{v2_connection.pk}:{sent['id']}"
    assert event.target_label == FORM["subject"]
    assert event.detail == {"order": VPS, "priority": 3}
    assert "I/O errors" not in str(event.detail)  # the text stays out of the history


def test_the_feed_shows_opened_tickets_beside_fornexs_notifications_newest_first(
    client, team, v2_connection, operator, viewer
):
    TicketEvent.objects.create(
        team=team, connection=v2_connection, connection_label="Main account", text="Reply #1"
    )
    client.force_login(operator)
    client.post(_url(v2_connection), FORM)
    client.force_login(viewer)
    body = _text(client.get(FEED))
    assert "Reply #1" in body
    assert FORM["subject"] in body
    assert "Opened from the panel by oscar" in body
    # Newest first: the ticket was opened after the notification arrived.
    assert body.index(FORM["subject"]) < body.index("Reply #1")
    assert SupportTicket.objects.get().url in body  # a link to follow it at Fornex
    # The live list (htmx) renders the same items.
    fragment = client.get(FEED, headers={"HX-Request": "true", "HX-Target": "ticket-list"})
    assert FORM["subject"] in _text(fragment)


def test_the_feed_pages_through_both_kinds_together(client, team, v2_connection, viewer):
    for number in range(30):
        TicketEvent.objects.create(team=team, connection=v2_connection, text=f"event {number}")
        SupportTicket.objects.create(
            team=team, connection=v2_connection, fornex_id=f"t{number}", subject=f"opened {number}"
        )
    client.force_login(viewer)
    first = _text(client.get(FEED))
    second = _text(client.get(FEED + "?page=2"))
    assert (
        first.count('data-testid="ticket-event"') + first.count('data-testid="ticket-opened"') == 50
    )
    assert "Page 1 of 2" in first
    assert (
        second.count('data-testid="ticket-event"') + second.count('data-testid="ticket-opened"')
        == 10
    )


def test_only_a_web_address_from_fornex_becomes_a_link(client, team, v2_connection, viewer):
    SupportTicket.objects.create(
        team=team, connection=v2_connection, fornex_id="x", subject="odd", url=""
    )
    client.force_login(viewer)
    assert "Follow it at Fornex" not in _text(client.get(FEED))


def test_a_ticket_needs_a_subject_and_a_text_and_an_order_of_that_account(
    client, v2_connection, operator, sandbox_api
):
    client.force_login(operator)
    response = client.post(_url(v2_connection), {**FORM, "subject": "", "text": ""})
    body = response.content.decode()
    assert 'data-field-error="subject"' in body
    assert 'data-field-error="text"' in body
    response = client.post(_url(v2_connection), {**FORM, "order": "34-999999"})
    assert 'data-field-error="order"' in response.content.decode()
    assert _fornex_tickets(sandbox_api) == []
    assert not SupportTicket.objects.exists()


def test_fornex_refusing_keeps_what_was_written_and_says_why(
    client, v2_connection, operator, sandbox_api
):
    sandbox_api.fault(path=r"^/api/tickets/ticket/", status=401)
    client.force_login(operator)
    response = client.post(_url(v2_connection), FORM)
    assert response.status_code == 200
    body = _text(response)
    assert "Fornex rejected the connection's API key." in body
    assert "Since 10:02 UTC web-1 answers with I/O errors." in body  # nothing lost
    assert not SupportTicket.objects.exists()
    assert AuditEvent.objects.get(action="ticket.create").outcome == "failure"


def test_no_clear_answer_warns_that_the_ticket_may_exist_already(
    client, v2_connection, operator, sandbox_api
):
    sandbox_api.fault(path=r"^/api/tickets/ticket/", status=502)
    client.force_login(operator)
    body = _text(client.post(_url(v2_connection), FORM))
    assert "the ticket may or may not have been opened" in body
    assert FORM["subject"] in body


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_viewer_cannot_open_a_ticket(client, v2_connection, viewer, sandbox_api, method):
    client.force_login(viewer)
    assert getattr(client, method)(_url(v2_connection), FORM).status_code == 403
    assert _fornex_tickets(sandbox_api) == []


def test_the_feed_offers_to_open_a_ticket_to_operators(client, v2_connection, operator, viewer):
    client.force_login(operator)
    assert _url(v2_connection) in client.get(FEED).content.decode()
    client.force_login(viewer)
    assert _url(v2_connection) not in client.get(FEED).content.decode()


def test_on_a_legacy_connection_the_page_explains_and_sends_nothing(
    client, legacy_connection, operator, sandbox_api
):
    client.force_login(operator)
    body = _text(client.get(_url(legacy_connection)))
    assert "Opening a support ticket needs Fornex's v2 API." in body
    response = client.post(_url(legacy_connection), FORM)
    assert response.status_code == 302
    assert _fornex_tickets(sandbox_api) == []
    assert not SupportTicket.objects.exists()
    feed = _text(client.get(FEED))
    assert "needs the v2 API" in feed
    assert f'data-testid="open-ticket-{legacy_connection.pk}"' not in feed


def test_a_bot_filter_in_front_of_fornex_is_named_as_such(
    client, team, operator, settings, sandbox_api
):
    import responses

    from tests.vps.conftest import make_connection

    # An HTML 403 comes from a filter in front of the API, not from Fornex: nothing was opened.
    settings.FORNEX_API_URL = "https://fornex.invalid/api"
    connection = make_connection(team, sandbox_api.FULL_KEY, "v2")
    client.force_login(operator)
    with responses.RequestsMock() as mock:
        mock.get(
            "https://fornex.invalid/api/orders/",
            json={"count": 0, "next": None, "previous": None, "results": []},
        )
        mock.post(
            "https://fornex.invalid/api/tickets/ticket/",
            status=403,
            body="<html><body>Checking your browser…</body></html>",
            content_type="text/html",
        )
        body = _text(client.post(_url(connection), {**FORM, "order": ""}))
    assert "A bot filter in front of Fornex blocked the panel's request" in body
    assert "may or may not have been opened" not in body
    assert FORM["text"] in body
    assert not SupportTicket.objects.exists()
