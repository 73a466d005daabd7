"""Fixtures for the Fornex client tests: a client without backoff, `responses` in strict mode."""

from __future__ import annotations

import pytest
import responses

from fornexpanel.fornex import LegacyClient

KEY = "SECRET-KEY-abc123"
BASE = "https://fornex.test/api"


@pytest.fixture
def api():
    """Every request must match a registered answer, and every answer must be used."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def client():
    with LegacyClient(KEY, BASE + "/", backoff=0) as client:
        yield client
