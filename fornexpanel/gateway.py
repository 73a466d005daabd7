"""The provider gateway: every read from Fornex goes through here.

- Answers come from the cache while fresh (a lifetime per kind of data, see LIFETIMES), keyed by
  connection; each answer says when it was fetched.
- On a miss, one process fetches and the others wait for its answer (single-flight through a lock
  in the shared cache, so it holds across web and worker processes). A waiter that has an older
  answer waits at most a second and then shows that answer marked stale; one with nothing waits
  no longer than the page's budget.
- When Fornex fails and an older answer exists, that answer is returned marked stale, with the
  error; with nothing cached the error is returned for the page to explain. Never an exception
  for an upstream failure.
- The cache cannot go back in time: each key has a generation that `invalidate` moves on; a fetch
  reads it before asking Fornex and stores its answer only if it has not moved (a fetch that
  raced a write returns its answer to its own page but does not store it). "Fetched at" is the
  moment the fetch started. Keys carry the release (settings.RELEASE), so a new release never
  reads an older one's pickles; deleting a connection deletes its keys.
- One time budget (settings.FORNEX_BUDGET): the whole Fornex wait of a page (the middleware opens
  it per request, and every read opens one for itself outside a request). Per-attempt timeouts,
  retries, the lock's lifetime and every wait follow from it; past it a read returns the stale
  answer or the error at once.
- A failure is remembered for a few seconds (per key) and repeated failures, slow ones included,
  open a short breaker per connection and kind of data, so a down Fornex (or one failing
  endpoint) is not hammered by every page view.
- A forced refresh is honoured at most once every REFRESH_EVERY seconds per connection and kind.
- The cache is optional: when it cannot be reached, reads go to Fornex directly, with the locks,
  failures and breakers kept in this process's memory (see `store`).
- Writes call `invalidate` for what they change.
- Each stored answer carries a stamp, also kept under a small key of its own; a process keeps the
  answers it decoded (by key and stamp, see `decoded`), so a big answer (1,000 orders) is
  unpickled once per process and change, not on every page view. Answers are frozen dataclasses
  and lists of them: readers never change them.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.dispatch import receiver
from django.test.signals import setting_changed
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fornexpanel.core.i18n import fornex_words, interpolate_html
from fornexpanel.core.recent import Recent
from fornexpanel.fornex import (
    BadRequest,
    BlockedByFilter,
    FornexError,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    NoV2Equivalent,
    TimeBudgetSpent,
    Unsupported,
    UpstreamUnavailable,
    budget,
)

if TYPE_CHECKING:
    from accounts.models import Connection
    from fornexpanel.fornex import FornexClient

log = logging.getLogger(__name__)
T = TypeVar("T")

MINUTE = 60
HOUR = 60 * MINUTE

# Seconds an answer stays fresh, per kind of data. Plans change rarely; money and power change.
LIFETIMES: dict[str, int] = {
    "account_info": HOUR,
    "balance": 2 * MINUTE,
    "invoices": 5 * MINUTE,
    "orders": 2 * MINUTE,
    "plans": HOUR,
    "vps_status": 15,
    "vps_stats": 5 * MINUTE,
    "ssh_keys": 5 * MINUTE,
    "vps_ssh_keys": 5 * MINUTE,
    "webhook": 5 * MINUTE,
    "dns_domains": 5 * MINUTE,
    "dns_records": 5 * MINUTE,
    "zone_file": 5 * MINUTE,
    "ds_traffic": 15 * MINUTE,
    "ds_traffic_used": 15 * MINUTE,
    "log_details": 10,
    "ip_addresses": 5 * MINUTE,
}
DEFAULT_LIFETIME = 5 * MINUTE

KEEP_STALE = 7 * 24 * HOUR  # how long a last good answer is kept for when Fornex is down
LOCK_MARGIN = 5  # the lock outlives the budget (the longest a fetch may take) by this much
STALE_WAIT = 1.0  # a waiter with an older answer to show waits at most this long for a newer one
POLL_FIRST, POLL_MAX = 0.02, 0.2  # a waiter polls at growing intervals, within the budget
FAILURE_MEMORY = 10  # seconds a failure is served from memory before Fornex is asked again
BREAKER_THRESHOLD = 5  # upstream failures (timeouts included) on a connection and kind ...
BREAKER_OPEN = 30  # ... stop asking for this many seconds
BREAKER_WINDOW = 5 * MINUTE  # failures count while less than this apart (renewed at each one)
REFRESH_EVERY = 10  # seconds between two forced refreshes of one kind on one connection

# Errors after which an older answer is still worth showing; the others mean the question itself
# is wrong (bad key, no rights, no such object) and old data would mislead.
_STALE_OK = (UpstreamUnavailable, MalformedResponse)


@dataclass
class Fetched(Generic[T]):
    """An answer from Fornex as the page should show it."""

    data: T | None
    fetched_at: datetime | None
    stale: bool = False
    error: Exception | None = None
    from_cache: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    cache_unavailable: bool = False  # read straight from Fornex because the cache was down
    stamp: str | None = None  # the stored answer's stamp (see `derived`); None when not stored

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def error_message(self) -> SafeString | str:
        """For pages: the panel's explanation, Fornex's own words in it marked as Fornex's."""
        return describe_error_html(self.error) if self.error is not None else ""

    @property
    def error_text(self) -> str:
        """The same as plain text, for JSON answers."""
        return describe_error(self.error) if self.error is not None else ""

    @property
    def no_permission(self) -> bool:
        return isinstance(self.error, NoPermission)

    @property
    def not_found(self) -> bool:
        return isinstance(self.error, NotFound)


