"""The v2 client's private network and project operations: the requests they make and the typed
results they return (answers shaped as the official spec's schemas), and the legacy dialect's
Unsupported for each of them."""

from __future__ import annotations

import pytest
from conftest import BASE, KEY
from responses import matchers

from fornexpanel.fornex import LegacyClient, MalformedResponse, Unsupported, V2Client
from fornexpanel.fornex.networks import (
    OrderProject,
    PrivateNetwork,
    PrivateNetworkLocation,
    Project,
    Upload,
    VpsSettings,
)

AUTH = matchers.header_matcher({"Authorization": f"Api-Key {KEY}"})
PROJECT = {"id": 7, "name": "Website", "comment": "Shop", "logo": "https://fornex.com/m/7.png"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def client():
    with V2Client(KEY, BASE + "/", backoff=0) as client:
        yield client


def page(results):
    return {"count": len(results), "next": None, "previous": None, "results": results}


def expect(api, method, path, *, sends=None, status=200, params=None, **answer):
    match = [AUTH, matchers.query_param_matcher(params or {})]
    if sends is not None:
        match.append(matchers.json_params_matcher(sends))
    api.add(method, BASE + path, status=status, match=match, **answer)


def test_private_networks_are_listed_created_and_deleted(api, client):
    expect(api, "GET", "/private-network/", params={"page_size": "100"}, json=page([{"id": 3}]))
    expect(api, "POST", "/private-network/", status=201, json={"id": 4})
    expect(api, "DELETE", "/private-network/4/", status=204)
    assert client.private_networks() == (PrivateNetwork(3),)
    assert client.private_network_create() == PrivateNetwork(4)
    assert api.calls[1].request.body is None  # the spec's create takes no body
    assert client.private_network_delete(4) is None


def test_the_supported_locations_are_typed(api, client):
    location = {"id": 1, "location": {"value": "DE", "label": "Germany", "icon": "de"}}
    expect(api, "GET", "/private-network/locations/", params={"page_size": "100"}, json=page([location]))  # fmt: skip
    assert client.private_network_locations() == (PrivateNetworkLocation(1, "DE", "Germany"),)


@pytest.mark.parametrize("enabled", [True, False])
def test_vps_update_patches_private_networking(api, client, enabled):
    expect(api, "PATCH", "/vps/34-1234/", sends={"private_network_enabled": enabled},
           json={"private_network_enabled": enabled})  # fmt: skip
    assert client.vps_update("34-1234", private_network_enabled=enabled) == VpsSettings(enabled)


def test_vps_update_refuses_a_non_boolean(client):
    with pytest.raises(ValueError, match="True or False"):
        client.vps_update("34-1234", private_network_enabled="yes")


def test_a_malformed_network_is_a_malformed_response(api, client):
    expect(api, "GET", "/private-network/", params={"page_size": "100"}, json=page([{"id": "x"}]))
    with pytest.raises(MalformedResponse, match="'id'"):
        client.private_networks()


def test_projects_round_trip(api, client):
    expect(api, "GET", "/project/", params={"page_size": "100"}, json=page([PROJECT]))
    expect(api, "GET", "/project/7/", json=PROJECT)
    expect(api, "POST", "/project/", sends={"name": "Website", "comment": ""}, status=201,
           json={**PROJECT, "logo": None})  # fmt: skip
    expect(api, "PATCH", "/project/7/", sends={"name": "Shop"}, json={**PROJECT, "name": "Shop"})
    expect(api, "DELETE", "/project/7/", status=204)
    website = Project(7, "Website", "Shop", "https://fornex.com/m/7.png")
    assert client.projects() == (website,)
    assert client.project(7) == website
    assert client.project_create(" Website ").logo is None
    assert client.project_update(7, name="Shop").name == "Shop"
    assert client.project_delete(7) is None


def test_orders_are_added_and_removed(api, client):
    expect(api, "POST", "/project/7/add_orders/", sends={"orders": ["34-1", "34-2"]})
    expect(api, "POST", "/project/7/remove_orders/", sends={"orders": ["34-2"]})
    client.project_add_orders(7, ["34-1", "34-2"])
    client.project_remove_orders(7, ["34-2"])


@pytest.mark.parametrize("orders", [[], "34-1", ["34-1", " "]])
def test_an_empty_or_bad_order_list_is_refused_before_sending(client, orders):
    with pytest.raises(ValueError, match="orders"):
        client.project_add_orders(7, orders)


@pytest.mark.parametrize("name", ["", "   ", "x" * 41])
def test_a_bad_project_name_is_refused_before_sending(client, name):
    with pytest.raises(ValueError, match="1 to 40"):
        client.project_create(name)


def test_the_logo_goes_as_multipart(api, client):
    expect(api, "PUT", "/project/7/edit_logo/", json={"logo": "https://fornex.com/m/7.png"})
    upload = Upload("logo", "logo.png", PNG, "image/png")
    assert client.project_logo(7, upload) == "https://fornex.com/m/7.png"
    request = api.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="logo"; filename="logo.png"' in request.body and PNG in request.body
    assert "image/png" not in repr(upload) and "bytes" in repr(upload)


def test_order_projects_read_the_orders_list(api, client):
    orders = [{"id": "34-1", "project": PROJECT}, {"id": "34-2", "project": None}]
    expect(api, "GET", "/orders/", params={"page_size": "100"}, json=page(orders))
    assert client.order_projects() == (
        OrderProject("34-1", Project(7, "Website", "Shop", "https://fornex.com/m/7.png")),
        OrderProject("34-2", None),
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.private_networks(),
        lambda c: c.private_network_create(),
        lambda c: c.private_network_locations(),
        lambda c: c.private_network_delete(1),
        lambda c: c.vps_update("34-1", private_network_enabled=True),
        lambda c: c.projects(),
        lambda c: c.project(1),
        lambda c: c.project_create("x"),
        lambda c: c.project_update(1, name="x"),
        lambda c: c.project_delete(1),
        lambda c: c.project_add_orders(1, ["34-1"]),
        lambda c: c.project_remove_orders(1, ["34-1"]),
        lambda c: c.project_logo(1, Upload("logo", "l.png", PNG, "image/png")),
        lambda c: c.order_projects(),
    ],
)
def test_the_legacy_dialect_has_none_of_them(call):
    with LegacyClient(KEY, BASE) as legacy, pytest.raises(Unsupported, match="v2"):
        call(legacy)
