"""The panel's Redis cache backend (fornexpanel/core/cache.py): Django's, keeping one client per
connection pool instead of building one for every call."""

from __future__ import annotations

import pytest
import redis

from fornexpanel.core.cache import RedisCache
from tests.production.helpers import free_port


def _backend(location: str) -> RedisCache:
    return RedisCache(
        location,
        {
            "KEY_PREFIX": "backend-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    )


def test_it_keeps_its_client_and_reads_and_writes_as_djangos(settings):
    if not settings.REDIS_URL:
        from tests.conftest import missing

        missing("the Redis cache backend needs Redis (REDIS_URL)")
    cache = _backend(settings.REDIS_URL)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client  # one server: one pool, one client
    cache.set("a", {"n": 1}, 30)
    cache.set_many({"b": 2, "c": [3]}, 30)
    assert cache.get("a") == {"n": 1}
    assert cache.get_many(["a", "b", "c", "missing"]) == {"a": {"n": 1}, "b": 2, "c": [3]}
    assert cache.add("a", 9, 30) is False and cache.incr("b") == 3
    cache.delete_many(["a", "b", "c"])
    assert cache.get_many(["a", "b", "c"]) == {}


def test_a_redis_that_does_not_answer_is_still_an_error_the_panel_sees():
    cache = _backend(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("a")
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("a")  # the kept client does not hide a second failure
