"""Cross-account isolation: one key never sees or changes another account's data."""

from __future__ import annotations

import pytest

from fornexpanel.fornex import FornexClient, NotFound
from fornexpanel.sandbox.profiles import BLUEHARBOR, NORTHWIND
from tests.contract.helpers import (
    DOMAIN,
    KEY_ALICE,
    OTHER_DOMAIN,
    OTHER_DOMAIN_ORDER,
    OTHER_KEY_ID,
    OTHER_VPS,
    VPS,
    public_key,
    raises,
)
from tests.plugins.sandbox import Sandbox

OTHER_MARKERS = ("blueharbor", "blue harbor", "bh-cdn", "carol")
READS = ("account_info", "account_balance", "account_invoices", "orders_list", "ssh_keys",
         "webhook_info", "dns_domain_list")  # fmt: skip


def everything_seen(client: FornexClient) -> str:
    seen = [repr(getattr(client, name)()) for name in READS]
    for order in client.orders_list():
        if order.type == "vps":
            seen.append(repr(client.vps_ssh_keys(order.id)))
    for domain in client.dns_domain_list():
        seen.append(client.dns_zone_file(domain.name))
    return "\n".join(seen).lower()


def test_the_full_key_never_sees_the_other_account(client: FornexClient) -> None:
    text = everything_seen(client)
    for marker in OTHER_MARKERS:
        assert marker not in text
    other_ids = {spec[0] for spec in BLUEHARBOR.orders}
    assert not other_ids & {order.id for order in client.orders_list()}


def test_the_other_key_sees_only_its_own_account(other_client: FornexClient) -> None:
    text = everything_seen(other_client)
    assert "northwind" not in text and "alice@laptop" not in text
    assert [order.id for order in other_client.orders_list()] == [s[0] for s in BLUEHARBOR.orders]
    assert [d.name for d in other_client.dns_domain_list()] == [OTHER_DOMAIN, "bh-cdn.net"]
    assert [k.id for k in other_client.ssh_keys()] == [OTHER_KEY_ID]
    assert other_client.account_info().name == "Blue Harbor Studio"


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("vps_status", (OTHER_VPS,)),
        ("vps_stop", (OTHER_VPS,)),
        ("vps_passwd_reset", (OTHER_VPS,)),
        ("vps_ssh_keys", (OTHER_VPS,)),
        ("dns_records", (OTHER_DOMAIN,)),
        ("dns_zone_file", (OTHER_DOMAIN,)),
        ("dns_domain_delete", (OTHER_DOMAIN,)),
        ("domain_change_ns", (OTHER_DOMAIN_ORDER, ["ns1.evil.example", "ns2.evil.example"])),
        ("ssh_key_delete", (OTHER_KEY_ID,)),
    ],
)
def test_the_other_accounts_objects_are_not_found_and_unchanged(
    client: FornexClient, other_client: FornexClient, call: str, args: tuple
) -> None:
    before = everything_seen(other_client)
    status = other_client.vps_status(OTHER_VPS)
    with raises(NotFound):
        getattr(client, call)(*args)
    assert everything_seen(other_client) == before
    assert other_client.vps_status(OTHER_VPS) == status


def test_changes_through_one_key_never_show_through_another(
    client: FornexClient,
    nodns_client: FornexClient,
    other_client: FornexClient,
    sandbox: Sandbox,
) -> None:
    # sandbox-nodns holds a copy of Northwind's data with a state of its own.
    client.vps_stop(VPS)
    client.webhook_set("https://hooks.example.com/changed")
    added = client.ssh_key_add("full only", public_key("full@contract"))
    client.vps_ssh_key_detach(VPS, KEY_ALICE)
    client.dns_record_add(DOMAIN, host="full-only", type="A", value="192.0.2.99")
    sandbox.advance(2)
    assert client.vps_status(VPS).status == "off"

    assert nodns_client.vps_status(VPS).status == "on"
    assert nodns_client.webhook_info().url == NORTHWIND.webhook_url
    assert added.key not in {key.key for key in nodns_client.ssh_keys()}
    assert len(nodns_client.vps_ssh_keys(VPS)) == 2
    assert other_client.webhook_info().url is None
    assert added.key not in {key.key for key in other_client.ssh_keys()}
    assert "full-only" not in repr(other_client.dns_domain_list())


def test_the_same_key_id_means_the_own_accounts_key(
    client: FornexClient, nodns_client: FornexClient
) -> None:
    """Key and record ids are global: sandbox-nodns's copies have ids of their own."""
    full_ids = {key.id for key in client.ssh_keys()}
    nodns_ids = {key.id for key in nodns_client.ssh_keys()}
    assert not full_ids & nodns_ids
    with raises(NotFound):
        client.ssh_key_delete(min(nodns_ids))
    assert len(nodns_client.ssh_keys()) == 3
