"""The gateway's cache cannot go back in time, forgets deleted connections, survives a cache that
is down, and keeps its breakers and forced refreshes per connection and kind."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache

from fornexpanel import gateway
from fornexpanel.fornex import UpstreamUnavailable

BALANCE = "/api/account/balance"


def read_balance(connection, **kwargs):
    return gateway.read(connection, "balance", lambda client: client.account_balance(), **kwargs)


def test_a_read_that_raced_a_write_does_not_store_its_older_answer(
    transactional_db, connection, sandbox_api
):
    started, release = threading.Event(), threading.Event()
    calls = {"n": 0}

    def fetch(client):
        calls["n"] += 1
        value = f"v{calls['n']}"
        if calls["n"] == 1:
            started.set()
            release.wait(5)  # this answer left Fornex before the write below
        return value

    out = {}

    def read_in_thread():
        from django.db import connection as db

        try:
            out["r"] = gateway.read(connection, "orders", fetch)
        finally:
            db.close()

    reader = threading.Thread(target=read_in_thread)
    reader.start()
    assert started.wait(5)
    gateway.invalidate(connection, "orders")  # a write changed the orders meanwhile
    release.set()
    reader.join(10)

    assert out["r"].data == "v1"  # the racing read still answers its own page
    after = gateway.read(connection, "orders", fetch)
    assert after.data == "v2" and not after.from_cache
    assert gateway.read(connection, "orders", fetch).data == "v2"  # and that one is stored


def test_fetched_at_is_when_the_fetch_started(connection, sandbox_api):
    sandbox_api.fault(path=BALANCE, latency=1.0, times=1)
    before = time.time()
    fetched = read_balance(connection)
    assert fetched.ok
    assert fetched.fetched_at.timestamp() - before < 0.5  # not ~1 s later, after the answer


def test_cache_keys_carry_the_release(connection, sandbox_api, settings):
    read_balance(connection)
    settings.RELEASE = "9.9.9-next"
    read_balance(connection)
    assert sandbox_api.count("GET", BALANCE) == 2  # the new release does not read the old key
    assert gateway._key(connection, "balance", ()).startswith("gw:9.9.9-next:")


def test_deleting_a_connection_deletes_its_cached_data(
    admin, connection, sandbox_api, django_capture_on_commit_callbacks
):
    from accounts.connections import connection_delete

    read_balance(connection)
    key = gateway._key(connection, "balance", ())
    assert cache.get(key) is not None
    pk = connection.pk
    with django_capture_on_commit_callbacks(execute=True):
        connection_delete(actor=admin, connection=connection)
    assert cache.get(key) is None
    assert gateway._delete_prefix(gateway._prefix(pk)) == 0  # nothing of it left to delete


def test_a_forced_refresh_is_honoured_once_per_kind_every_ten_seconds(connection, sandbox_api):
    read_balance(connection)
    read_balance(connection, refresh=True)
    read_balance(connection, refresh=True)
    read_balance(connection, refresh=True)
    assert sandbox_api.count("GET", BALANCE) == 2
    gateway.read(connection, "orders", lambda c: c.orders_list(), refresh=True)
    assert sandbox_api.count("GET", "/api/orders/list") == 1  # another kind has its own allowance
    cache.delete(gateway._kind_key(connection, "balance", "refresh"))  # ten seconds later
    read_balance(connection, refresh=True)
    assert sandbox_api.count("GET", BALANCE) == 3


def test_the_breaker_opens_per_connection_and_kind(connection, sandbox_api, monkeypatch):
    monkeypatch.setattr(gateway, "FAILURE_MEMORY", 0.001)
    monkeypatch.setattr(gateway, "REFRESH_EVERY", 0.001)
    sandbox_api.fault(path=BALANCE, status=503)
    for _ in range(gateway.BREAKER_THRESHOLD):
        time.sleep(0.01)
        read_balance(connection, refresh=True)
    calls = sandbox_api.count("GET", BALANCE)
    sandbox_api.clear_faults()
    assert not read_balance(connection, refresh=True).ok
    assert sandbox_api.count("GET", BALANCE) == calls  # balance: breaker open
    orders = gateway.read(connection, "orders", lambda c: c.orders_list())
    assert orders.ok  # another endpoint of the same connection is still asked


def test_the_breaker_counts_slow_failures_spread_over_minutes(connection, sandbox_api, monkeypatch):
    """Timeouts count, and the counter lives as long as the window, however slow each one is:
    each failure renews it."""
    monkeypatch.setattr(gateway, "FAILURE_MEMORY", 0.001)
    name = gateway._kind_key(connection, "balance", "failures")
    timeouts = []
    original = gateway.store.counter

    def counter(key, timeout):
        timeouts.append(timeout)
        return original(key, timeout)

    monkeypatch.setattr(gateway.store, "counter", counter)
    sandbox_api.fault(path=BALANCE, hang=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gateway, "attempt_timeout", lambda: (0.2, 0.2))
        for _ in range(gateway.BREAKER_THRESHOLD):
            time.sleep(0.01)
            fetched = read_balance(connection)
            assert isinstance(fetched.error, UpstreamUnavailable)
    assert timeouts and all(t >= gateway.BREAKER_THRESHOLD * 10 for t in timeouts)
    assert gateway._breaker_open(connection, "balance")
    assert cache.get(name) is None  # reset when the breaker opened


def test_the_failure_counter_is_renewed_at_each_failure(connection, sandbox_api):
    name = gateway._kind_key(connection, "balance", "failures")
    cache.set(name, 3, timeout=1)
    gateway._count_failure(connection, "balance")
    time.sleep(1.2)
    assert cache.get(name) == 4  # the one-second life it had was renewed to the window


@pytest.fixture
def cache_down(settings):
    """The cache points at a port where nothing listens."""
    from tests.production.helpers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "fornexpanel.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    gateway.store.reset()


def test_with_the_cache_down_reads_go_to_fornex(connection, sandbox_api, cache_down):
    first = read_balance(connection)
    assert first.ok and str(first.data.amount) == "91.0"
    assert first.cache_unavailable
    assert read_balance(connection).ok
    assert sandbox_api.count("GET", BALANCE) == 2  # nothing is cached while the cache is down


def test_with_the_cache_down_the_breaker_lives_in_memory(
    connection, sandbox_api, cache_down, monkeypatch
):
    monkeypatch.setattr(gateway, "FAILURE_MEMORY", 0.001)
    monkeypatch.setattr(gateway, "REFRESH_EVERY", 0.001)
    sandbox_api.fault(path=BALANCE, status=503)
    for _ in range(gateway.BREAKER_THRESHOLD):
        time.sleep(0.01)
        assert not read_balance(connection, refresh=True).ok
    calls = sandbox_api.count("GET", BALANCE)
    read_balance(connection, refresh=True)
    assert sandbox_api.count("GET", BALANCE) == calls


def test_with_the_cache_down_invalidation_does_not_fail(connection, sandbox_api, cache_down):
    gateway.invalidate(connection, "balance")
    gateway.invalidate_connection(connection)
    assert gateway.forget_connection(connection.pk) == 0
