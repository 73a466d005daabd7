"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's own client makes a new `redis.Redis` object for every cache call, and building one sets
up its table of some 170 reply handlers: about a tenth of a millisecond each time, paid several
times by every page. A client holds no state of its own between calls (the pool holds the
connections), and each thread has its own cache backend object (`django.core.cache.caches`), so
the client is simply kept.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class PanelRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = PanelRedisCacheClient
