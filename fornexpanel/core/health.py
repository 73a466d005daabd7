"""Is the panel able to work? Database, cache, broker and background workers, for load balancers.

The web process needs the database, the cache and the broker: if one is down the answer is 503,
so a load balancer stops sending users to a process that can only fail. A missing worker makes
the answer "degraded" but still 200: taking every web process out of rotation would not bring a
worker back, it would only hide the panel too. Monitoring should alert on "degraded".

Workers prove they are alive with a heartbeat they write to the shared cache (fornexpanel/core/
worker.py), which works the same on Redis and on the embedded database cache.

The answer names components and states only: never an error message, a host name or a URL.
What failed and why goes to the log.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

HEALTH_PATH = "/health/"
HEARTBEAT_KEY = "health:worker-heartbeat"
BROKER_TIMEOUT = 3  # seconds

log = logging.getLogger("fornexpanel.health")
_CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+@")

UP, DOWN, UNKNOWN = "up", "down", "unknown"


@dataclass(frozen=True)
class Check:
    status: str
    ms: float | None = None
    last_seen_seconds: float | None = None

    def as_dict(self) -> dict:
        answer: dict = {"status": self.status}
        if self.ms is not None:
            answer["ms"] = self.ms
        if self.last_seen_seconds is not None:
            answer["last_seen_seconds"] = self.last_seen_seconds
        return answer


def _timed(component: str, probe: Callable[[], None]) -> Check:
    started = time.monotonic()
    try:
        probe()
    except Exception as error:
        message = _CREDENTIALS_IN_URL.sub("://***@", str(error))[:300]
        log.warning(
            "health: %s is down (%s: %s)",
            component,
            type(error).__name__,
            message,
            extra={"fields": {"event": "health", "component": component, "status": DOWN}},
        )
        return Check(DOWN)
    return Check(UP, ms=round((time.monotonic() - started) * 1000, 1))


def _probe_database() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A broken connection must not be reused by the next probe (outside a transaction only:
        # inside one, Django rolls back and closes it itself).
        if not connection.in_atomic_block:
            connection.close()
        raise


def database_reachable() -> bool:
    """Whether the database answers now (for pages that cannot work without it)."""
    return _timed("database", _probe_database).status == UP


def _probe_cache() -> None:
    token = uuid.uuid4().hex
    cache.set("health:probe", token, timeout=60)
    if cache.get("health:probe") != token:
        raise RuntimeError("the cache did not return what was just stored")


def _probe_broker() -> None:
    from fornexpanel.celery import app

    options = app.conf.broker_transport_options or {}
    folder = options.get("data_folder_in")
    if folder and not (Path(folder).is_dir() and os.access(folder, os.W_OK)):
        # The filesystem transport "connects" to any folder; what matters is that it can write.
        raise RuntimeError("the broker folder is missing or not writable")
    with app.connection_for_write(connect_timeout=BROKER_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=0)


def write_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=heartbeat_timeout() * 2)


def heartbeat_timeout() -> int:
    """A worker is taken for dead after missing three heartbeats in a row."""
    return settings.WORKER_HEARTBEAT_SECONDS * 3


def _check_worker(cache_status: str) -> Check:
    if cache_status != UP:
        return Check(UNKNOWN)
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception:
        return Check(UNKNOWN)
    if not isinstance(beat, int | float):
        return Check(DOWN)
    age = max(0.0, round(time.time() - beat, 1))
    return Check(UP if age <= heartbeat_timeout() else DOWN, last_seen_seconds=age)


def worker_running() -> bool | None:
    """Is a worker alive (its heartbeat is recent)? None when the cache cannot tell."""
    try:
        status = _check_worker(UP).status
    except Exception:
        return None
    return {UP: True, DOWN: False}.get(status)


def health_report() -> tuple[bool, dict]:
    """(whether the web process can serve, the JSON answer)."""
    checks = {
        "database": _timed("database", _probe_database),
        "cache": _timed("cache", _probe_cache),
        "broker": _timed("broker", _probe_broker),
    }
    checks["worker"] = _check_worker(checks["cache"].status)
    serving = all(checks[name].status == UP for name in ("database", "cache", "broker"))
    if not serving:
        status = "down"
    elif checks["worker"].status != UP:
        status = "degraded"
    else:
        status = "ok"
    return serving, {
        "status": status,
        "checks": {name: check.as_dict() for name, check in checks.items()},
    }
