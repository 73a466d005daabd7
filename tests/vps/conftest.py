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
