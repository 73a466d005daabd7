"""The provider gateway: every read from Fornex goes through here.

- Answers come from the cache while fresh (a lifetime per kind of data, see LIFETIMES), keyed by
  connection; each answer says when it was fetched.
- On a miss, one process fetches and the others wait for its answer (single-flight through a lock
  in the shared cache, so it holds across web and worker processes).
- When Fornex fails and an older answer exists, that answer is returned marked stale, with the
  error; with nothing cached the error is returned for the page to explain. Never an exception
  for an upstream failure.
- A failure is remembered for a few seconds (per key) and repeated failures open a short breaker
  (per connection), so a down Fornex is not hammered by every page view.
- Writes call `invalidate` for what they change.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fornexpanel.core.i18n import fornex_words, interpolate_html
from fornexpanel.fornex import (
    BadRequest,
    BlockedByFilter,
    FornexError,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    Unsupported,
    UpstreamUnavailable,
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
LOCK_TIMEOUT = 45  # longer than a client call with its retries may take
WAIT_FOR_OTHER = 40.0
POLL_INTERVAL = 0.05
FAILURE_MEMORY = 10  # seconds a failure is served from memory before Fornex is asked again
BREAKER_THRESHOLD = 5  # upstream failures in a row on a connection ...
BREAKER_OPEN = 30  # ... stop asking for this many seconds

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
        return _("Fornex is not answering right now. Try again in a moment.")
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


def _version(connection: Connection) -> int:
    return cache.get_or_set(f"gw:{connection.pk}:version", 1, timeout=None)


def _key(connection: Connection, kind: str, parts: Iterable[Any]) -> str:
    digest = hashlib.sha1(repr(tuple(parts)).encode(), usedforsecurity=False).hexdigest()[:16]
    return f"gw:{connection.pk}:{_version(connection)}:{kind}:{digest}"


def _default_client(connection: Connection) -> FornexClient:
    from accounts.connections import client_for

    return client_for(connection)


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
    key = _key(connection, kind, parts)
    ttl = lifetime(kind) if ttl is None else ttl
    entry = cache.get(key)
    if entry is not None and not refresh and _age(entry) < ttl:
        return Fetched(entry["data"], entry["fetched_at"], from_cache=True)

    if not refresh:
        remembered = cache.get(f"{key}:error")
        if remembered is not None:
            return _failed(entry, remembered)
    if _breaker_open(connection):
        return _failed(entry, UpstreamUnavailable("breaker open", operation=kind))

    token = uuid.uuid4().hex
    if cache.add(f"{key}:lock", token, timeout=LOCK_TIMEOUT):
        try:
            return _fetch_and_store(connection, key, entry, fetch, client_factory)
        finally:
            if cache.get(f"{key}:lock") == token:
                cache.delete(f"{key}:lock")

    # Another process is asking Fornex the same question: wait for its answer.
    seen_at = entry["fetched_at"] if entry else None
    deadline = time.monotonic() + WAIT_FOR_OTHER
    while time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL)
        newer = cache.get(key)
        if newer is not None and (seen_at is None or newer["fetched_at"] > seen_at):
            return Fetched(newer["data"], newer["fetched_at"], from_cache=True)
        failure = cache.get(f"{key}:error")
        if failure is not None:
            return _failed(entry, failure)
        if cache.get(f"{key}:lock") is None:
            break
    return _fetch_and_store(connection, key, cache.get(key) or entry, fetch, client_factory)


def cached(connection: Connection, kind: str, *, parts: Iterable[Any] = ()) -> Fetched[Any] | None:
    """What the cache holds for `kind`, however old (marked stale past its lifetime), without
    asking Fornex; None when nothing was ever fetched. For lists that show many objects' states
    (the servers list's power column) and must not ask Fornex once per row."""
    entry = cache.get(_key(connection, kind, parts))
    if entry is None:
        return None
    stale = _age(entry) >= lifetime(kind)
    return Fetched(entry["data"], entry["fetched_at"], stale=stale, from_cache=True)


def _age(entry: dict[str, Any]) -> float:
    return (timezone.now() - entry["fetched_at"]).total_seconds()


def _fetch_and_store(connection, key, entry, fetch, client_factory) -> Fetched:
    from accounts.crypto import KeyDecryptionError

    try:
        data = fetch(client_factory(connection))
    except (FornexError, KeyDecryptionError) as error:
        log.warning(
            "fornex read failed: connection=%s key=%s error=%s",
            connection.pk,
            key.rsplit(":", 2)[-2],
            type(error).__name__,
        )
        if isinstance(error, _STALE_OK):
            _count_failure(connection)
        cache.set(f"{key}:error", error, timeout=FAILURE_MEMORY)
        return _failed(entry, error)
    now = timezone.now()
    cache.set(key, {"data": data, "fetched_at": now}, timeout=KEEP_STALE)
    cache.delete_many([f"{key}:error", f"gw:{connection.pk}:failures"])
    return Fetched(data, now)


def _failed(entry: dict[str, Any] | None, error: Exception) -> Fetched:
    if entry is not None and isinstance(error, _STALE_OK):
        return Fetched(entry["data"], entry["fetched_at"], stale=True, error=error, from_cache=True)
    return Fetched(None, None, error=error)


def _count_failure(connection: Connection) -> None:
    name = f"gw:{connection.pk}:failures"
    cache.add(name, 0, timeout=BREAKER_OPEN * 2)
    try:
        failures = cache.incr(name)
    except ValueError:
        return
    if failures >= BREAKER_THRESHOLD:
        cache.set(f"gw:{connection.pk}:breaker", True, timeout=BREAKER_OPEN)
        cache.delete(name)


def _breaker_open(connection: Connection) -> bool:
    return bool(cache.get(f"gw:{connection.pk}:breaker"))


def invalidate(connection: Connection, kind: str, *, parts: Iterable[Any] = ()) -> None:
    """Forget a cached answer after a write changed it."""
    key = _key(connection, kind, parts)
    cache.delete_many([key, f"{key}:error"])


def invalidate_connection(connection: Connection) -> None:
    """Forget everything cached for a connection (e.g. its key changed)."""
    name = f"gw:{connection.pk}:version"
    cache.add(name, 1, timeout=None)
    try:
        cache.incr(name)
    except ValueError:
        cache.set(name, 2, timeout=None)
    cache.delete_many([f"gw:{connection.pk}:breaker", f"gw:{connection.pk}:failures"])
