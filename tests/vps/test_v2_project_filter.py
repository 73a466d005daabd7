"""The project filter of the servers list and the dashboard (Fornex's v2 projects)."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from fornexpanel.fornex import make_client
from tests.vps.conftest import DS, VPS, VPS_2

PROJECT = 871


@pytest.fixture
def website(sandbox_api):
    """A project holding web-1 and the dedicated server, made at Fornex directly."""
    with make_client("v2", sandbox_api.FULL_KEY, sandbox_api.api_url) as fornex:
        fornex.project_create("Website")
        fornex.project_add_orders(PROJECT, [VPS, DS])


def _text(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_servers_list_shows_one_project(client, v2_connection, viewer, website):
    client.force_login(viewer)
    everything = _text(client.get(reverse("vps:list")))
    assert 'data-testid="project-filter"' in everything and "Website · Main account" in everything
    assert VPS_2 in everything
    chosen = _text(client.get(reverse("vps:list"), {"project": f"{v2_connection.pk}:{PROJECT}"}))
    assert "2 orders" in chosen and VPS in chosen and DS in chosen and VPS_2 not in chosen
    # Sorting keeps the filter.
    assert f"project={v2_connection.pk}%3A{PROJECT}" in chosen


def test_an_unknown_project_lists_nothing_and_a_malformed_one_is_400(client, v2_connection, viewer, website):  # fmt: skip
    client.force_login(viewer)
    body = _text(client.get(reverse("vps:list"), {"project": f"{v2_connection.pk}:999"}))
    assert "No order matches these filters." in body
    for bad in ("abc", "1:x", ":", "1:" + "9" * 30):
        assert client.get(reverse("vps:list"), {"project": bad}).status_code == 400
        assert client.get(reverse("dashboard"), {"project": bad}).status_code == 400


def test_the_dashboard_shows_the_projects_orders_and_spend(client, v2_connection, viewer, website):  # fmt: skip
    client.force_login(viewer)
    assert 'data-testid="dashboard-project-filter"' in _text(client.get(reverse("dashboard")))
    body = _text(client.get(reverse("dashboard"), {"project": f"{v2_connection.pk}:{PROJECT}"}))
    assert "Project “Website” · Main account" in body
    row = 'data-testid="dashboard-project-order" data-order="{}"'.format
    assert row(VPS) in body and row(DS) in body and row(VPS_2) not in body
    assert (
        client.get(reverse("dashboard"), {"project": f"{v2_connection.pk}:999"}).status_code == 404
    )


def test_legacy_connections_offer_no_project_filter(client, legacy_connection, viewer):
    client.force_login(viewer)
    assert "project-filter" not in _text(client.get(reverse("vps:list")))
    assert "dashboard-project-filter" not in _text(client.get(reverse("dashboard")))


def test_the_filter_follows_a_renamed_project_and_the_chosen_one(client, v2_connection, viewer, website, sandbox_api):  # fmt: skip
    """The filter form is kept rendered ({% fragment %}): a renamed project and another choice
    show at once."""
    from fornexpanel import gateway

    client.force_login(viewer)
    assert "Website · Main account" in _text(client.get(reverse("vps:list")))
    with make_client("v2", sandbox_api.FULL_KEY, sandbox_api.api_url) as fornex:
        fornex.project_update(PROJECT, name="Shop")
    gateway.invalidate(v2_connection, "projects")
    body = _text(client.get(reverse("vps:list")))
    assert "Shop · Main account" in body and "Website · Main account" not in body
    chosen = _text(client.get(reverse("vps:list"), {"project": f"{v2_connection.pk}:{PROJECT}"}))
    assert f'<option value="{v2_connection.pk}:{PROJECT}" selected>Shop' in chosen
