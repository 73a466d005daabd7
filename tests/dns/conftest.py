"""Fixtures for the DNS tests: the seeded zone of the sandbox's full account, read directly
over HTTP so assertions check what Fornex holds, not what the panel shows."""

from __future__ import annotations

import pytest
import requests

DOMAIN = "northwind.io"


def sandbox_records(sandbox, domain: str = DOMAIN, key: str | None = None) -> list[dict]:
    response = requests.get(
        f"{sandbox.api_url}/dns/v0.1/{domain}/entry_set.json",
        params={"apikey": key or sandbox.FULL_KEY},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["entry_set"]


def sandbox_zone(sandbox, domain: str = DOMAIN) -> str:
    response = requests.get(
        f"{sandbox.api_url}/dns/v0.1/{domain}/zone_file/",
        params={"apikey": sandbox.FULL_KEY},
        timeout=10,
    )
    response.raise_for_status()
    return response.text


def posts(sandbox) -> int:
    """How many POSTs reached the sandbox since its reset (writes only)."""
    return sum(count for name, count in sandbox.requests().items() if name.startswith("POST "))


def find(records: list[dict], **fields) -> list[dict]:
    return [r for r in records if all(r.get(name) == value for name, value in fields.items())]


@pytest.fixture
def nodns_connection(team, sandbox_api):
    """A second connection of the team, whose key has no DNS rights."""
    from accounts.connections import _store_key
    from accounts.models import Connection

    conn = Connection(team=team, label="Billing only")
    _store_key(conn, sandbox_api.NODNS_KEY)
    conn.save()
    return conn


@pytest.fixture
def as_operator(login, operator, connection):
    return login(operator)


@pytest.fixture
def as_admin(login, admin, connection):
    return login(admin)


@pytest.fixture
def as_viewer(login, viewer, connection):
    return login(viewer)
