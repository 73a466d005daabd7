"""HTTP transport shared by every dialect: one session, timeouts, retries, error mapping.

Retries: only where the caller says repeating is safe (GETs, except the password reset), on
connection errors, timeouts, 429 and 5xx, with capped, jittered exponential backoff.

Time: inside a budget (`budget.within`, opened per page by the gateway) each attempt's timeouts
are cut to what is left of it, a backoff never sleeps past it, and no attempt starts once it is
spent; a call that ran out of budget fails as UpstreamUnavailable like a timeout.

Errors are raised outside `except` blocks (and `from None`) so that no requests exception, with
its URL carrying the key, is chained to them.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

from . import budget
from .errors import (
    BadRequest,
    FornexError,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    RateLimited,
    TimeBudgetSpent,
    UpstreamUnavailable,
    retry_after_seconds,
)
from .redaction import Secret, redact
from .shape import ok_flag

logger = logging.getLogger("fornexpanel.fornex")

USER_AGENT = "fornex-panel/0.1"

Expect = Literal["json", "text"]
Params = dict[str, str]

_RIGHTS_WORDS = re.compile(r"(?i)insufficient|rights|permission|permitted|недостаточно|\bправ")
_KEY_WORDS = re.compile(r"(?i)api[\s_-]?key|\bkey\b|ключ")
_HTML_START = ("<!doctype html", "<html")
_MAX_TEXT_IN_MESSAGE = 300


class Auth(Protocol):
    """Where a dialect puts the key: the legacy API in the query/form, v2 in a header."""

    def apply(self, method: str, params: Params, data: Params | None, headers: Params) -> None: ...


def backoff_delay(retry: int, base: float, cap: float, rand: Callable[[], float]) -> float:
    """Delay before retry number `retry` (1-based): capped exponential with equal jitter."""
    ceiling = min(cap, base * 2 ** (retry - 1))
    return ceiling / 2 + rand() * ceiling / 2


class Transport:
    def __init__(
        self,
        api_key: str,
        base_url: str,
        auth: Callable[[Secret], Auth],
        *,
        timeout: float | tuple[float, float] = (5, 30),
        retries: int = 2,
        backoff: float = 0.5,
        backoff_cap: float = 4.0,
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        rights_scoped_paths: tuple[str, ...] = (),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not isinstance(api_key, str) or not api_key.strip():
            raise ValueError("api_key must be a non-empty string")
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must be an http:// or https:// URL")
        if isinstance(timeout, int | float):
            timeout = (timeout, timeout)
        if (
            not isinstance(timeout, tuple)
            or len(timeout) != 2
            or not all(isinstance(t, int | float) and t > 0 for t in timeout)
        ):
            raise ValueError("timeout must be a positive number or a (connect, read) pair")
        if retries < 0 or backoff < 0 or backoff_cap < 0:
            raise ValueError("retries, backoff and backoff_cap must not be negative")
        self._key = Secret(api_key)
        self._auth = auth(self._key)
        self.base_url = base_url.rstrip("/")
        self.timeout = (float(timeout[0]), float(timeout[1]))
        self.retries = retries
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.session = session if session is not None else requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.rights_scoped_paths = rights_scoped_paths
        self._sleep = sleep
        self._random = random.random

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    def attempt_timeout(self) -> tuple[float, float]:
        """(connect, read) timeouts for the next attempt: the configured ones, cut to what is
        left of the budget."""
        left = budget.remaining()
        if left is None:
            return self.timeout
        left = max(left, budget.MIN_ATTEMPT)
        return (min(self.timeout[0], left), min(self.timeout[1], left))

    def call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        expect: Expect = "json",
        retry: bool | None = None,
    ) -> Any:
        """Make one API call (with retries if allowed) and return decoded JSON or text."""
        may_retry = method == "GET" if retry is None else retry
        allowed = 1 + (self.retries if may_retry else 0)
        started = time.monotonic()
        attempt = 0
        response: requests.Response | None = None
        failure: _Failure | None = None
        while True:
            if budget.spent():
                if response is None and failure is None:
                    failure = _OUT_OF_TIME
                break
            attempt += 1
            response, failure = self._send(method, path, params, data)
            if response is not None and not _is_transient(response.status_code):
                break
            if (failure is not None and not failure.retryable) or attempt >= allowed:
                break
            delay = backoff_delay(attempt, self.backoff, self.backoff_cap, self._random)
            left = budget.remaining()
            if left is not None and delay >= left:
                break  # the retry could not finish inside the budget
            self._sleep(delay)
        attempt = max(attempt, 1)

        elapsed_ms = (time.monotonic() - started) * 1000
        outcome = response.status_code if response is not None else failure.name
        logger.debug(
            "fornex %s %s %s -> %s in %.0f ms (%d attempt%s)",
            operation,
            method,
            path,
            outcome,
            elapsed_ms,
            attempt,
            "" if attempt == 1 else "s",
        )
        context = {"operation": operation, "path": path}
        if response is None:
            raise _unavailable(failure, attempt, context) from None
        return self._decode(response, expect, attempt, context)

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
    ) -> tuple[requests.Response | None, _Failure | None]:
        # The key only ever lives in this frame's locals, which are gone before call() raises
        # (error reporters that capture frame locals would show them otherwise).
        query: Params = dict(params or {})
        form: Params | None = dict(data or {}) if method != "GET" else None
        headers: Params = {}
        self._auth.apply(method, query, form, headers)
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                params=query,
                data=form,
                headers=headers,
                timeout=self.attempt_timeout(),
                # A redirect would turn a POST into a GET and may carry the key elsewhere.
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            # Only a description leaves this frame: the exception's URL and request carry the key.
            return None, _describe(exc)
        response.url = redact(response.url)
        response.request = None  # its URL has the key; nothing downstream needs it
        return response, None

    def _decode(
        self, response: requests.Response, expect: Expect, attempts: int, context: dict[str, Any]
    ) -> Any:
        status = response.status_code
        context["status"] = status
        if 200 <= status < 300:
            check_length(response, context)
        body, body_is_json = _body(response)
        api_text = self._scrub(_error_text(body, body_is_json, response))

        if status == 429:
            raise RateLimited(
                f"Fornex answered HTTP 429 after {attempts} attempt"
                + ("" if attempts == 1 else "s")
                + "."
                + (f" {api_text}" if api_text else ""),
                attempts=attempts,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                **context,
            ) from None
        if status >= 500:
            raise UpstreamUnavailable(
                f"Fornex answered HTTP {status} after {attempts} attempt"
                + ("" if attempts == 1 else "s")
                + "."
                + (f" {api_text}" if api_text else ""),
                attempts=attempts,
                **context,
            ) from None
        if status == 401:
            raise InvalidApiKey(api_text, **context) from None
        if status == 403:
            error_class = self._classify_forbidden(api_text, context["path"])
            raise error_class(api_text, **context) from None
        if status == 404:
            raise NotFound(api_text, **context) from None
        if 300 <= status < 400:
            raise MalformedResponse(f"Unexpected redirect (HTTP {status}).", **context) from None
        if status >= 400 or status < 200:
            raise BadRequest(api_text, **context) from None

        if body_is_json and isinstance(body, Mapping):
            self._raise_for_api_error(body, context)
        elif body_is_json and _is_list_of_acks(body):
            # change_ns answers [{"ok": ...}].
            for item in body:
                self._raise_for_api_error(item, context)
        if expect == "text":
            if isinstance(body, str) and body.lstrip()[:14].lower().startswith(_HTML_START):
                raise MalformedResponse("Expected a text file, got an HTML page.", **context)
            return body if isinstance(body, str) else _text(response)
        if not body_is_json:
            raise MalformedResponse("Expected JSON, got something else.", **context) from None
        return body

    def _raise_for_api_error(self, body: Mapping[str, Any], context: dict[str, Any]) -> None:
        """A 200 answer can still carry a failure: `error` text, or `ok` false/"False"."""
        error = self._scrub(_error_field(body))
        if "ok" in body:
            ok = ok_flag(body["ok"])
            if ok is None:
                raise MalformedResponse("Unrecognised value of the 'ok' field.", **context)
            if not ok:
                raise BadRequest(error or "Fornex reported that the request failed.", **context)
        elif error:
            raise BadRequest(error, **context)

    def _classify_forbidden(self, text: str | None, path: str) -> type[FornexError]:
        # Legacy Fornex answers 403 both for a bad key and for missing rights (e.g. DNS).
        rights = bool(text and _RIGHTS_WORDS.search(text))
        key = bool(text and _KEY_WORDS.search(text))
        if rights and not key:
            return NoPermission
        if text and not rights:
            return InvalidApiKey
        # No text, or text naming both (the doc's own "API_KEY is not specified or there is
        # insufficient permission"): only rights-scoped operations can fail for lack of rights.
        if path.startswith(self.rights_scoped_paths):
            return NoPermission
        return InvalidApiKey

    def _scrub(self, text: str | None) -> str | None:
        return redact(text, self._key.reveal()) if text else text


def check_length(response: requests.Response, context: dict[str, Any]) -> None:
    """A body shorter (or longer) than its Content-Length was cut or mangled on the way."""
    declared = response.headers.get("Content-Length")
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if declared is None or encoding not in ("", "identity"):
        # A compressed body's length is that of the compressed bytes, which are gone by now.
        return
    try:
        expected = int(declared.strip())
    except ValueError:
        raise MalformedResponse("Invalid Content-Length header.", **context) from None
    received = len(response.content)
    if received != expected:
        raise MalformedResponse(
            f"The answer was cut short: {received} of {expected} bytes."
            if received < expected
            else f"The answer is longer than announced: {received} of {expected} bytes.",
            **context,
        ) from None


def _is_list_of_acks(body: Any) -> bool:
    return isinstance(body, list) and all(isinstance(i, Mapping) and "ok" in i for i in body)


def _is_transient(status: int) -> bool:
    return status >= 500 or status == 429


def _body(response: requests.Response) -> tuple[Any, bool]:
    """(decoded JSON, True) if the body is JSON, else (text, False)."""
    try:
        return json.loads(response.content, parse_constant=_reject_constant), True
    except (ValueError, RecursionError):
        return _text(response), False


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _text(response: requests.Response) -> str:
    # requests assumes ISO-8859-1 for text/* without a charset; Fornex serves UTF-8.
    if "charset=" in response.headers.get("Content-Type", "").lower() and response.encoding:
        try:
            return response.content.decode(response.encoding, errors="replace")
        except LookupError:
            pass
    return response.content.decode("utf-8", errors="replace")


def _error_field(body: Mapping[str, Any]) -> str | None:
    # `error` is the legacy field; `detail` is DRF's (the v2 API, and some legacy 404 pages).
    for name in ("error", "detail", "message"):
        value = body.get(name)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False)[:_MAX_TEXT_IN_MESSAGE]
    return None


def _error_text(body: Any, body_is_json: bool, response: requests.Response) -> str | None:
    """The API's own error text: the JSON `error` field, or a short plain-text body."""
    if body_is_json:
        if isinstance(body, Mapping):
            return _error_field(body)
        if isinstance(body, str) and body.strip():
            return body.strip()[:_MAX_TEXT_IN_MESSAGE]
        return None
    text = body.strip() if isinstance(body, str) else ""
    content_type = response.headers.get("Content-Type", "").lower()
    # HTML error pages are not messages; neither are long bodies.
    if not text or "html" in content_type or text.startswith("<"):
        return None
    if len(text) > _MAX_TEXT_IN_MESSAGE:
        return None
    return text


