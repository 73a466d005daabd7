"""The provider gateway: fresh, stale and missing data, single-flight, breaker, invalidation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from fornexpanel import gateway
from fornexpanel.fornex import InvalidApiKey, UpstreamUnavailable

BALANCE = "/api/account/balance"


def read_balance(connection, **kwargs):
    return gateway.read(connection, "balance", lambda client: client.account_balance(), **kwargs)


def test_a_first_read_asks_fornex_and_says_when(connection, sandbox_api):
    fetched = read_balance(connection)
    assert fetched.ok and str(fetched.data.amount) == "91.0"
    assert not fetched.stale and not fetched.from_cache
    assert timezone.now() - fetched.fetched_at < timedelta(seconds=5)
    assert sandbox_api.count("GET", BALANCE) == 1


def test_a_fresh_answer_comes_from_the_cache(connection, sandbox_api):
    first = read_balance(connection)
    second = read_balance(connection)
    assert second.from_cache and second.fetched_at == first.fetched_at
    assert sandbox_api.count("GET", BALANCE) == 1


def test_refresh_asks_again(connection, sandbox_api):
    read_balance(connection)
    read_balance(connection, refresh=True)
    assert sandbox_api.count("GET", BALANCE) == 2


def test_an_expired_answer_is_fetched_again(connection, sandbox_api):
    read_balance(connection, ttl=0)
    read_balance(connection, ttl=0)
    assert sandbox_api.count("GET", BALANCE) == 2


def test_when_fornex_fails_the_last_good_answer_is_shown_as_stale(connection, sandbox_api):
    good = read_balance(connection)
    sandbox_api.fault(path=BALANCE, status=503)
    fetched = read_balance(connection, refresh=True)
    assert fetched.ok and fetched.stale
    assert fetched.data == good.data and fetched.fetched_at == good.fetched_at
    assert isinstance(fetched.error, UpstreamUnavailable)
    assert "not answering" in fetched.error_message


def test_with_nothing_cached_a_failure_is_an_error_not_an_exception(connection, sandbox_api):
    sandbox_api.fault(path=BALANCE, malformed=True)
    fetched = read_balance(connection)
    assert not fetched.ok and fetched.data is None
    assert "could not read" in fetched.error_message


def test_a_rejected_key_never_shows_old_data(connection, sandbox_api, settings):
    read_balance(connection)
    from accounts.connections import _store_key

    _store_key(connection, "revoked-key-1234")
    connection.save()
    fetched = read_balance(connection, refresh=True)
    assert not fetched.ok and isinstance(fetched.error, InvalidApiKey)


def test_a_failure_is_remembered_for_a_moment(connection, sandbox_api):
    sandbox_api.fault(path=BALANCE, status=503)
    read_balance(connection)
    calls = sandbox_api.count("GET", BALANCE)
    assert not read_balance(connection).ok
    assert sandbox_api.count("GET", BALANCE) == calls


def test_repeated_failures_open_the_breaker(connection, sandbox_api, monkeypatch):
    monkeypatch.setattr(gateway, "FAILURE_MEMORY", 0.001)
    sandbox_api.fault(path=BALANCE, status=503)
    for _ in range(gateway.BREAKER_THRESHOLD):
        read_balance(connection, refresh=True)
    calls = sandbox_api.count("GET", BALANCE)
    sandbox_api.clear_faults()
    fetched = read_balance(connection, refresh=True)
    assert not fetched.ok and sandbox_api.count("GET", BALANCE) == calls


def test_invalidating_forgets_an_answer(connection, sandbox_api):
    read_balance(connection)
    gateway.invalidate(connection, "balance")
    read_balance(connection)
    assert sandbox_api.count("GET", BALANCE) == 2


def test_invalidating_a_connection_forgets_everything(connection, sandbox_api):
    read_balance(connection)
    gateway.read(connection, "orders", lambda c: c.orders_list())
    gateway.invalidate_connection(connection)
    read_balance(connection)
    gateway.read(connection, "orders", lambda c: c.orders_list())
    assert sandbox_api.count("GET", BALANCE) == 2
    assert sandbox_api.count("GET", "/api/orders/list") == 2


def test_answers_are_kept_per_connection(connection, other_connection, sandbox_api):
    assert str(read_balance(connection).data.amount) == "91.0"
    assert str(read_balance(other_connection).data.amount) == "12.5"


def test_concurrent_misses_make_one_upstream_call(transactional_db, connection, sandbox_api):
    sandbox_api.fault(path=BALANCE, latency=0.5)
    results = []

    def worker():
        from django.db import connection as db

        try:
            results.append(read_balance(connection))
        finally:
            db.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6 and all(result.ok for result in results)
    assert sandbox_api.count("GET", BALANCE) == 1


SCRIPT = """
import json, os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "fornexpanel.settings_test"
django.setup()
from django.conf import settings
settings.FORNEX_API_URL = sys.argv[1]
settings.CACHES["default"]["KEY_PREFIX"] = sys.argv[2]
from accounts.models import Connection, Team
from accounts.connections import _store_key
from fornexpanel import gateway

conn = Connection(pk=424242, team_id=1, label="x")
_store_key(conn, "sandbox-full")
fetched = gateway.read(conn, "balance", lambda client: client.account_balance())
print(json.dumps({"ok": fetched.ok, "amount": str(fetched.data.amount)}))
"""


def test_single_flight_holds_across_processes(sandbox_api, settings):
    """Two processes sharing the Redis cache: one upstream call between them."""
    if not settings.REDIS_URL:
        from tests.conftest import missing

        missing("a cache shared between processes needs Redis (REDIS_URL)")
    sandbox_api.fault(path=BALANCE, latency=1.0)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, sandbox_api.api_url, prefix],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    for (stdout, stderr), process in zip(outputs, processes, strict=True):
        assert process.returncode == 0, stderr
        assert json.loads(stdout.strip().splitlines()[-1]) == {"ok": True, "amount": "91.0"}
    assert sandbox_api.count("GET", BALANCE) == 1
