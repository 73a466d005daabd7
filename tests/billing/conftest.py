"""Fixtures of the billing tests: a client straight to the sandbox (to compute what the panel
should show), quiet alert thresholds, and a panel webhook with a known token."""

from __future__ import annotations

import pytest


@pytest.fixture
def fornex(sandbox_api):
    """The Fornex client on the sandbox's full account, for expected values."""
    from fornexpanel.fornex import make_client

    with make_client("legacy", sandbox_api.FULL_KEY, sandbox_api.api_url) as client:
        yield client


@pytest.fixture
def quiet_rules(team):
    """Every alert check off; tests switch on the one they look at."""
    from billing.models import AlertSettings

    return AlertSettings.objects.create(
        team=team,
        balance_below=None,
        runway_below_days=None,
        expiring_within_days=None,
        failed_operations=False,
    )


@pytest.fixture
def panel_hook(team, connection):
    """A panel receiving address for the team's connection; returns (hook, token)."""
    from billing.models import TicketWebhook
    from billing.selectors import token_hash

    token = "t0ken-" + "k" * 40
    hook = TicketWebhook.objects.create(
        team=team, connection=connection, token_hash=token_hash(token)
    )
    return hook, token


@pytest.fixture
def v2_connection(team, sandbox_api):
    """The team's connection to the sandbox's full account through Fornex's v2 API."""
    from tests.vps.conftest import make_connection

    return make_connection(team, sandbox_api.FULL_KEY, "v2")


@pytest.fixture
def legacy_connection(team, sandbox_api):
    from tests.vps.conftest import make_connection

    return make_connection(team, sandbox_api.FULL_KEY, "legacy", label="Legacy account")
