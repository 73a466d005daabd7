"""Retries: GETs only, on connection errors, timeouts and 5xx; never POSTs or the password reset."""

from __future__ import annotations

import random

import pytest
import requests
from conftest import BASE, KEY

from fornexpanel.fornex import BadRequest, LegacyClient, NotFound, UpstreamUnavailable
from fornexpanel.fornex.transport import backoff_delay

BALANCE = BASE + "/account/balance"
GOOD = {"balance": 1, "currency": "EUR"}


def test_a_get_is_retried_after_a_5xx_then_succeeds(api, client):
    api.get(BALANCE, status=502)
    api.get(BALANCE, status=503)
    api.get(BALANCE, json=GOOD)
    assert client.account_balance().currency == "EUR"
    assert len(api.calls) == 3


@pytest.mark.parametrize(
    "failure",
    [requests.ConnectionError("reset"), requests.ReadTimeout("slow"), requests.ConnectTimeout()],
)
def test_a_get_is_retried_after_a_connection_error_or_timeout(api, client, failure):
    api.get(BALANCE, body=failure)
    api.get(BALANCE, json=GOOD)
    assert client.account_balance().currency == "EUR"
    assert len(api.calls) == 2


def test_a_get_still_failing_after_the_retries_is_upstream_unavailable(api, client):
    api.get(BALANCE, status=500)
    with pytest.raises(UpstreamUnavailable) as caught:
        client.account_balance()
    assert len(api.calls) == 3  # the first try and 2 retries
    assert (caught.value.attempts, caught.value.status) == (3, 500)
    assert "after 3 attempts" in str(caught.value)


def test_the_number_of_retries_is_configurable(api):
    api.get(BALANCE, status=500)
    with pytest.raises(UpstreamUnavailable) as caught:
        LegacyClient(KEY, BASE, retries=4, backoff=0).account_balance()
    assert caught.value.attempts == len(api.calls) == 5


def test_4xx_is_not_retried(api, client):
    api.get(BALANCE, status=404)
    with pytest.raises(NotFound):
        client.account_balance()
    assert len(api.calls) == 1


def test_429_is_retried_like_an_outage(api, client):
    api.get(BALANCE, status=429)
    api.get(BALANCE, json=GOOD)
    client.account_balance()
    assert len(api.calls) == 2


@pytest.mark.parametrize(
    "failure",
    [503, requests.ConnectionError("reset"), requests.ReadTimeout("slow")],
    ids=["503", "connection-error", "timeout"],
)
def test_a_post_is_never_retried(api, client, failure):
    answer = {"status": failure} if isinstance(failure, int) else {"body": failure}
    api.post(BASE + "/vps/restart/34-1/", **answer)
    with pytest.raises(UpstreamUnavailable) as caught:
        client.vps_restart("34-1")
    assert len(api.calls) == 1
    assert caught.value.attempts == 1
    assert caught.value.maybe_applied


@pytest.mark.parametrize(
    "failure", [502, requests.ConnectionError("reset"), requests.ReadTimeout("slow")]
)
def test_the_password_reset_is_never_retried(api, client, failure):
    answer = {"status": failure} if isinstance(failure, int) else {"body": failure}
    api.get(BASE + "/vps/passwd_reset/34-1/", **answer)
    with pytest.raises(UpstreamUnavailable):
        client.vps_passwd_reset("34-1")
    assert len(api.calls) == 1


def test_a_timeout_is_upstream_unavailable(api, client):
    api.get(BALANCE, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(UpstreamUnavailable, match="Timed out waiting") as caught:
        client.account_balance()
    assert caught.value.status is None
    assert caught.value.attempts == 3


def test_a_connect_timeout_never_reached_fornex(api, client):
    api.post(BASE + "/vps/stop/34-1/", body=requests.ConnectTimeout("connect timed out"))
    with pytest.raises(UpstreamUnavailable, match="Timed out connecting") as caught:
        client.vps_stop("34-1")
    assert caught.value.maybe_applied is False


def test_an_api_error_is_not_retried(api, client):
    api.get(BALANCE, json={"error": "no"})
    with pytest.raises(BadRequest):
        client.account_balance()
    assert len(api.calls) == 1


def test_retries_wait_with_capped_jittered_exponential_backoff(api):
    waits = []
    client = LegacyClient(KEY, BASE, retries=4, backoff=1, backoff_cap=3, sleep=waits.append)
    api.get(BALANCE, status=503)
    with pytest.raises(UpstreamUnavailable):
        client.account_balance()
    # Between half and all of min(cap, base * 2**n): 1, 2, 3 (capped), 3.
    for wait, ceiling in zip(waits, [1, 2, 3, 3], strict=True):
        assert ceiling / 2 <= wait <= ceiling


def test_backoff_delay_bounds():
    assert backoff_delay(1, 0.5, 4, lambda: 0.0) == 0.25
    assert backoff_delay(1, 0.5, 4, lambda: 1.0) == 0.5
    assert backoff_delay(10, 0.5, 4, lambda: 1.0) == 4
    assert backoff_delay(3, 0, 4, random.random) == 0
