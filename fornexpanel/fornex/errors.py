"""The one error hierarchy of the Fornex client.

Every error carries the operation (client method name), the HTTP status when there was an answer,
and a human message. None of them ever holds the API key, a requests Response/Request or a URL
with a query string: they end up in logs, audit notes and Celery result backends.
"""

from __future__ import annotations

from typing import Any


class FornexError(Exception):
    """Base of every error the client raises."""

    default_message = "The Fornex API call failed."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        operation: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.operation = operation
        # The request path only, never the full URL: the legacy API puts the key in the query.
        self.path = path
        super().__init__(self.message)

    def __str__(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"{where}{self.message}{status}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructor arguments would be lost by the default Exception pickling,
        # and Celery result backends pickle exceptions.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[FornexError], message: str, state: dict[str, Any]) -> FornexError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InvalidApiKey(FornexError):
    """The API key is missing, wrong or revoked."""

    default_message = "Fornex refused the API key (missing, wrong or revoked)."


class NoPermission(FornexError):
    """The key is valid but lacks the rights for this operation (e.g. DNS editing)."""

    default_message = "The API key lacks the rights for this operation."


class NotFound(FornexError):
    """The order, domain, record or key does not exist (or is not this account's)."""

    default_message = "Fornex has no such object."


class BadRequest(FornexError):
    """Fornex rejected the request; `.message` is the API's own `error` text when it gave one.

    `fields` maps each field the v2 API named in a DRF validation error to its messages
    (`{"value": ("Enter a valid IPv4 address.",)}`); empty when the API named none.
    """

    default_message = "Fornex rejected the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        operation: str | None = None,
        path: str | None = None,
        fields: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(message, status=status, operation=operation, path=path)
        self.fields: dict[str, tuple[str, ...]] = dict(fields or {})


class UpstreamUnavailable(FornexError):
    """Fornex could not be reached or kept failing (5xx, timeout, connection error).

    `attempts` is how many requests were made. `maybe_applied` is False only when the request
    certainly never reached Fornex (connection refused, connect timeout, name resolution), so a
    caller driving a POST knows whether the outcome is unknown.
    """

    default_message = "Fornex is unavailable."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        operation: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        maybe_applied: bool = True,
    ) -> None:
        super().__init__(message, status=status, operation=operation, path=path)
        self.attempts = attempts
        self.maybe_applied = maybe_applied


class TimeBudgetSpent(UpstreamUnavailable):
    """The time allowed for asking Fornex (the page's budget) ran out before an answer came."""

    default_message = "The time allowed for asking Fornex ran out."

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("maybe_applied", False)
        super().__init__(message, **kwargs)


class BlockedByFilter(UpstreamUnavailable):
    """A bot filter in front of Fornex answered HTTP 403 with an HTML page instead of the API.

    The request never reached the API, so neither the key nor its rights were judged: it is an
    availability problem (often tied to the panel's address, often passing), not a permission one.
    It is never applied, so `maybe_applied` is False.
    """

    default_message = (
        "A bot filter in front of Fornex blocked the request (HTTP 403 with an HTML page); "
        "the API never saw it."
    )

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        operation: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        maybe_applied: bool = False,
    ) -> None:
        super().__init__(
            message,
            status=status,
            operation=operation,
            path=path,
            attempts=attempts,
            maybe_applied=maybe_applied,
        )


class RateLimited(UpstreamUnavailable):
    """Fornex answered HTTP 429: it refused the request for now, so nothing was applied.
    `retry_after` is its Retry-After header in seconds, when it sent one."""

    default_message = "Fornex is limiting the rate of requests (HTTP 429)."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        operation: str | None = None,
        path: str | None = None,
        attempts: int = 1,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(
            message,
            status=status,
            operation=operation,
            path=path,
            attempts=attempts,
            maybe_applied=False,
        )
        self.retry_after = retry_after


def retry_after_seconds(value: str | None) -> int | None:
    """A Retry-After header in seconds (its delta-seconds form; a date or garbage gives None)."""
    if value is None or not value.strip().isdigit():
        return None
    return min(int(value.strip()), 86400)


class Unsupported(FornexError):
    """The connection's API dialect has no such operation (e.g. rescue mode on the legacy API)."""

    default_message = "This Fornex API dialect does not offer this operation."


class NoV2Equivalent(Unsupported):
    """A legacy operation Fornex's v2 API has no path for (the VPN plan catalogue, a VPN's
    OpenVPN config, inode statistics): a v2 connection never asks the legacy paths for it."""

    default_message = "Fornex's v2 API has no equivalent of this legacy operation."


class MalformedResponse(FornexError):
    """The answer was not JSON where JSON was due, or JSON of an unexpected shape."""

    default_message = "Fornex sent an answer the client does not understand."
