"""Private networks and projects through the v2 client against the sandbox: the rules the
panel's pages rely on (one network per account, no deleting it while servers are attached, the
logo's type and size, orders moving between projects)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fornexpanel.fornex import BadRequest, NotFound, V2Client
from fornexpanel.fornex.networks import PrivateNetwork, Upload
from tests.contract.helpers import DS, FULL, VPS, VPS_2, VPS_OFF, raises
from tests.contract.v2_helpers import NETWORK, PROJECT, V2Connect, v2_connections
from tests.plugins.sandbox import Sandbox

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def v2_connect(sandbox: Sandbox) -> Iterator[V2Connect]:
    yield from v2_connections(sandbox)


@pytest.fixture
def v2(v2_connect: V2Connect) -> V2Client:
    return v2_connect(FULL)


def test_one_network_per_account(v2: V2Client) -> None:
    assert v2.private_networks() == ()
    assert v2.private_network_create() == PrivateNetwork(NETWORK)
    with raises(BadRequest) as caught:
        v2.private_network_create()
    assert "Only one private network" in caught.value.message
    assert v2.private_networks() == (PrivateNetwork(NETWORK),)
    assert [loc.code for loc in v2.private_network_locations()] == ["DE", "NL", "FI"]


def test_a_network_with_servers_attached_is_not_deleted(v2: V2Client) -> None:
    with raises(BadRequest) as caught:
        v2.vps_update(VPS, private_network_enabled=True)  # no network yet
    assert list(caught.value.fields) == ["private_network_enabled"]
    v2.private_network_create()
    assert v2.vps_update(VPS, private_network_enabled=True).private_network_enabled is True
    v2.vps_update(VPS_2, private_network_enabled=True)
    with raises(BadRequest) as caught:
        v2.private_network_delete(NETWORK)
    assert f"({VPS}, {VPS_2})" in caught.value.message
    v2.vps_update(VPS, private_network_enabled=False)
    v2.vps_update(VPS_2, private_network_enabled=False)
    v2.private_network_delete(NETWORK)
    assert v2.private_networks() == ()
    with raises(NotFound):
        v2.private_network_delete(NETWORK)


def test_only_a_vps_has_private_networking(v2: V2Client) -> None:
    v2.private_network_create()
    with raises(BadRequest):
        v2.vps_update(DS, private_network_enabled=True)


def test_orders_move_between_projects(v2: V2Client) -> None:
    web = v2.project_create("Website", "Shop")
    assert (web.id, web.name, web.comment, web.logo) == (PROJECT, "Website", "Shop", None)
    other = v2.project_create("Staging")
    v2.project_add_orders(web.id, [VPS, VPS_2])
    v2.project_add_orders(other.id, [VPS_2])  # moves it
    where = {o.order_id: o.project.name if o.project else None for o in v2.order_projects()}
    assert (where[VPS], where[VPS_2], where[VPS_OFF]) == ("Website", "Staging", None)
    with raises(BadRequest) as caught:
        v2.project_remove_orders(web.id, [VPS_2])
    assert "Not in this project" in caught.value.fields["orders"][0]
    with raises(BadRequest):
        v2.project_add_orders(web.id, ["34-999999"])
    assert v2.project_update(web.id, name="Shop").name == "Shop"
    assert v2.order_details(VPS).project == "Shop"
    v2.project_delete(web.id)
    assert {o.order_id for o in v2.order_projects() if o.project} == {VPS_2}
    with raises(NotFound):
        v2.project(web.id)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a" + bytes(1024 * 1024), "too large"),
        (b"%PDF-1.7 not an image", "valid image"),
    ],
)
def test_a_logo_must_be_a_small_image(v2: V2Client, content: bytes, message: str) -> None:
    v2.project_create("Website")
    with raises(BadRequest) as caught:
        v2.project_logo(PROJECT, Upload("logo", "logo.bin", content, "image/png"))
    assert message in caught.value.fields["logo"][0]


def test_a_logo_is_stored(v2: V2Client) -> None:
    v2.project_create("Website")
    url = v2.project_logo(PROJECT, Upload("logo", "logo.png", PNG, "image/png"))
    assert url and url.endswith(f"/projects/{PROJECT}/logo.png")
    assert v2.project(PROJECT).logo == url
