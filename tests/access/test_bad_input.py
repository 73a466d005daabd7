"""Malformed input on every URL of the matrix: NUL bytes, ids that are not numbers, and a stored
API key that cannot be sent. Each gets a 4xx or a page that says what is wrong, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.connections import _store_key
from tests.access.test_matrix import ROWS, _path, world  # noqa: F401 (the matrix's fixture)

# Every query parameter some page reads, each with a value of the wrong kind.
MALFORMED_QUERY = {
    name: "abc"
    for name in (
        "page",
        "team",
        "state",
        "connection",
        "port",
        "period",
        "sort",
        "type",
        "status",
        "plan",
        "range",
        "start",
        "end",
        "following",
        "next",
        "q",
        "actor",
        "action",
        "outcome",
        "date_from",
        "date_to",
        "project",
    )
}


def _get_rows():
    return sorted(name for name, row in ROWS.items() if getattr(row.get, "status", 0) != 405)


def test_a_nul_byte_anywhere_is_a_bad_request_on_every_url(world, client):  # noqa: F811
    client.force_login(world.personas["owner"])
    failures = []
    for name, row in sorted(ROWS.items()):
        if name == "health":  # answered before any middleware reads the request
            continue
        path = _path(row, world)
        got = client.get(path, {"q": "x\x00y"}).status_code
        if got != 400:
            failures.append(f"GET {name}: {got}")
        got = client.post(path, {**row.data(world), "name": "a\x00"}).status_code
        if got != 400:
            failures.append(f"POST {name}: {got}")
    assert not failures, failures


def test_a_nul_byte_in_the_path_is_a_bad_request(login, admin, connection):
    client = login(admin)
    path = reverse("accounts:audit_object", args=["connection", "1"]).replace("1/", "1%00/")
    assert client.get(path).status_code == 400
    assert client.get("/billing/hooks/tickets/abc%00def/").status_code == 400


def test_sign_in_with_a_nul_byte_is_a_bad_request(client, viewer):
    response = client.post(
        reverse("accounts:login"), {"username": viewer.username + "\x00", "password": "x\x00"}
    )
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_query_parameters_of_the_wrong_kind_never_give_a_500(world, client):  # noqa: F811
    client.force_login(world.personas["owner"])
    failures = []
    for name in _get_rows():
        got = client.get(_path(ROWS[name], world), MALFORMED_QUERY).status_code
        if got >= 500:
            failures.append(f"GET {name}: {got}")
    assert not failures, failures


def test_switching_to_a_team_that_is_not_a_number_is_not_found(login, viewer):
    client = login(viewer)
    for value in ("abc", "1.5", "-1", "9" * 40, "١"):
        response = client.post(reverse("accounts:team_switch"), {"team": value})
        assert response.status_code == 404, value


@pytest.mark.parametrize("dialect", ["v2", "legacy"], indirect=True)
def test_a_stored_key_that_cannot_be_sent_is_a_bad_key_on_every_page(world, client):  # noqa: F811
    # Stored before the form refused it: a zero-width space pasted after the key.
    _store_key(world.connection, world.sandbox.FULL_KEY + "\u200b")
    world.connection.save()
    client.force_login(world.personas["owner"])
    failures, told = [], 0
    for name in _get_rows():
        response = client.get(_path(ROWS[name], world))
        says_why = (
            not response.streaming and "cannot be sent to Fornex" in response.content.decode()
        )
        told += says_why
        # A page with nothing to show may answer 503 ("cannot read it now"), saying why.
        if response.status_code == 500 or (response.status_code > 500 and not says_why):
            failures.append(f"GET {name}: {response.status_code}")
    response = client.post(reverse("accounts:connection_test", args=[world.connection.pk]))
    assert response.status_code == 302
    assert not failures, failures
    assert told >= 5  # the pages that read from Fornex say why


def test_a_webhook_body_with_a_nul_byte_is_refused(client, connection, admin):
    from billing.models import TicketWebhook
    from billing.selectors import token_hash

    TicketWebhook.objects.create(
        team=connection.team, connection=connection, token_hash=token_hash("t" * 40)
    )
    response = client.post(
        reverse("billing:ticket_receive", args=["t" * 40]),
        data='{"text": "a\\u0000b"}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_a_session_cookie_with_a_nul_byte_is_no_session(client, db):
    from django.http import parse_cookie

    cookie = '"\\000abcdefghijklmnop"'
    assert "\x00" in parse_cookie(f"sessionid={cookie}")["sessionid"]  # what Django reads
    response = client.get(reverse("accounts:login"), HTTP_COOKIE=f"sessionid={cookie}")
    assert response.status_code == 200
