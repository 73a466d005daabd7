"""The panel's ticket webhook receiver: the token, the size and the JSON are checked, nothing is
stored on a refusal, and each team's address is rate limited."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from billing.models import TicketEvent
from billing.views import tickets


def post(client, token: str, body, content_type: str = "application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(
        reverse("billing:ticket_receive", args=[token]), data, content_type=content_type
    )


def test_a_ticket_comment_is_stored_for_the_team_and_its_connection(client, panel_hook, team):
    hook, token = panel_hook

    response = post(client, token, {"text": "New comment added to the ticket #4411"})

    assert response.status_code == 200 and response.json() == {"ok": True}
    event = TicketEvent.objects.get()
    assert event.team == team and event.connection == hook.connection
    assert event.text == "New comment added to the ticket #4411"
    hook.refresh_from_db()
    assert hook.last_received_at is not None


def test_a_wrong_token_is_404_and_stores_nothing(client, panel_hook):
    _hook, token = panel_hook
    response = post(client, token[:-1] + "X", {"text": "hello"})
    assert response.status_code == 404
    assert not TicketEvent.objects.exists()


def test_get_is_refused(client, panel_hook):
    _hook, token = panel_hook
    assert client.get(reverse("billing:ticket_receive", args=[token])).status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b"\xff\xfe\x00",
        json.dumps(["text", "a list"]),
        json.dumps({"message": "no text key"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
    ],
    ids=["not-json", "not-utf8", "a-list", "no-text", "text-not-a-string", "blank-text"],
)
def test_a_body_that_is_not_text_json_is_400_and_stores_nothing(client, panel_hook, body):
    _hook, token = panel_hook
    response = post(client, token, body)
    assert response.status_code == 400
    assert not TicketEvent.objects.exists()


def test_a_body_over_64_kib_is_400_and_stores_nothing(client, panel_hook):
    _hook, token = panel_hook
    padding = "x" * (64 * 1024)
    response = post(client, token, {"text": padding})
    assert response.status_code == 400
    assert not TicketEvent.objects.exists()


def test_a_body_of_exactly_64_kib_is_accepted(client, panel_hook):
    _hook, token = panel_hook
    envelope = len(json.dumps({"text": ""}))
    body = json.dumps({"text": "y" * (64 * 1024 - envelope)})
    assert len(body) == 64 * 1024
    assert post(client, token, body).status_code == 200


def test_receiving_is_rate_limited_per_team(client, panel_hook, monkeypatch, other_team):
    from billing.models import TicketWebhook
    from billing.selectors import token_hash

    monkeypatch.setattr(tickets, "RATE_LIMIT", 3)
    _hook, token = panel_hook
    codes = [post(client, token, {"text": f"comment {n}"}).status_code for n in range(5)]

    assert codes == [200, 200, 200, 429, 429]
    assert TicketEvent.objects.count() == 3

    # Another team has its own allowance.
    other_token = "other-" + "z" * 40
    TicketWebhook.objects.create(
        team=other_team,
        connection=other_team.connections.create(label="Theirs", key_ciphertext="x", key_hint="x"),
        token_hash=token_hash(other_token),
    )
    assert post(client, other_token, {"text": "theirs"}).status_code == 200


def test_the_token_never_reaches_the_logs(client, panel_hook, caplog):
    caplog.set_level(logging.DEBUG)
    _hook, token = panel_hook

    post(client, token, b"broken")
    client.get(reverse("billing:ticket_receive", args=[token]))
    # Django's own 4xx lines carry the path: they are masked too, whatever their level.
    path = reverse("billing:ticket_receive", args=[token])
    logging.getLogger("django.request").error("Bad Request: %s", path)

    assert "/billing/hooks/tickets/" in caplog.text
    assert token not in caplog.text


def test_the_feed_lists_ticket_events_newest_first_escaped(login, viewer, team, connection):
    TicketEvent.objects.create(team=team, connection=connection, text="first")
    TicketEvent.objects.create(team=team, connection=connection, text="<b>second</b>")

    html = login(viewer).get(reverse("billing:tickets")).content.decode()

    assert html.index("&lt;b&gt;second&lt;/b&gt;") < html.index("first")
    assert "<b>second</b>" not in html


def test_the_feed_does_not_show_another_teams_events(login, outsider, team, connection):
    TicketEvent.objects.create(team=team, connection=connection, text="ours only")
    html = login(outsider).get(reverse("billing:tickets")).content.decode()
    assert "ours only" not in html
