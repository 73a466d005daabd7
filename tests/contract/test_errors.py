"""Failures of every one of the 37 operations, as the client reports them over real HTTP.

Unknown key, injected 5xx, malformed answers and hanging requests, with the request counts the
sandbox saw (retries only where repeating is safe) and no trace of the key in any error.
"""

from __future__ import annotations

import time

import pytest

from fornexpanel.fornex import (
    FornexClient,
    InvalidApiKey,
    MalformedResponse,
    UpstreamUnavailable,
)
from tests.contract.conftest import Connect
from tests.contract.helpers import (
    ACCESS_DENIED,
    FULL,
    OPERATIONS,
    UNKNOWN_KEY,
    VPS,
    VPS_OFF,
    assert_key_absent,
    raises,
)
from tests.plugins.sandbox import Sandbox

RETRIES = 2  # the client's default


def test_the_table_covers_all_37_operations() -> None:
    assert len(OPERATIONS) == 37
    assert set(OPERATIONS) == set(FornexClient.__abstractmethods__) - {"_auth"}


@pytest.mark.parametrize("name", OPERATIONS)
def test_the_table_arguments_are_valid(client: FornexClient, name: str) -> None:
    """Each operation succeeds with its table arguments, so the error tests below test errors."""
    OPERATIONS[name].call(client, name)


@pytest.mark.parametrize("name", OPERATIONS)
def test_unknown_key_is_invalid_api_key(connect: Connect, sandbox: Sandbox, name: str) -> None:
    op = OPERATIONS[name]
    with raises(InvalidApiKey, key=UNKNOWN_KEY) as caught:
        op.call(connect(UNKNOWN_KEY), name)
    error = caught.value
    assert (error.status, error.message, error.operation, error.path) == (
        403,
        ACCESS_DENIED,
        name,
        op.path,
    )
    assert_key_absent(error, UNKNOWN_KEY)
    assert sandbox.requests() == {op.counter: 1}


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("name", OPERATIONS)
def test_5xx_is_upstream_unavailable_after_retries_for_gets_only(
    client: FornexClient, sandbox: Sandbox, name: str, status: int
) -> None:
    op = OPERATIONS[name]
    sandbox.fault(path="", status=status)
    with raises(UpstreamUnavailable) as caught:
        op.call(client, name)
    error = caught.value
    attempts = RETRIES + 1 if op.is_retried else 1
    assert (error.status, error.operation, error.path) == (status, name, op.path)
    assert (error.attempts, error.maybe_applied) == (attempts, True)
    plural = "" if attempts == 1 else "s"
    assert error.message == f"Fornex answered HTTP {status} after {attempts} attempt{plural}."
    assert_key_absent(error, FULL)
    assert sandbox.requests() == {op.counter: attempts}


def test_the_number_of_get_retries_is_configurable(connect: Connect, sandbox: Sandbox) -> None:
    sandbox.fault(path="account/balance", status=502)
    with raises(UpstreamUnavailable) as caught:
        connect(retries=4).account_balance()
    assert caught.value.attempts == 5
    assert sandbox.count("GET", "/api/account/balance") == 5


def test_a_get_recovers_when_the_5xx_passes(client: FornexClient, sandbox: Sandbox) -> None:
    sandbox.fault(path="orders/list", status=503, times=RETRIES)
    assert client.orders_list()[0].id == VPS
    assert sandbox.count("GET", "/api/orders/list") == RETRIES + 1


def test_a_post_refused_with_5xx_changed_nothing(client: FornexClient, sandbox: Sandbox) -> None:
    sandbox.fault(path="vps/stop", status=503)
    with raises(UpstreamUnavailable):
        client.vps_stop(VPS)
    sandbox.clear_faults()
    assert client.vps_status(VPS).status == "on"
    assert sandbox.count("POST", f"/api/vps/stop/{VPS}/") == 1


@pytest.mark.parametrize("name", OPERATIONS)
def test_malformed_answer_is_malformed_response(
    client: FornexClient, sandbox: Sandbox, name: str
) -> None:
    op = OPERATIONS[name]
    sandbox.fault(path="", malformed=True)
    with raises(MalformedResponse) as caught:
        op.call(client, name)
    error = caught.value
    assert (error.status, error.operation, error.path) == (200, name, op.path)
    text = name in ("vpn_config", "dns_zone_file")
    assert error.message == (
        "Expected a text file, got an HTML page." if text else "Expected JSON, got something else."
    )
    assert_key_absent(error, FULL)
    assert sandbox.requests() == {op.counter: 1}  # a 200 is an answer: never retried


# Hanging requests (each costs one client timeout: 1 s) ------------------------------------------


def test_a_hanging_post_times_out_once_and_may_have_applied(
    connect: Connect, sandbox: Sandbox
) -> None:
    client = connect(timeout=(1, 1))
    sandbox.fault(path="vps/start", hang=True)
    started = time.monotonic()
    with raises(UpstreamUnavailable) as caught:
        client.vps_start(VPS_OFF)
    assert time.monotonic() - started < 2.5
    error = caught.value
    assert (error.attempts, error.maybe_applied, error.status) == (1, True, None)
    assert error.message == "Timed out waiting for Fornex to answer (1 attempt)."
    assert_key_absent(error, FULL)
    assert sandbox.count("POST", f"/api/vps/start/{VPS_OFF}/") == 1
    sandbox.clear_faults()
    assert client.vps_status(VPS_OFF).status == "off"  # the hung request never reached the API


def test_a_hanging_get_without_retries_times_out(connect: Connect, sandbox: Sandbox) -> None:
    client = connect(timeout=(1, 1), retries=0)
    sandbox.fault(path="dns/v0.1/northwind.io/zone_file", hang=True)
    started = time.monotonic()
    with raises(UpstreamUnavailable) as caught:
        client.dns_zone_file("northwind.io")
    assert time.monotonic() - started < 2.5
    assert (caught.value.attempts, caught.value.operation) == (1, "dns_zone_file")
    assert_key_absent(caught.value, FULL)
    # Other requests are answered meanwhile, on the same client.
    assert client.account_info().name == "Northwind Labs"


def test_a_get_is_retried_after_a_hang(connect: Connect, sandbox: Sandbox) -> None:
    client = connect(timeout=(1, 1))
    sandbox.fault(path="account/balance", hang=True, times=1)
    assert client.account_balance().currency == "EUR"
    assert sandbox.count("GET", "/api/account/balance") == 2


def test_a_hanging_password_reset_is_not_retried(connect: Connect, sandbox: Sandbox) -> None:
    client = connect(timeout=(1, 1))
    sandbox.fault(path="passwd_reset", hang=True, times=1)
    with raises(UpstreamUnavailable) as caught:
        client.vps_passwd_reset(VPS)
    assert caught.value.attempts == 1
    assert sandbox.count("GET", f"/api/vps/passwd_reset/{VPS}/") == 1