def fornex_text(error: Exception) -> str:
    """What Fornex itself said about a refusal (the API's `error` text), or "" when it said
    nothing of its own (the client's default sentence is not Fornex's words)."""
    if isinstance(error, BadRequest) and error.message != BadRequest.default_message:
        return error.message or ""
    return ""


def describe_error_html(error: Exception) -> SafeString:
    """describe_error for a page: escaped, with Fornex's own words marked as Fornex's."""
    words = fornex_text(error)
    if words:
        return interpolate_html(_("Fornex refused: %(message)s"), {"message": fornex_words(words)})
    return conditional_escape(describe_error(error))


def describe_error(error: Exception) -> str:
    """The words a member sees for a failure (never the key, never a stack trace), as plain
    text: for what is stored (operations, audit details) or sent as JSON. Pages use
    describe_error_html, which marks Fornex's own words."""
    from accounts.crypto import KeyDecryptionError, UnsendableApiKey

    if isinstance(error, UnsendableApiKey):
        return _(
            "The connection's API key holds characters that cannot be sent to Fornex (often an "
            "invisible one pasted with it). An admin can enter the key again on the connection's "
            "page."
        )
    if isinstance(error, KeyDecryptionError):
        return _(
            "The connection's API key cannot be decrypted with this panel's encryption keys. "
            "An admin can enter the key again on the connection's page."
        )
    if isinstance(error, InvalidApiKey):
        return _(
            "Fornex rejected the connection's API key. An admin can check it on the connection's page."
        )
    if isinstance(error, NoPermission):
        return _("The connection's API key does not have the rights for this at Fornex.")
    if isinstance(error, NotFound):
        return _("Fornex does not know this object (it may have been removed).")
    if isinstance(error, BadRequest):
        if fornex_text(error):
            return _("Fornex refused: %(message)s") % {"message": fornex_text(error)}
        return _("Fornex refused the request.")
    if isinstance(error, BlockedByFilter):
        # Before UpstreamUnavailable (its base class): the API never saw the request.
        return _(
            "A bot filter in front of Fornex blocked the panel's request, so the API never saw "
            "it. This usually passes: try again in a few minutes."
        )
    if isinstance(error, UpstreamUnavailable):
        if isinstance(error, TimeBudgetSpent):
            return _(
                "Fornex did not answer within the time this page may wait for it. Try again in "
                "a moment."
            )
        return _("Fornex is not answering right now. Try again in a moment.")
    if isinstance(error, NoV2Equivalent):
        what = {
            "plans_vpn": _("VPN plan catalogue"),
            "vpn_config": _("VPN configuration download"),
            "vps_stat": _("inode statistics"),
        }.get(error.operation or "", _("equivalent of this legacy operation"))
        return _(
            "Fornex's v2 API, which this connection uses, has no %(what)s (only the legacy API "
            "has one). A connection on the legacy API with the same key shows it."
        ) % {"what": what}
    if isinstance(error, Unsupported):
        return _(
            "This needs Fornex's v2 API, which this connection does not use. An admin can "
            "switch the connection to the v2 API on its page."
        )
    if isinstance(error, MalformedResponse):
        return _("Fornex sent an answer the panel could not read.")
    if isinstance(error, FornexError):
        return _("Fornex could not be asked: %(message)s") % {"message": str(error)}
    return _("Something went wrong while asking Fornex.")


