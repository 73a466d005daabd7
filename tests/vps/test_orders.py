"""The servers page and the order pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.connections import _store_key
from accounts.models import Connection
from fornexpanel.core.formats import FORNEX_TIME_ZONE
from tests.vps.conftest import DOMAIN_ORDER, DS, VPN, VPS, VPS_OFF, vps_url
from vps import selectors


@pytest.fixture
def second_connection(team, sandbox_api):
    """A second Fornex account of the same team (the sandbox's other account)."""
    conn = Connection(team=team, label="Studio account", dialect="legacy")
    _store_key(conn, sandbox_api.OTHER_KEY)
    conn.save()
    return conn


def _order_ids(response) -> list[str]:
    return [row.order.id for row in response.context["rows"]]


def test_it_lists_every_order_of_every_connection_of_the_team(
    login, viewer, connection, second_connection
):
    response = login(viewer).get(reverse("vps:list"))
    assert response.status_code == 200
    ids = _order_ids(response)
    assert VPS in ids and DS in ids and VPN in ids  # the full account
    assert "34-181500" in ids  # the other account, same team
    body = response.content.decode()
    assert "web-1.northwind.io" in body and "SSD Cloud 4GB" in body
    assert "Studio account" in body  # rows say which connection when there are several


def test_it_never_lists_another_teams_orders(login, viewer, connection, other_connection):
    ids = _order_ids(login(viewer).get(reverse("vps:list")))
    assert "34-181500" not in ids  # BlueHarbor's VPS belongs to the other team's connection


def test_it_filters_by_type_and_status(login, viewer, connection):
    client = login(viewer)
    assert set(_order_ids(client.get(reverse("vps:list"), {"type": "ds"}))) == {DS, "34-1290"}
    assert _order_ids(client.get(reverse("vps:list"), {"status": "suspended"})) == ["217-4410"]


def test_it_searches_by_name_hostname_and_ip(login, viewer, connection, sandbox_api):
    client = login(viewer)
    assert _order_ids(client.get(reverse("vps:list"), {"q": "DB-PRIMARY"})) == ["34-177061"]
    assert _order_ids(client.get(reverse("vps:list"), {"q": "ci.northwind"})) == ["34-178310"]
    ip = next(o for o in selectors.orders(connection).data if o.id == VPS).ip_addresses[0]
    assert _order_ids(client.get(reverse("vps:list"), {"q": ip})) == [VPS]


def test_it_sorts_by_the_chosen_column_both_ways(login, viewer, connection):
    client = login(viewer)
    by_cost = client.get(reverse("vps:list"), {"sort": "cost"}).context["rows"]
    costs = [row.order.cost_month for row in by_cost]
    assert costs == sorted(costs)
    names = [
        r.order.name.lower()
        for r in client.get(reverse("vps:list"), {"sort": "-name"}).context["rows"]
    ]
    assert names == sorted(names, reverse=True)


def test_it_highlights_orders_expiring_within_fourteen_days(login, viewer, connection):
    response = login(viewer).get(reverse("vps:list"), {"sort": "expiry"})
    rows = {row.order.id: row for row in response.context["rows"]}
    assert rows["34-177061"].expiring_soon  # 9 days left in the seed
    assert not rows[VPS].expiring_soon  # 23 days left
    assert rows["217-4410"].expired
    assert 'data-order="34-177061" class="expiring"' in response.content.decode()


def test_it_answers_an_htmx_filter_with_the_table_only(login, viewer, connection):
    response = login(viewer).get(
        reverse("vps:list"), {"q": "web-1"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="orders-table"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="orders-table">')
    assert "<html" not in body and "web-1" in body


def test_it_reads_orders_through_the_cache(login, viewer, connection, sandbox_api):
    client = login(viewer)
    client.get(reverse("vps:list"))
    client.get(reverse("vps:list"), {"type": "vps"})
    assert sandbox_api.count("GET", "/api/orders/list") == 1


def test_it_explains_a_fornex_failure_instead_of_crashing(login, viewer, connection, sandbox_api):
    sandbox_api.fault(path="/api/orders/list", status=503)
    response = login(viewer).get(reverse("vps:list"))
    assert response.status_code == 200
    assert "Fornex is not answering right now" in response.content.decode()


def test_the_vps_page_shows_its_state_keys_graphs_and_jobs(login, viewer, connection):
    response = login(viewer).get(vps_url("detail", connection))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-status="on"' in body
    assert "alice@laptop" in body  # an attached key
    for field in ("cpu", "memory", "traffic", "disk", "inodes", "io"):
        assert f'data-testid="chart-{field}"' in body
    assert 'data-testid="jobs"' in body


def test_a_viewer_sees_the_vps_but_no_action_buttons(login, viewer, connection):
    body = login(viewer).get(vps_url("detail", connection)).content.decode()
    assert 'data-testid="power-actions"' not in body
    assert 'data-testid="attach-form"' not in body


def test_an_operator_sees_the_action_buttons_the_state_allows(login, operator, connection):
    body = login(operator).get(vps_url("detail", connection, VPS_OFF)).content.decode()
    for action in ("start", "password"):
        assert f'data-testid="action-{action}"' in body
    body = login(operator).get(vps_url("detail", connection, VPS)).content.decode()
    for action in ("stop", "restart", "hard_reset", "password"):
        assert f'data-testid="action-{action}"' in body


def test_the_dedicated_server_page_shows_traffic_and_the_usage_bar(login, viewer, connection):
    client = login(viewer)
    response = client.get(vps_url("detail", connection, DS))
    body = response.content.decode()
    assert 'data-testid="traffic-used"' in body and "<progress" in body
    assert response.context["used"].data.used_rate > 0
    assert len(response.context["traffic_chart"]["x"]) == 30  # a month by day
    yearly = client.get(vps_url("detail", connection, DS), {"period": "year", "port": "1"})
    assert len(yearly.context["traffic_chart"]["x"]) == 365
    assert yearly.context["port"] == 1


def test_the_vpn_page_offers_both_configs_to_an_operator(login, operator, connection):
    body = login(operator).get(vps_url("detail", connection, VPN)).content.decode()
    assert 'data-testid="vpn-udp"' in body and 'data-testid="vpn-tcp"' in body


def test_other_orders_show_what_the_api_gives(login, viewer, connection):
    response = login(viewer).get(vps_url("detail", connection, DOMAIN_ORDER))
    assert response.status_code == 200
    assert "northwind.io" in response.content.decode()


def test_an_order_unknown_to_the_connection_answers_404(login, viewer, connection):
    assert login(viewer).get(vps_url("detail", connection, "34-999999")).status_code == 404


def test_another_teams_connection_answers_404(login, viewer, connection, other_connection):
    response = login(viewer).get(vps_url("detail", other_connection, "34-181500"))
    assert response.status_code == 404


def test_an_order_page_says_so_when_fornex_cannot_be_asked(login, viewer, connection, sandbox_api):
    sandbox_api.fault(path="/api/orders/list", status=500)
    response = login(viewer).get(vps_url("detail", connection))
    assert response.status_code == 503
    assert 'data-testid="unavailable"' in response.content.decode()


def test_expiry_is_read_in_fornex_time():
    from fornexpanel.fornex import Order

    soon = (timezone.now() + timedelta(days=3)).astimezone(FORNEX_TIME_ZONE).replace(tzinfo=None)
    order = Order("1", "vps", "active", "a", "a", None, None, 0, 0, soon, ())
    row = selectors.TeamOrder(None, order)
    assert row.days_left in (2, 3) and row.expiring_soon and not row.expired
