"""Ordering a VPS from the sandbox through the v2 client: what it costs, when it comes up, and
Fornex's refusals; and the per-type order details with their configuration."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from fornexpanel.fornex import BadRequest, LegacyClient, NoPermission, NotFound, V2Client
from tests.contract.helpers import DS, FULL, KEY_ALICE, NODNS, VPS, raises
from tests.contract.v2_helpers import NEW_VPS_ORDER, V2Connect, legacy_connection, v2_connections
from tests.plugins.sandbox import Sandbox


@pytest.fixture
def v2_connect(sandbox: Sandbox) -> Iterator[V2Connect]:
    yield from v2_connections(sandbox)


@pytest.fixture
def v2(v2_connect: V2Connect) -> V2Client:
    return v2_connect(FULL)


@pytest.fixture
def legacy(sandbox: Sandbox) -> Iterator[LegacyClient]:
    yield from legacy_connection(sandbox)


def test_an_order_is_paid_from_the_balance_and_comes_up_after_a_few_seconds(
    v2: V2Client, legacy: LegacyClient, sandbox: Sandbox
) -> None:
    before = v2.account_balance().amount
    created = v2.orders_vps_create(**NEW_VPS_ORDER)
    # 9.00 the plan + 20 GB x 0.10 the faster disk + 3.00 backups
    assert v2.account_balance().amount == before - Decimal("14.00")
    order = v2.orders_vps_retrieve(created.order_id)
    assert (order.status, order.name, order.cost_month, order.ip_addresses) == (
        "pending",
        "contract",
        Decimal("14.0"),
        (),
    )
    assert created.order_id in [o.id for o in v2.orders_list()]
    sandbox.advance(5)
    order = v2.orders_vps_retrieve(created.order_id)
    assert order.status == "active" and order.ip_addresses and order.hostname
    assert v2.vps_status(created.order_id).status == "on"
    assert [key.id for key in v2.vps_ssh_keys(created.order_id)] == [KEY_ALICE]
    assert created.order_id in [o.id for o in legacy.orders_list()]  # one account, both dialects


def test_ordering_switched_off_is_fornexs_refusal(v2_connect: V2Connect) -> None:
    with raises(NoPermission, key=NODNS) as caught:
        v2_connect(NODNS).orders_vps_create(**NEW_VPS_ORDER)
    assert "not available for your account" in caught.value.message


def test_too_little_balance_is_refused_and_nothing_is_ordered(v2: V2Client) -> None:
    orders = len(v2.orders_vps_list())
    before = v2.account_balance().amount
    with raises(BadRequest) as caught:
        v2.orders_vps_create(location="NL", tariff=438, template=41)  # 129.00 > 91.00
    assert caught.value.message == "Insufficient funds on the balance to pay for the order."
    assert v2.account_balance().amount == before and len(v2.orders_vps_list()) == orders


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"location": "XX"}, "location"),
        ({"tariff": 1}, "tariff"),
        ({"template": 9999}, "template"),
        ({"disk_class": 77}, "disk_class"),
        ({"services": {99: 1}}, "services"),
        ({"ssh_keys": [9999]}, "ssh_keys"),
    ],
)
def test_a_bad_choice_names_the_field(v2: V2Client, changes: dict, field: str) -> None:
    with raises(BadRequest) as caught:
        v2.orders_vps_create(**{**NEW_VPS_ORDER, **changes})
    assert list(caught.value.fields) == [field]


def test_the_catalogues_offer_what_an_order_takes(v2: V2Client) -> None:
    assert {"DE", "NL"} <= {loc.code for loc in v2.orders_vps_locations() if loc.available}
    assert [d.id for d in v2.orders_vps_disks()] == [1, 2]
    assert {s.billing_type for s in v2.orders_vps_services()} == {"periodic", "single"}
    assert 41 in [t.id for t in v2.orders_vps_templates()]
    assert v2.orders_vps_apps() and v2.orders_vps_snapshots()


def test_the_configuration_of_each_server_type(v2: V2Client) -> None:
    vps = v2.orders_vps_retrieve(VPS).configuration
    assert vps.cpu_count and vps.ram_gb and vps.disk_gb and vps.cpu_arch == "x86_64"
    ds = v2.orders_ds_retrieve(DS).configuration
    assert ds.cpu and ds.ram_gb and ds.disks and ds.disk_gb is None
    assert {o.type for o in v2.orders_vps_list()} == {"vps"}
    assert {o.type for o in v2.orders_ds_list()} == {"ds"}
    with raises(NotFound):
        v2.orders_vps_retrieve(DS)  # a dedicated server is no VPS


def test_ds_traffic_used_by_the_order_number(v2: V2Client, legacy: LegacyClient) -> None:
    assert v2.ds_traffic_used(DS).limit == legacy.ds_traffic_used(DS).limit