def lifetime(kind: str) -> int:
    return LIFETIMES.get(kind, DEFAULT_LIFETIME)


# -- the time budget ---------------------------------------------------------------------------


def page_budget() -> float:
    """Seconds the Fornex wait of one page may take in all (FORNEX_BUDGET)."""
    return float(settings.FORNEX_BUDGET)


def attempt_timeout() -> tuple[float, float]:
    """(connect, read) timeouts of one attempt, from the budget: two attempts fit in it. Inside
    a budget the transport cuts them further to what is left."""
    total = page_budget()
    read = min(float(settings.FORNEX_TIMEOUT), max(total / 2, 0.1))
    return (min(3.0, read), read)


ATTEMPT_RETRIES = 1  # with attempt_timeout(), one retry fits inside the budget


def lock_timeout() -> int:
    """The single-flight lock outlives the longest fetch (the budget) by a margin."""
    return int(page_budget()) + LOCK_MARGIN


def within_budget():
    """Open the page's budget (the middleware does, per request; nested calls never extend it)."""
    return budget.within(page_budget())


@dataclass
class PageNotes:
    """What a request's reads served stale, and whether the page showed its own stale banner
    (includes/fetch_status.html); base.html shows one for the rest (`stale_notice`)."""

    stale: list[Fetched] = field(default_factory=list)
    shown: bool = False
    # Each connection's cache version as this request first read it (one lookup per request).
    versions: dict[Any, int] = field(default_factory=dict)
    # Stamps read ahead in one round trip (`prefetch`), each for the first read of its key.
    prefetched: dict[str, Any] = field(default_factory=dict)

    @property
    def unshown(self) -> Fetched | None:
        """The oldest stale answer, if the page has not said anything about stale data itself."""
        if self.shown or not self.stale:
            return None
        return min(self.stale, key=lambda fetched: fetched.fetched_at)


_notes: contextvars.ContextVar[PageNotes | None] = contextvars.ContextVar(
    "gateway_notes", default=None
)


def page_notes() -> PageNotes | None:
    return _notes.get()


class Unavailable(Exception):
    """A view cannot be shown without an answer Fornex did not give: the middleware answers
    503 with the reason (`fetched.error_message`)."""

    def __init__(self, fetched: Fetched) -> None:
        super().__init__(fetched.error_text)
        self.fetched = fetched


