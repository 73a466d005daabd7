"""The v2 dialect's side of the transport: the key in a header, JSON bodies, DRF errors.

The retry loop, timeouts and the single session are the shared Transport's; this subclass only
changes how a request is built (`_send`) and how an answer is read (`_decode`):

- `Authorization: Api-Key <key>`: the key is in no URL, so none is ever logged.
- A request body is JSON (`None` sends no body at all).
- 401 is a bad or missing key; 403 with a JSON body is a missing grant (DRF's `detail`); 403 with
  an HTML page is a bot filter in front of the API (`BlockedByFilter`), which never saw the call.
- Error text comes from DRF's `detail`, then the legacy `error`; a dict of field errors
  (`{"value": ["Enter a valid IPv4 address."]}`) becomes a readable message and `.fields`.
- A 2xx answer is the resource itself: unlike legacy answers there is no `ok`/`error` to check
  (a cancelled order's answer has a `message` field that is not an error).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import requests

from .errors import (
    BadRequest,
    BlockedByFilter,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    RateLimited,
    UpstreamUnavailable,
    retry_after_seconds,
)
from .networks import Upload
from .redaction import Secret, redact
from .transport import (
    _HTML_START,
    _MAX_TEXT_IN_MESSAGE,
    Params,
    Transport,
    _body,
    _describe,
    _text,
    check_length,
)

# What to expect of a 2xx answer: JSON, text (the zone file) or nothing in particular (204s and
# the answers the spec documents without a body).
JSON, TEXT, ANY = "json", "text", "any"

_MAX_FIELDS_IN_MESSAGE = 10


class ApiKeyHeader:
    """The v2 scheme: `Authorization: Api-Key <key>` on every request."""

    __slots__ = ("_key",)

    def __init__(self, key: Secret) -> None:
        self._key = key

    def apply(self, method: str, params: Params, data: Params | None, headers: Params) -> None:
        headers["Authorization"] = f"Api-Key {self._key.reveal()}"

    def __repr__(self) -> str:
        return "ApiKeyHeader(***)"


class V2Transport(Transport):
    def _send(  # type: ignore[override]
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        data: Any,
    ) -> tuple[requests.Response | None, Any]:
        # As in Transport._send, the key only lives in this frame (here: in `headers`).
        query: Params = dict(params or {})
        headers: Params = {}
        self._auth.apply(method, query, None, headers)
        body = None if method == "GET" or data is None else data
        files = None
        if isinstance(body, Upload):  # a file goes as multipart/form-data, not JSON
            files = {body.field: (body.filename, body.content, body.content_type)}
            body = None
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                params=query,
                json=body,
                files=files,
                headers=headers,
                timeout=self.attempt_timeout(),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            return None, _describe(exc)
        response.url = redact(response.url)
        response.request = None  # its headers carry the key
        return response, None

    def _decode(
        self, response: requests.Response, expect: Any, attempts: int, context: dict[str, Any]
    ) -> Any:
        status = response.status_code
        context["status"] = status
        if 200 <= status < 300:
            check_length(response, context)
        body, body_is_json = _body(response)
        message, fields = drf_error(body) if body_is_json else (None, {})
        message = self._scrub(message)
        fields = {
            name: tuple(self._scrub(text) or "" for text in texts) for name, texts in fields.items()
        }

        if status == 429:
            raise RateLimited(
                f"Fornex answered HTTP 429 after {attempts} attempt{'' if attempts == 1 else 's'}."
                + (f" {message}" if message else ""),
                attempts=attempts,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                **context,
            ) from None
        if status >= 500:
            plural = "" if attempts == 1 else "s"
            raise UpstreamUnavailable(
                f"Fornex answered HTTP {status} after {attempts} attempt{plural}."
                + (f" {message}" if message else ""),
                attempts=attempts,
                **context,
            ) from None
        if status == 401:
            raise InvalidApiKey(message, **context) from None
        if status == 403:
            if body_is_json:
                raise NoPermission(message, **context) from None
            raise BlockedByFilter(attempts=attempts, **context) from None
        if status == 404:
            raise NotFound(message, **context) from None
        if 300 <= status < 400:
            raise MalformedResponse(f"Unexpected redirect (HTTP {status}).", **context) from None
        if status >= 400 or status < 200:
            raise BadRequest(message, fields=fields, **context) from None

        if expect == ANY:
            return body if body_is_json else None
        if expect == TEXT:
            if isinstance(body, str) and body.lstrip()[:14].lower().startswith(_HTML_START):
                raise MalformedResponse("Expected a text file, got an HTML page.", **context)
            return body if isinstance(body, str) else _text(response)
        if not body_is_json:
            raise MalformedResponse("Expected JSON, got something else.", **context) from None
        return body


def drf_error(body: Any) -> tuple[str | None, dict[str, tuple[str, ...]]]:
    """(message, field errors) from a DRF error body: `detail`, then `error`, then fields."""
    if isinstance(body, str):
        return (body.strip()[:_MAX_TEXT_IN_MESSAGE] or None), {}
    if isinstance(body, list):
        texts = _texts(body)
        return ("; ".join(texts)[:_MAX_TEXT_IN_MESSAGE] or None), {}
    if not isinstance(body, Mapping):
        return None, {}
    for name in ("detail", "error"):
        value = body.get(name)
        if value not in (None, "", [], {}):
            texts = _texts(value)
            if texts:
                return "; ".join(texts)[:_MAX_TEXT_IN_MESSAGE], {}
    fields: dict[str, tuple[str, ...]] = {}
    _collect_fields(body, "", fields)
    if not fields:
        return None, {}
    parts = []
    for name, texts in list(fields.items())[:_MAX_FIELDS_IN_MESSAGE]:
        joined = " ".join(texts)
        parts.append(joined if name == "non_field_errors" else f"{name}: {joined}")
    return "; ".join(parts)[:_MAX_TEXT_IN_MESSAGE], fields


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _texts(item)]
    if value is None:
        return []
    return [json.dumps(value, ensure_ascii=False)[:_MAX_TEXT_IN_MESSAGE]]


def _collect_fields(value: Any, prefix: str, into: dict[str, tuple[str, ...]]) -> None:
    """Flatten DRF's nested field errors: {"credentials": {"username": [...]}} -> credentials.username."""
    for name, item in value.items():
        key = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(item, Mapping):
            _collect_fields(item, key, into)
            continue
        if isinstance(item, list) and any(isinstance(i, Mapping) for i in item):
            # A list of objects: one error dict per item of a list field.
            for index, entry in enumerate(item):
                if isinstance(entry, Mapping) and entry:
                    _collect_fields(entry, f"{key}.{index}", into)
            continue
        texts = _texts(item)
        if texts:
            into[key] = tuple(texts)
