"""Requests per API token, counted in the shared cache (so every web process counts together):
at most API_RATE_LIMIT in each window of API_RATE_WINDOW seconds. Over it, the endpoint answers
429 with Retry-After. With the cache unreachable, requests are let through (and it is logged):
the cache is optional, the audit still records every call."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Throttled:
    retry_after: int  # seconds until the window ends
    first: bool  # the first refused request of the window (audited; the others are not)


def hit(token_id: int) -> Throttled | None:
    """Count one request; Throttled when the token is over its limit."""
    limit = settings.API_RATE_LIMIT
    window = settings.API_RATE_WINDOW
    if limit <= 0:
        return None
    now = time.time()
    slot = int(now // window)
    key = f"api:rate:{token_id}:{slot}"
    try:
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        return None
    except Exception:  # the cache is down: let the request through
        log.warning("api rate limit: cache unavailable", exc_info=True)
        return None
    if count <= limit:
        return None
    return Throttled(
        retry_after=max(1, math.ceil((slot + 1) * window - now)), first=count == limit + 1
    )
