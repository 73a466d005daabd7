"""One time budget: the whole Fornex wait of a page is bounded by FORNEX_BUDGET, and what follows
from it (attempt timeouts, retries, the lock, every wait); one pooled session per connection.

Elapsed times are asserted only with generous bounds, as a guard against hangs (no speed test)."""

from __future__ import annotations

import time

import pytest

from fornexpanel import gateway
from fornexpanel.fornex import TimeBudgetSpent, UpstreamUnavailable, budget
from tests.core.test_settings import FERNET, load_settings

BALANCE = "/api/account/balance"


def read_balance(connection, **kwargs):
    return gateway.read(connection, "balance", lambda client: client.account_balance(), **kwargs)


def test_what_follows_from_the_budget_fits_inside_it(settings):
    for seconds in (1, 2, 10, 40):
        settings.FORNEX_BUDGET = seconds
        connect, read = gateway.attempt_timeout()
        assert (1 + gateway.ATTEMPT_RETRIES) * read <= seconds
        assert connect <= read
        assert gateway.lock_timeout() > seconds


def test_a_budget_over_forty_seconds_is_refused(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="x" * 50, FORNEX_KEYS=FERNET, FORNEX_BUDGET="55")
    assert result.returncode != 0
    assert "FORNEX_BUDGET must be at most 40 seconds" in result.stderr


def test_the_cache_and_the_broker_use_separate_redis_databases(tmp_path):
    result = load_settings(
        tmp_path, SECRET_KEY="x" * 50, FORNEX_KEYS=FERNET, REDIS_URL="redis://cache:6379/2"
    )
    assert result.returncode == 0, result.stderr
    from fornexpanel.env import redis_database_url

    assert redis_database_url("redis://cache:6379/2", 1) == "redis://cache:6379/3"
    assert redis_database_url("redis://:pw@cache:6379", 1) == "redis://:pw@cache:6379/1"
    assert redis_database_url("unix:///run/redis.sock?db=4", 1) == "unix:///run/redis.sock?db=5"


def test_a_nested_budget_never_extends_the_outer_one():
    with budget.within(1.0), budget.within(30.0):
        assert budget.remaining() <= 1.0
    assert budget.remaining() is None


def test_a_hanging_fornex_costs_a_read_no_more_than_its_budget(connection, sandbox_api, settings):
    settings.FORNEX_BUDGET = 1
    sandbox_api.fault(path=BALANCE, hang=True)
    started = time.monotonic()
    fetched = read_balance(connection)
    elapsed = time.monotonic() - started
    assert not fetched.ok and isinstance(fetched.error, UpstreamUnavailable)
    assert elapsed < 1 + 2  # budget plus margin: a guard against hangs, not a speed test


def test_a_page_with_several_reads_shares_one_budget(connection, sandbox_api, settings):
    settings.FORNEX_BUDGET = 1
    sandbox_api.fault(path="/api/", hang=True)
    started = time.monotonic()
    with gateway.within_budget():
        first = read_balance(connection)
        second = gateway.read(connection, "orders", lambda c: c.orders_list())
        third = gateway.read(connection, "invoices", lambda c: c.account_invoices())
    assert time.monotonic() - started < 1 + 2
    assert not first.ok and not second.ok and not third.ok
    assert isinstance(third.error, TimeBudgetSpent)  # nothing left for it: not even asked
    assert "within the time this page may wait" in third.error_text


def test_past_the_budget_the_last_good_answer_is_shown_stale(connection, sandbox_api, settings):
    settings.FORNEX_BUDGET = 1
    good = read_balance(connection)
    sandbox_api.fault(path=BALANCE, hang=True)
    fetched = read_balance(connection, ttl=0)
    assert fetched.ok and fetched.stale and fetched.data == good.data


def test_a_waiter_with_an_older_answer_does_not_wait_for_another_process(
    connection, sandbox_api, settings
):
    """Another process holds the lock (its fetch hangs): a page that has an older answer shows
    it, marked stale, after at most STALE_WAIT, instead of polling through the budget."""
    settings.FORNEX_BUDGET = 10
    good = read_balance(connection)
    key = gateway._key(connection, "balance", ())
    gateway.store.add(f"{key}:lock", "another-process", timeout=30)
    started = time.monotonic()
    fetched = read_balance(connection, ttl=0)
    assert time.monotonic() - started < gateway.STALE_WAIT + 2
    assert fetched.stale and fetched.data == good.data
    assert sandbox_api.count("GET", BALANCE) == 1


def test_a_waiter_with_nothing_waits_no_longer_than_the_budget(connection, sandbox_api, settings):
    settings.FORNEX_BUDGET = 1
    key = gateway._key(connection, "balance", ())
    gateway.store.add(f"{key}:lock", "another-process", timeout=30)
    started = time.monotonic()
    fetched = read_balance(connection)
    assert time.monotonic() - started < 1 + 2
    assert not fetched.ok and isinstance(fetched.error, TimeBudgetSpent)


def test_a_waiter_asks_itself_when_the_other_fetch_ends_without_storing(
    connection, sandbox_api, settings
):
    key = gateway._key(connection, "balance", ())
    gateway.store.add(f"{key}:lock", "another-process", timeout=1)  # it dies; its lock expires
    fetched = read_balance(connection)
    assert fetched.ok and sandbox_api.count("GET", BALANCE) == 1


def test_one_pooled_session_per_connection_and_process(connection, other_connection, sandbox_api):
    from accounts.connections import client_for

    first, second = client_for(connection), client_for(connection)
    assert first._transport.session is second._transport.session
    assert client_for(other_connection)._transport.session is not first._transport.session
    read_balance(connection)
    read_balance(connection, refresh=True)
    assert client_for(connection)._transport.session is first._transport.session


def test_the_transport_stops_retrying_when_the_budget_is_spent(connection, sandbox_api):
    from accounts.connections import client_for

    sandbox_api.fault(path=BALANCE, status=503)
    client = client_for(connection)
    with budget.within(0.0), pytest.raises(TimeBudgetSpent):
        client.account_balance()
    assert sandbox_api.count("GET", BALANCE) == 0


def test_the_connection_test_stays_inside_the_budget(
    admin_client, connection, sandbox_api, settings
):
    """Both dialects hang: the test does not wait for one and then the other."""
    settings.FORNEX_BUDGET = 1
    sandbox_api.fault(path="/api/", hang=True)
    started = time.monotonic()
    response = admin_client.post(f"/team/connections/{connection.pk}/test/")
    assert time.monotonic() - started < 1 + 2
    assert response.status_code in (200, 302)
