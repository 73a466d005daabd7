"""The header's menu is built from the role table: no member sees an entry that answers 403."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _menu(client) -> list[str]:
    response = client.get(reverse("dashboard"))
    return [item["url"] for item in response.context["panel"]["nav"]]


def test_a_viewer_sees_no_audit_entry(client, viewer, connection):
    client.force_login(viewer)
    menu = _menu(client)
    assert reverse("accounts:audit") not in menu
    assert reverse("vps:list") in menu and reverse("dns:list") in menu


def test_an_owner_sees_the_audit_entry(client, owner, connection):
    client.force_login(owner)
    assert reverse("accounts:audit") in _menu(client)


@pytest.mark.parametrize("persona", ["viewer", "operator", "admin", "owner"])
def test_no_menu_entry_answers_403(client, request, persona, connection):
    client.force_login(request.getfixturevalue(persona))
    for url in _menu(client):
        assert client.get(url).status_code != 403, url