class BudgetMiddleware:
    """Every request gets one Fornex time budget: all its reads share FORNEX_BUDGET seconds.

    It also turns what a view could not do without Fornex (`Unavailable`) or without the cache
    (a Redis error outside the gateway) into a clear 503 page instead of a 500."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _notes.set(PageNotes())
        try:
            with within_budget():
                return self.get_response(request)
        finally:
            _notes.reset(token)

    def process_exception(self, request, exception: Exception):
        from django.shortcuts import render

        if isinstance(exception, Unavailable):
            title = _("Fornex is not answering")
            message = exception.fetched.error_message
        elif _REDIS_ERRORS and isinstance(exception, _REDIS_ERRORS):
            log.error("cache unavailable: %s", type(exception).__name__)
            title = _("Cache unavailable")
            message = _(
                "The panel's cache (Redis) cannot be reached, so this could not be done. Pages "
                "that read from Fornex still work; try this again in a moment."
            )
        else:
            return None
        context = {"title": title, "message": message}
        return render(request, "errors/unavailable.html", context, status=503)


def concurrently(*calls: Callable[[], Any]) -> list[Any]:
    """Run a page's independent reads at the same time (each in a thread sharing the page's
    budget); return their results in order.

    Inside a database transaction (the test suite's, or an atomic view) they run one after
    another: another thread's database connection could not see the transaction's rows."""
    from django.db import connection as db

    if len(calls) < 2 or db.in_atomic_block:
        return [call() for call in calls]

    from fornexpanel.core import debug

    def run(call: Callable[[], Any]) -> tuple[Any, tuple[str, ...]]:
        from django.db import connections

        try:
            return call(), debug._revealed.get()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls), thread_name_prefix="gateway") as pool:
        futures = [pool.submit(contextvars.copy_context().run, run, call) for call in calls]
        outcomes = [future.result() for future in futures]
    # Keys decrypted in the threads stay hidden from this request's error reports too.
    for _result, revealed in outcomes:
        for secret in revealed:
            debug.remember_revealed(secret)
    return [result for result, _revealed in outcomes]


# -- the store: the shared cache, or this process's memory when the cache is down ---------------


def _infrastructure_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError, DatabaseError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


_CACHE_DOWN = _infrastructure_errors()
_REDIS_ERRORS = tuple(e for e in _CACHE_DOWN if e.__module__.startswith("redis"))


class Store:
    """The shared cache, degrading to this process's memory while it cannot be reached.

    A cache error is logged once, then for DOWN_FOR seconds every operation goes to the local
    memory (no connect timeout paid per call); answers themselves are not kept there (another
    process's write could not invalidate them), only locks, failures and breakers."""

    DOWN_FOR = 5.0

    def __init__(self) -> None:
        self.local = LocMemCache("fornexpanel-gateway-fallback", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                return getattr(cache, name)(*args, **kwargs)
            except _CACHE_DOWN as error:
                with self._lock:
                    if not self.degraded:
                        log.error(
                            "cache unavailable, reading Fornex directly for %.0f s: %s",
                            self.DOWN_FOR,
                            type(error).__name__,
                        )
                    self._down_until = time.monotonic() + self.DOWN_FOR
        return getattr(self.local, name)(*args, **kwargs)

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return self._call("get_many", keys)

    def set(self, key: str, value: Any, timeout: float | None) -> None:
        self._call("set", key, value, timeout=timeout)

    def add(self, key: str, value: Any, timeout: float | None) -> bool:
        return self._call("add", key, value, timeout=timeout)

    def get_or_set(self, key: str, value: Any, timeout: float | None) -> Any:
        return self._call("get_or_set", key, value, timeout=timeout)

    def incr(self, key: str) -> int:
        return self._call("incr", key)

    def touch(self, key: str, timeout: float | None) -> bool:
        return self._call("touch", key, timeout=timeout)

    def delete(self, key: str) -> None:
        self._call("delete", key)

    def delete_many(self, keys: list[str]) -> None:
        self._call("delete_many", keys)

    def counter(self, key: str, timeout: float | None) -> int:
        """Add one to the counter `key` (created at 0), renewing its lifetime to `timeout`."""
        self.add(key, 0, timeout=timeout)
        try:
            value = self.incr(key)
        except ValueError:  # expired between add and incr
            self.set(key, 1, timeout=timeout)
            return 1
        self.touch(key, timeout=timeout)
        return value

    def reset(self) -> None:
        """Forget the local memory and try the cache again (when the cache settings change)."""
        self._down_until = 0.0
        self.local.clear()


store = Store()


class Decoded:
    """This process's decoded copies of stored answers, by cache key and stamp (least recently
    used first out). A copy is used only while the shared cache still names its stamp: a newer
    answer (from any process) has another stamp, and forgetting an answer deletes its stamp."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._copies = Recent(lambda: self.size)  # key -> (stamp, entry)

    def get(self, key: str, stamp: str) -> dict[str, Any] | None:
        found = self._copies.get(key)
        return found[1] if found is not None and found[0] == stamp else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if entry.get("stamp") is not None:
            self._copies.put(key, (entry["stamp"], entry))

    def clear(self) -> None:
        self._copies.clear()


decoded = Decoded()


@receiver(setting_changed)
def _cache_settings_changed(setting: str, **kwargs: Any) -> None:
    if setting in ("CACHES", "FORNEX_API_URL"):
        store.reset()
        decoded.clear()
        _derived.clear()


# -- keys --------------------------------------------------------------------------------------


def _prefix(connection_pk: Any) -> str:
    return f"gw:{settings.RELEASE}:{connection_pk}:"


def _version(connection: Connection) -> int:
    notes = _notes.get()
    if notes is not None and connection.pk in notes.versions:
        return notes.versions[connection.pk]
    version = store.get_or_set(f"{_prefix(connection.pk)}version", 1, timeout=None)
    if notes is not None:
        notes.versions[connection.pk] = version
    return version


def _forget_version(connection_pk: Any) -> None:
    notes = _notes.get()
    if notes is not None:
        notes.versions.pop(connection_pk, None)
        notes.prefetched.clear()


def _key(
    connection: Connection, kind: str, parts: Iterable[Any], version: int | None = None
) -> str:
    digest = hashlib.sha1(repr(tuple(parts)).encode(), usedforsecurity=False).hexdigest()[:16]
    if version is None:
        version = _version(connection)
    return f"{_prefix(connection.pk)}{version}:{kind}:{digest}"


def _kind_key(connection: Connection, kind: str, what: str) -> str:
    return f"{_prefix(connection.pk)}{kind}:{what}"


def _load(key: str) -> dict[str, Any] | None:
    """The stored answer under `key`: this process's decoded copy while its stamp is current,
    else from the cache (and kept)."""
    notes = _notes.get()
    if notes is not None and key in notes.prefetched:
        stamp = notes.prefetched.pop(key)
    else:
        stamp = store.get(f"{key}:stamp")
    if stamp is not None:
        known = decoded.get(key, stamp)
        if known is not None:
            return known
    entry = store.get(key)
    if entry is not None and entry.get("stamp") == stamp:
        decoded.put(key, entry)
    return entry


def _load_many(keys: list[str]) -> dict[str, dict[str, Any]]:
    """The stored answers under `keys` in two round trips at most: the stamps, then the answers
    this process has not decoded yet. A key without a stamp counts as not stored (every answer
    is stored with one; the stamp may lag the answer by a moment)."""
    notes = _notes.get()
    ahead = notes.prefetched if notes is not None else {}
    asked = [key for key in keys if key not in ahead]
    stamps = store.get_many([f"{key}:stamp" for key in asked]) if asked else {}
    for key in keys:
        if key in ahead:
            stamps[f"{key}:stamp"] = ahead.pop(key)
    found: dict[str, dict[str, Any]] = {}
    missing = []
    for key in keys:
        stamp = stamps.get(f"{key}:stamp")
        if stamp is None:
            continue
        known = decoded.get(key, stamp)
        if known is not None:
            found[key] = known
        else:
            missing.append(key)
    for key, entry in store.get_many(missing).items() if missing else ():
        if entry.get("stamp") == stamps[f"{key}:stamp"]:
            decoded.put(key, entry)
        found[key] = entry
    return found


def _default_client(connection: Connection) -> FornexClient:
    from accounts.connections import client_for

    return client_for(connection)


# -- reading -----------------------------------------------------------------------------------


def read(
    connection: Connection,
    kind: str,
    fetch: Callable[[FornexClient], T],
    *,
    parts: Iterable[Any] = (),
    refresh: bool = False,
    ttl: int | None = None,
    client_factory: Callable[[Connection], FornexClient] = _default_client,
) -> Fetched[T]:
    """Read `kind` (with `parts` naming which one, e.g. a domain) for `connection`."""
    with within_budget():
        fetched = _read(connection, kind, fetch, parts, refresh, ttl, client_factory)
    if store.degraded:
        fetched.cache_unavailable = True
    notes = _notes.get()
    if fetched.stale and notes is not None:
        notes.stale.append(fetched)
    return fetched


def _read(connection, kind, fetch, parts, refresh, ttl, client_factory) -> Fetched:
    key = _key(connection, kind, parts)
    ttl = lifetime(kind) if ttl is None else ttl
    entry = _load(key)
    if refresh and not store.add(_kind_key(connection, kind, "refresh"), 1, REFRESH_EVERY):
        refresh = False  # refreshed a moment ago: Fornex is not asked again so soon
    if entry is not None and not refresh and _age(entry) < ttl:
        return Fetched(
            entry["data"], entry["fetched_at"], from_cache=True, stamp=entry.get("stamp")
        )

    if not refresh:
        remembered = store.get(f"{key}:error")
        if remembered is not None:
            return _failed(entry, remembered)
    if _breaker_open(connection, kind):
        return _failed(entry, UpstreamUnavailable("breaker open", operation=kind))
    if budget.spent():
        return _failed(entry, TimeBudgetSpent(operation=kind))

    token = uuid.uuid4().hex
    if store.add(f"{key}:lock", token, timeout=lock_timeout()):
        try:
            return _fetch_and_store(connection, kind, key, entry, fetch, client_factory)
        finally:
            if store.get(f"{key}:lock") == token:
                store.delete(f"{key}:lock")

    # Another process is asking Fornex the same question: wait for its answer, briefly when
    # there is an older one to show, never past the budget.
    seen_at = entry["fetched_at"] if entry else None
    left = budget.remaining() or 0.0
    deadline = time.monotonic() + (min(left, STALE_WAIT) if entry is not None else left)
    interval = POLL_FIRST
    while time.monotonic() < deadline:
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
        interval = min(interval * 2, POLL_MAX)
        newer = _load(key)
        if newer is not None and (seen_at is None or newer["fetched_at"] > seen_at):
            return Fetched(
                newer["data"], newer["fetched_at"], from_cache=True, stamp=newer.get("stamp")
            )
        failure = store.get(f"{key}:error")
        if failure is not None:
            return _failed(entry, failure)
        if store.get(f"{key}:lock") is None:
            # It finished without storing (it raced a write, or it died): ask ourselves.
            if budget.spent():
                break
            return _fetch_and_store(
                connection, kind, key, _load(key) or entry, fetch, client_factory
            )
    return _failed(entry, TimeBudgetSpent("Still waiting for Fornex's answer.", operation=kind))


def prefetch(connection: Connection, reads: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
    """Read ahead, in one round trip, the stamps of answers a page is about to read ((kind,
    parts) each): each read then finds its stamp here instead of asking the cache once more. A
    stamp read ahead serves the first read of its answer in this request only."""
    notes = _notes.get()
    if notes is None:
        return
    keys = [_key(connection, kind, parts) for kind, parts in reads]
    keys = [key for key in keys if key not in notes.prefetched]  # read ahead already
    if not keys:
        return
    stamps = store.get_many([f"{key}:stamp" for key in keys])
    for key in keys:
        notes.prefetched[key] = stamps.get(f"{key}:stamp")


def fresh(connection: Connection, kind: str, *, parts: Iterable[Any] = ()) -> Fetched[Any] | None:
    """The cached answer while it is fresh (what `read` would return without asking Fornex),
    else None: lets a page skip the threads of `concurrently` when the cache answers all."""
    entry = _load(_key(connection, kind, parts))
    if entry is None or _age(entry) >= lifetime(kind):
        return None
    return Fetched(entry["data"], entry["fetched_at"], from_cache=True, stamp=entry.get("stamp"))


def derived(fetched: Fetched, name: str, compute: Callable[[Any], T]) -> T:
    """`compute(fetched.data)`, once per process and stored answer (by its stamp): for figures
    worked out from a big answer (the summary of 1,000 orders) on every page that shows them."""
    if fetched.stamp is None:
        return compute(fetched.data)
    key = f"{fetched.stamp}:{name}"
    value = _derived.get(key, _UNKNOWN)
    if value is _UNKNOWN:
        value = compute(fetched.data)
        _derived.put(key, value)
    return value


_UNKNOWN: Any = object()
_derived = Recent(lambda: decoded.size)


def cached(connection: Connection, kind: str, *, parts: Iterable[Any] = ()) -> Fetched[Any] | None:
    """What the cache holds for `kind`, however old (marked stale past its lifetime), without
    asking Fornex; None when nothing was ever fetched. For lists that show many objects' states
    (the servers list's power column) and must not ask Fornex once per row."""
    return cached_many(connection, kind, [tuple(parts)]).get(tuple(parts))


def cached_many(
    connection: Connection, kind: str, parts_list: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Fetched[Any]]:
    """`cached` for many objects of one kind (a page of rows) at once: by parts, only those
    ever fetched."""
    version = _version(connection)
    keys = {_key(connection, kind, parts, version): parts for parts in parts_list}
    if not keys:
        return {}
    found = _load_many(list(keys))
    ttl = lifetime(kind)
    return {
        keys[key]: Fetched(
            entry["data"],
            entry["fetched_at"],
            stale=_age(entry) >= ttl,
            from_cache=True,
            stamp=entry.get("stamp"),
        )
        for key, entry in found.items()
    }


def _age(entry: dict[str, Any]) -> float:
    return (timezone.now() - entry["fetched_at"]).total_seconds()


def _fetch_and_store(connection, kind, key, entry, fetch, client_factory) -> Fetched:
    from accounts.crypto import KeyDecryptionError

    generation = store.get(f"{key}:gen")
    started = timezone.now()  # "fetched at" never claims more freshness than the fetch had
    try:
        data = fetch(client_factory(connection))
    except (FornexError, KeyDecryptionError) as error:
        log.warning(
            "fornex read failed: connection=%s kind=%s error=%s",
            connection.pk,
            kind,
            type(error).__name__,
        )
        if isinstance(error, _STALE_OK):
            _count_failure(connection, kind)
        store.set(f"{key}:error", error, timeout=FAILURE_MEMORY)
        return _failed(entry, error)
    stamp = None
    if not store.degraded and store.get(f"{key}:gen") == generation:
        stored = {"data": data, "fetched_at": started, "stamp": uuid.uuid4().hex}
        # The answer first, then its stamp: a reader that sees the stamp finds the answer.
        store.set(key, stored, timeout=KEEP_STALE)
        store.set(f"{key}:stamp", stored["stamp"], timeout=KEEP_STALE)
        if store.get(f"{key}:gen") != generation:
            # A write invalidated the key between the check and the store: undo the store.
            store.delete_many([f"{key}:stamp", key])
        else:
            decoded.put(key, stored)
            stamp = stored["stamp"]
    store.delete_many([f"{key}:error", _kind_key(connection, kind, "failures")])
    return Fetched(data, started, stamp=stamp)


def _failed(entry: dict[str, Any] | None, error: Exception) -> Fetched:
    if entry is not None and isinstance(error, _STALE_OK):
        return Fetched(entry["data"], entry["fetched_at"], stale=True, error=error, from_cache=True)
    return Fetched(None, None, error=error)


def _count_failure(connection: Connection, kind: str) -> None:
    failures = store.counter(_kind_key(connection, kind, "failures"), timeout=BREAKER_WINDOW)
    if failures >= BREAKER_THRESHOLD:
        log.warning("breaker open: connection=%s kind=%s", connection.pk, kind)
        store.set(_kind_key(connection, kind, "breaker"), True, timeout=BREAKER_OPEN)
        store.delete(_kind_key(connection, kind, "failures"))


def _breaker_open(connection: Connection, kind: str) -> bool:
    return bool(store.get(_kind_key(connection, kind, "breaker")))


# -- writing -----------------------------------------------------------------------------------


def invalidate(connection: Connection, kind: str, *, parts: Iterable[Any] = ()) -> None:
    """Forget a cached answer after a write changed it. The generation moves first, so a read in
    flight that started before the write does not store its (older) answer afterwards."""
    key = _key(connection, kind, parts)
    notes = _notes.get()
    if notes is not None:
        notes.prefetched.pop(key, None)  # read ahead before the write: no longer so
    store.set(f"{key}:gen", uuid.uuid4().hex, timeout=KEEP_STALE)
    store.delete_many([f"{key}:stamp", key, f"{key}:error"])


def invalidate_connection(connection: Connection) -> None:
    """Forget everything cached for a connection (e.g. its key changed)."""
    name = f"{_prefix(connection.pk)}version"
    _forget_version(connection.pk)
    store.add(name, 1, timeout=None)
    try:
        store.incr(name)
    except ValueError:
        store.set(name, 2, timeout=None)
    _delete_breakers(connection.pk)


def _delete_breakers(connection_pk: Any) -> None:
    prefix = _prefix(connection_pk)
    store.delete_many(
        [f"{prefix}{kind}:{what}" for kind in LIFETIMES for what in ("breaker", "failures")]
    )


def forget_connection(connection_pk: Any) -> int:
    """Delete every cached key of a (deleted) connection; returns how many were found (where the
    cache backend can say). The version moves too, for backends that cannot list keys."""
    prefix = _prefix(connection_pk)
    _forget_version(connection_pk)
    store.set(f"{prefix}version", uuid.uuid4().int % 10**12, timeout=None)
    try:
        deleted = _delete_prefix(prefix)
    except _CACHE_DOWN:
        log.error("cache unavailable: the cached data of connection %s stays", connection_pk)
        return 0
    store.local.delete_many([k for k in list(store.local._cache) if prefix in k])
    return deleted


def _delete_prefix(prefix: str) -> int:
    """Delete the keys starting with `prefix` on the default cache, by backend."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    pattern = backend.make_key(prefix)
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=pattern.replace("*", "[*]") + "*", count=500))
        if keys:
            client.delete(*keys)
        return len(keys)
    if isinstance(backend, DatabaseCache):
        from django.db import connections, router

        db = router.db_for_write(backend.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(backend._table)
        escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE cache_key LIKE %s ESCAPE '\\'",  # noqa: S608
                [escaped + "%"],
            )
            return cursor.rowcount
    if isinstance(backend, LocMemCache):
        with backend._lock:
            keys = [k for k in backend._cache if k.startswith(pattern)]
        for k in keys:
            backend._cache.pop(k, None)
            backend._expire_info.pop(k, None)
        return len(keys)
    return 0
