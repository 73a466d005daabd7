"""Big accounts for the paging and query-count tests: the gateway's cache filled with many orders,
records, SSH keys and zone lines (as if Fornex had sent them), so no test waits on a padded
sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from accounts.connections import client_for
from fornexpanel import gateway
from fornexpanel.fornex import DnsRecord, Order, SshKey

DOMAIN = "northwind.io"


def orders(count: int) -> list[Order]:
    start = datetime(2030, 1, 1)
    return [
        Order(
            id=f"34-{200000 + number}",
            type="vps" if number % 4 else "ds",
            status="active",
            name=f"node-{number:04d}",
            hostname=f"node-{number:04d}.northwind.io",
            tariff="SSD Cloud 1GB",
            tariff_id=1,
            tariff_price=Decimal("4.00"),
            cost_month=Decimal("4.00"),
            expiration_date=start + timedelta(days=number),
            ip_addresses=(f"10.0.{number // 250}.{number % 250}",),
        )
        for number in range(count)
    ]


def records(count: int) -> list[DnsRecord]:
    return [
        DnsRecord(id=1000 + n, host=f"node-{n:04d}", type="A", value=f"10.1.{n // 250}.{n % 250}",
                  ttl=None, prio=None)
        for n in range(count)
    ]  # fmt: skip


def keys(count: int) -> list[SshKey]:
    return [
        SshKey(id=500 + n, title=f"key-{n:04d}", key=f"ssh-ed25519 AAAA{n:04d}", date=None)
        for n in range(count)
    ]


def zone(lines: int) -> str:
    head = [f"$ORIGIN {DOMAIN}.", "$TTL 3600"]
    return "\n".join(head + [f"node-{n:04d} IN A 10.1.0.{n % 250}" for n in range(lines)])


def cache_answer(connection, kind: str, data, *parts) -> None:
    """Store `data` as the gateway's fresh answer to `kind` (what a read from Fornex would)."""
    # Invalidated first, as a write would: a forced refresh is honoured once per 10 s only.
    gateway.invalidate(connection, kind, parts=parts)
    found = gateway.read(connection, kind, lambda client: data, parts=parts)
    assert found.ok and not found.stale


@pytest.fixture
def big_account(connection):
    """fill(n): the connection's account with n orders, n records, n keys and an n-line zone."""

    def fill(count: int, *, with_seeded: bool = False):
        """`with_seeded`: the sandbox's own orders too (their pages ask the sandbox more)."""
        padding = orders(count)
        if with_seeded:
            padding += client_for(connection).orders_list()
        cache_answer(connection, "orders", padding)
        cache_answer(connection, "dns_records", records(count), DOMAIN)
        cache_answer(connection, "zone_file", zone(count), DOMAIN)
        cache_answer(connection, "ssh_keys", keys(count))
        return connection

    return fill
