"""Account, billing, orders and plan catalogues: typed results equal the sandbox's seeded data."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from decimal import Decimal

import pytest

from fornexpanel.fornex import (
    AccountInfo,
    BackupPlan,
    Balance,
    DedicatedPlan,
    FornexClient,
    HostingPlan,
    Invoices,
    VpnPlan,
    VpsPlan,
)
from fornexpanel.sandbox.catalogue import (
    BACKUP_PLANS,
    DEDICATED_BY_NAME,
    DEDICATED_PLANS,
    HOSTING_PLANS,
    VPN_PLANS,
    VPS_BY_NAME,
    VPS_PLANS,
)
from fornexpanel.sandbox.profiles import BLUEHARBOR, NORTHWIND, OTHER_TARIFFS
from tests.contract.conftest import Connect
from tests.contract.helpers import FULL, NODNS, OTHER, sandbox_now

PROFILES = {FULL: NORTHWIND, NODNS: NORTHWIND, OTHER: BLUEHARBOR}


def money(value: float) -> Decimal:
    return Decimal(str(value))


@pytest.mark.parametrize("key", PROFILES)
def test_account_balance_info_and_invoices(connect: Connect, key: str) -> None:
    client, profile = connect(key), PROFILES[key]
    assert client.account_balance() == Balance(amount=money(profile.balance), currency="EUR")
    assert client.account_info() == AccountInfo(email=profile.email, name=profile.name)
    assert client.account_invoices() == Invoices(
        unpaid_count=profile.unpaid_invoices_count,
        unpaid_amount=money(profile.unpaid_invoices_amount),
        currency="EUR",
    )


def test_the_full_account_is_northwind_labs(client: FornexClient) -> None:
    assert client.account_info() == AccountInfo(email="ops@northwind.io", name="Northwind Labs")
    assert client.account_balance() == Balance(Decimal("91.0"), "EUR")
    assert client.account_invoices() == Invoices(1, Decimal("100"), "EUR")


def _tariff(otype: str, tariff: str) -> tuple[int, int]:
    if otype in ("vps", "ds"):
        plan = (VPS_BY_NAME if otype == "vps" else DEDICATED_BY_NAME)[tariff]
        return plan["id"], int(plan["price"])
    return OTHER_TARIFFS[tariff]


IP_VERSIONS = {"vps": [4, 6], "ds": [4, 4], "vpn": [4], "hosting": [4], "domain": [], "backup": []}


@pytest.mark.parametrize("key", PROFILES)
def test_orders_list_is_the_seeded_orders(connect: Connect, key: str) -> None:
    profile = PROFILES[key]
    orders = connect(key).orders_list()
    now = sandbox_now()
    assert [order.id for order in orders] == [spec[0] for spec in profile.orders]
    for order, spec in zip(orders, profile.orders, strict=True):
        _, otype, name, hostname, tariff, status, days, _ = spec
        assert (order.type, order.name, order.hostname) == (otype, name, hostname)
        assert (order.tariff, order.status) == (tariff, status)
        tariff_id, price = _tariff(otype, tariff)
        assert (order.tariff_id, order.tariff_price) == (tariff_id, Decimal(price))
        if otype == "domain":  # paid yearly, spread over the months
            assert order.cost_month == money(round(price / 12, 2))
        elif otype in ("vps", "ds"):  # extras (backups, IPs) on top of the tariff, or none
            assert order.cost_month - order.tariff_price in (0, 2, 3)
        else:
            assert order.cost_month == price
        # Relative to the seed anchor (the sandbox's start, rounded down to the hour), plus up
        # to a day of jitter; the margin allows for a long test session.
        assert order.expiration_date is not None and order.expiration_date.tzinfo is None
        left = order.expiration_date - now
        assert timedelta(days=days, hours=-3) < left <= timedelta(days=days + 1), order.id
        versions = [ipaddress.ip_address(ip).version for ip in order.ip_addresses]
        assert versions == IP_VERSIONS[otype], order.id
    all_ips = [ip for order in orders for ip in order.ip_addresses]
    assert len(all_ips) == len(set(all_ips))


def test_orders_list_matches_the_documented_example_types(client: FornexClient) -> None:
    web1 = client.orders_list()[0]
    assert web1.id == "34-177054" and web1.type == "vps"
    assert isinstance(web1.tariff_price, Decimal) and isinstance(web1.cost_month, Decimal)
    assert web1.tariff == "SSD Cloud 4GB" and web1.tariff_id == 435


def test_plans_vps(client: FornexClient) -> None:
    plans = client.plans_vps()
    assert plans == tuple(
        VpsPlan(
            id=p["id"],
            name=p["name"],
            price=money(p["price"]),
            cpu_count=p["cpu_count"],
            ram=p["ram"],
            disk=p["disk"],
            bandwidth=p["bandwidth"],
        )
        for p in VPS_PLANS
    )
    # The documentation's own example is the first plan.
    assert plans[0] == VpsPlan(
        433, "SSD Cloud 1GB", Decimal("5.0"), 1, "1 GB", "10 GB", "100 Mbit/s"
    )


def test_plans_dedicated(client: FornexClient) -> None:
    plans = client.plans_dedicated()
    assert plans == tuple(
        DedicatedPlan(
            id=p["id"],
            name=p["name"],
            price=money(p["price"]),
            cpu_model=p["cpu_model"],
            cpu_count=p["cpu_count"],
            ram=p["ram"],
            disk=p["disk"],
            bandwidth=p["bandwidth"],
            location=p["location"],
        )
        for p in DEDICATED_PLANS
    )
    assert plans[0] == DedicatedPlan(
        101,
        "DS XeonSAS",
        Decimal("198.0"),
        "Intel Xeon E3-1270 (4×3.4Ghz)",
        1,
        "16 GB",
        "4 × 300 GB SAS 15k",
        "1 Gbit/s",
        "DE",
    )


def test_plans_vpn(client: FornexClient) -> None:
    plans = client.plans_vpn()
    assert plans == tuple(
        VpnPlan(
            id=p["id"],
            type=p["type"],
            price=money(p["price"]),
            available_locations=tuple(p["available_locations"]),
        )
        for p in VPN_PLANS
    )
    assert plans[0] == VpnPlan(1, "dedicated", Decimal("10.0"), ("DE", "NL", "US", "RU"))


def test_plans_hosting(client: FornexClient) -> None:
    plans = client.plans_hosting()
    assert plans == tuple(
        HostingPlan(
            id=p["id"],
            name=p["name"],
            price=money(p["price"]),
            available_locations=tuple(p["available_locations"]),
            cpu_cores=p["cpu_cores"],
            databases=p["databases"],
            hdd_space=p["hdd_space"],
            mail_domains=p["mail_domains"],
            mailboxes=p["mailboxes"],
            sites=p["sites"],
        )
        for p in HOSTING_PLANS
    )
    assert plans[0] == HostingPlan(
        33, "VH-SSD-2", Decimal("1.0"), ("DE", "RU"), 1, 2, 1000, 2, 20, 2
    )


def test_plans_backups(client: FornexClient) -> None:
    plans = client.plans_backups()
    assert plans == tuple(
        BackupPlan(price=money(p["price"]), space=p["space"], units=p["units"])
        for p in BACKUP_PLANS
    )
    assert plans[:3] == (
        BackupPlan(Decimal("3.0"), 100, "Gb"),
        BackupPlan(Decimal("4.5"), 150, "Gb"),
        BackupPlan(Decimal("6.0"), 200, "Gb"),
    )


@pytest.mark.parametrize("key", PROFILES)
def test_plan_catalogues_are_the_same_for_every_account(connect: Connect, key: str) -> None:
    client, reference = connect(key), connect(FULL)
    for name in ("plans_backups", "plans_dedicated", "plans_vpn", "plans_vps", "plans_hosting"):
        assert getattr(client, name)() == getattr(reference, name)()