@dataclass(frozen=True)
class _Failure:
    """What call() needs to know about a failed request, without the request itself."""

    name: str
    what: str | None  # None: not an outage but a local/configuration problem
    retryable: bool
    maybe_applied: bool


def _describe(exc: requests.RequestException) -> _Failure:
    name = type(exc).__name__
    if isinstance(exc, requests.ConnectTimeout):
        return _Failure(name, "Timed out connecting to Fornex", True, maybe_applied=False)
    if isinstance(exc, requests.ReadTimeout):
        return _Failure(name, "Timed out waiting for Fornex to answer", True, maybe_applied=True)
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        # Refused or unresolvable: the request certainly never reached Fornex.
        reached = not isinstance(reason, NewConnectionError | NameResolutionError)
        return _Failure(name, "Could not connect to Fornex", True, maybe_applied=reached)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return _Failure(name, "The connection to Fornex broke mid-answer", True, True)
    # InvalidURL, InvalidHeader...: a configuration problem, not an outage; retrying won't help.
    return _Failure(name, None, False, maybe_applied=False)


_OUT_OF_TIME = _Failure(
    "TimeBudgetSpent", "The time allowed for asking Fornex ran out", False, maybe_applied=False
)


def _unavailable(failure: _Failure, attempts: int, context: dict[str, Any]) -> FornexError:
    if failure is _OUT_OF_TIME:
        return TimeBudgetSpent(attempts=attempts, **context)
    if failure.what is None:
        return FornexError(f"The request could not be made ({failure.name}).", **context)
    plural = "" if attempts == 1 else "s"
    return UpstreamUnavailable(
        f"{failure.what} ({attempts} attempt{plural}).",
        attempts=attempts,
        maybe_applied=failure.maybe_applied,
        **context,
    )
