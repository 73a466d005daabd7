"""Fixed-window counters in the shared cache, so a limit holds across web processes."""

from __future__ import annotations

import time

from django.core.cache import cache


def within_rate(name: str, *, limit: int, window: int) -> bool:
    """Count one hit for `name` in the current window of `window` seconds; False past `limit`."""
    key = f"ratelimit:{name}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return count <= limit


def rate_count(name: str, *, window: int) -> int:
    """How many hits `name` has in the current window (without counting one)."""
    return cache.get(f"ratelimit:{name}:{int(time.time() // window)}") or 0
