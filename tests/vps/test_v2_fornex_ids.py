"""Ids as the spec types them: an SSH key or a DNS record may have any integer id, a negative one
included. Pages listing such objects link to them instead of failing (NoReverseMatch, a 500)."""

from __future__ import annotations

from django.urls import reverse

from fornexpanel.fornex import SshKey
from fornexpanel.gateway import Fetched
from tests.vps.conftest import VPS

ODD_KEY = SshKey(id=-7, title="odd key", key="ssh-ed25519 AAAA odd", date="2024-01-01")


def _with_odd_key(monkeypatch) -> None:
    from vps import selectors

    odd = Fetched(data=(ODD_KEY,), fetched_at=None)
    monkeypatch.setattr(selectors, "ssh_keys", lambda *a, **k: odd)
    monkeypatch.setattr(selectors, "vps_ssh_keys", lambda *a, **k: odd)


def test_negative_ids_reverse_and_resolve():
    url = reverse("vps:ssh_key_delete", args=[1, -7])
    assert url.endswith("/ssh-keys/-7/delete/")
    assert reverse("dns:record", args=[1, "example.com", -3]).endswith("/records/-3/")


def test_the_ssh_keys_page_lists_a_key_with_a_negative_id(
    client, v2_connection, operator, monkeypatch
):
    _with_odd_key(monkeypatch)
    client.force_login(operator)
    response = client.get(reverse("vps:ssh_keys"))
    assert response.status_code == 200
    assert reverse("vps:ssh_key_delete", args=[v2_connection.pk, -7]) in response.content.decode()
    delete = client.get(reverse("vps:ssh_key_delete", args=[v2_connection.pk, -7]))
    assert delete.status_code == 200 and "odd key" in delete.content.decode()


def test_the_server_page_lists_an_attached_key_with_a_negative_id(
    client, v2_connection, operator, monkeypatch
):
    _with_odd_key(monkeypatch)
    client.force_login(operator)
    response = client.get(reverse("vps:detail", args=[v2_connection.pk, VPS]))
    assert response.status_code == 200
    detach = reverse("vps:key_detach", args=[v2_connection.pk, VPS, -7])
    assert detach in response.content.decode()


def test_an_unknown_negative_id_is_404_not_500(client, v2_connection, operator):
    client.force_login(operator)
    response = client.get(reverse("vps:ssh_key_delete", args=[v2_connection.pk, -99]))
    assert response.status_code == 404
