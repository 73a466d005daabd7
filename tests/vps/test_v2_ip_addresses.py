"""The account's IP addresses (v2 only): through the gateway, for every member, filtered on
request; on a legacy connection an explanation, and Fornex's failures in words."""

from __future__ import annotations

from html import unescape

from django.urls import reverse

from fornexpanel.fornex import make_client
from tests.vps.conftest import VPS

URL = reverse("vps:ip_addresses")


def _body(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_every_address_of_the_account_is_listed_with_its_order(
    client, v2_connection, viewer, sandbox_api
):
    with make_client("v2", sandbox_api.FULL_KEY, sandbox_api.api_url) as fornex:
        addresses = fornex.ip_addresses()
    client.force_login(viewer)
    body = _body(client)
    assert body.count('data-testid="ip-row"') == len(addresses)
    web_1 = next(address for address in addresses if address.order_id == VPS)
    assert web_1.ip in body
    assert "web-1.northwind.io" in body  # its reverse DNS name
    assert reverse("vps:detail", args=[v2_connection.pk, VPS]) in body


def test_the_list_is_read_through_the_gateway_cache(client, v2_connection, viewer, sandbox_api):
    client.force_login(viewer)
    _body(client)
    _body(client)
    assert sandbox_api.count("GET", "/api/network/ip-address/") == 1
    _body(client, "?refresh=1")
    assert sandbox_api.count("GET", "/api/network/ip-address/") == 2


def test_the_list_narrows_to_a_search(client, v2_connection, viewer):
    client.force_login(viewer)
    body = _body(client, "?q=db-1.northwind")
    assert body.count('data-testid="ip-row"') == 1
    assert "db-1.northwind.io" in body
    assert "No address matches the search." in _body(client, "?q=nothing-like-this")


def test_fornex_failing_is_explained_in_place_of_the_list(
    client, v2_connection, viewer, sandbox_api
):
    sandbox_api.fault(path=r"^/api/network/ip-address/", status=503)
    client.force_login(viewer)
    body = _body(client)
    assert 'data-testid="ip-error"' in body
    assert "Fornex is not answering right now." in body


def test_a_legacy_connection_explains_beside_a_v2_one(
    client, v2_connection, legacy_connection, viewer, sandbox_api
):
    client.force_login(viewer)
    body = _body(client)
    assert "The IP address list needs Fornex's v2 API." in body
    assert 'data-testid="ip-row"' in body  # the v2 connection's list is still there
    assert body.count('data-testid="needs-v2"') == 1
    assert sandbox_api.count("GET", "/api/network/ip-address/") == 1  # only for the v2 one


def test_the_servers_page_links_to_the_list(client, v2_connection, viewer):
    client.force_login(viewer)
    assert URL in client.get(reverse("vps:list")).content.decode()
