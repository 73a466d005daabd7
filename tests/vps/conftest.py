"""Fixtures of the servers tests: seeded sandbox ids, fast operation polling, URL helpers."""

from __future__ import annotations

import pytest
from django.urls import reverse

# Seeded orders of the sandbox's full account (fornexpanel/sandbox/profiles.py).
VPS = "34-177054"  # web-1, running
VPS_2 = "34-177055"  # web-2, running
VPS_OFF = "34-179421"  # staging, stopped
DS = "34-1234"
VPN = "301-12312"
DOMAIN_ORDER = "375-13"
KEY_ALICE, KEY_DEPLOY, KEY_BOB = 61, 62, 63  # attached to web-1: alice, deploy


@pytest.fixture(autouse=True)
def _fast_polls(settings):
    settings.OPERATIONS_POLL_SECONDS = 0.2


def vps_url(name: str, connection, order_id: str = VPS, *more) -> str:
    return reverse(f"vps:{name}", args=[connection.pk, order_id, *more])


def make_connection(team, key: str, dialect: str, label: str = "Main account"):
    """A connection of `team` to the sandbox account of `key`, speaking `dialect`."""
    from accounts.connections import _store_key
    from accounts.models import Connection

    conn = Connection(team=team, label=label, dialect=dialect)
    _store_key(conn, key)
    conn.save()
    return conn


@pytest.fixture
def v2_connection(team, sandbox_api):
    """The team's connection to the sandbox's full account through Fornex's v2 API."""
    return make_connection(team, sandbox_api.FULL_KEY, "v2")


@pytest.fixture
def legacy_connection(team, sandbox_api):
    """The same account through the legacy API, which has no rescue mode, reinstall..."""
    return make_connection(team, sandbox_api.FULL_KEY, "legacy", label="Legacy account")
