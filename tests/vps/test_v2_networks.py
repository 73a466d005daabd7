"""Private networks (v2 only): the list, creating and deleting the account's network (admins and
above, confirmed, audited, Fornex's refusal shown with its reason), and switching a VPS's private
networking on its page (operators and above, audited); legacy connections say they need v2."""

from __future__ import annotations

from html import unescape

from django.urls import reverse

from accounts.models import AuditEvent
from tests.vps.conftest import VPS, vps_url

NETWORK = 4101  # the first network the sandbox creates after a reset


def _text(response) -> str:
    return unescape(response.content.decode())


def _post(client, url, data=None) -> str:
    response = client.post(url, data or {}, follow=True)
    assert response.redirect_chain[0][1] == 302
    return _text(response)


def test_the_list_offers_creation_to_admins_only(client, v2_connection, admin, operator):
    url = reverse("vps:private_networks")
    client.force_login(operator)
    body = _text(client.get(url))
    assert 'data-testid="no-network"' in body and "network-create" not in body
    assert "Germany" in body  # where private networks are offered
    client.force_login(admin)
    assert 'data-testid="network-create"' in _text(client.get(url))


def test_create_switch_on_refused_delete_switch_off_delete(client, v2_connection, admin):
    client.force_login(admin)
    create = reverse("vps:private_network_create", args=[v2_connection.pk])
    assert "Germany" in _text(client.get(create))
    body = _post(client, create)
    assert f"Private network {NETWORK} created" in body
    assert f'data-network="{NETWORK}"' in body  # the list was read again

    switch = vps_url("private_network", v2_connection)
    body = _post(client, switch, {"enabled": "on"})
    assert "Private networking is on for web-1." in body
    assert "Last switched on through the panel" in body

    delete = reverse("vps:private_network_delete", args=[v2_connection.pk, NETWORK])
    assert "Fornex refuses while a server is still attached" in _text(client.get(delete))
    body = _post(client, delete)
    assert "The private network was not deleted." in body
    assert f"still has servers attached ({VPS})" in body  # Fornex's reason, shown

    body = _post(client, switch, {"enabled": "off"})
    assert "Last switched off through the panel" in body
    body = _post(client, delete)
    assert f"Private network {NETWORK} deleted." in body
    assert 'data-testid="no-network"' in body

    events = list(
        AuditEvent.objects.filter(team=v2_connection.team)
        .order_by("pk")
        .values_list("action", "outcome")
    )
    assert events == [
        ("private_network.create", "success"),
        ("vps.private_network", "success"),
        ("private_network.delete", "failure"),
        ("vps.private_network", "success"),
        ("private_network.delete", "success"),
    ]


def test_switching_on_without_a_network_shows_fornexs_words(client, v2_connection, operator):
    client.force_login(operator)
    body = _post(client, vps_url("private_network", v2_connection), {"enabled": "on"})
    assert "create one first" in body
    event = AuditEvent.objects.get(action="vps.private_network")
    assert event.outcome == "failure" and event.detail["enabled"] is True


def test_a_bad_choice_sends_nothing(client, v2_connection, operator, sandbox_api):
    client.force_login(operator)
    body = _post(client, vps_url("private_network", v2_connection), {"enabled": "maybe"})
    assert "Choose to switch private networking on or off." in body
    assert sandbox_api.count("PATCH", f"/vps/{VPS}/") == 0


def test_viewers_see_the_card_without_the_switch(client, v2_connection, viewer):
    client.force_login(viewer)
    body = _text(client.get(vps_url("detail", v2_connection)))
    assert 'data-testid="private-network-card"' in body
    assert "private-network-on" not in body


def test_an_unknown_network_is_404(client, v2_connection, admin):
    client.force_login(admin)
    url = reverse("vps:private_network_delete", args=[v2_connection.pk, 999])
    assert client.get(url).status_code == 404


def test_legacy_connections_say_they_need_v2(client, legacy_connection, admin, sandbox_api):
    client.force_login(admin)
    body = _text(client.get(reverse("vps:private_networks")))
    assert 'data-testid="needs-v2"' in body and "Private networks needs Fornex's v2 API." in body
    create = reverse("vps:private_network_create", args=[legacy_connection.pk])
    assert 'data-testid="needs-v2"' in _text(client.get(create))
    card = _text(client.get(vps_url("detail", legacy_connection)))
    assert "Private networking needs Fornex's v2 API." in card
    body = _post(client, vps_url("private_network", legacy_connection), {"enabled": "on"})
    assert "nothing was sent" in body
    assert sandbox_api.count("PATCH", f"/vps/{VPS}/") == 0
