"""The v2 API (``openapi-v2.3.28.json``) over the same accounts as the legacy operations.

Which requests are v2: those carrying an ``Authorization`` header, on a path the v2 API has, and
those on a path only the v2 API has (``/api/orders/``, ``/api/vps/<id>/status/``...). A path
both dialects share (``/api/account/balance``, ``/api/ssh_keys/``, the plan catalogues, the
ticket webhook) answers in the legacy shape unless the key comes in the header. A v2 path also
takes the key as an ``apikey`` query parameter, which the spec says still works.

As Fornex's DRF views do: an unknown path is a 404 and a wrong method a 405, both as
``{"detail": ...}``; then authentication (401 ``{"detail": ...}`` for a missing or unknown key;
the plan catalogues need none), then the DNS grant for ``/api/dns/`` (403 ``{"detail": ...}``),
then the handler: 400 with ``{"detail": ...}`` or a dict of field errors, 404 for an unknown
object. Creates answer 201, deletes 204. Lists with ``page``/``page_size`` are paginated
(``count``, absolute ``next``/``previous`` URLs, ``results``; 10 a page by default, at most 100;
a page past the end is a 404). The domain search is deliberately looser than the legacy one
(``q`` also matches part of any record's value), as public clients report of Fornex's v2.
Request bodies may be JSON, form-encoded or multipart.

Modules: this one decides and dispatches; ``v2_http`` has the route table and the request,
``v2_routes``, ``v2_dns`` and ``v2_storage`` (S3 storage, order names and tags) the handlers,
``v2_shapes`` the JSON, ``v2_state`` the rules only v2 has (rescue mode, reinstall, cancel
marks, tickets), ``v2_networks`` private networks and projects, ``v2_orders`` ordering servers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs

from fornexpanel.sandbox import (  # noqa: F401  (they register the routes)
    api,
    v2_dns,
    v2_networks,
    v2_orders,
    v2_routes,
    v2_storage,
)
from fornexpanel.sandbox.api import Response, json_response
from fornexpanel.sandbox.models import Account, World
from fornexpanel.sandbox.v2_http import (
    ANONYMOUS_OK,
    INVALID_KEY,
    NO_CREDENTIALS,
    NO_PERMISSION,
    ROUTES,
    Request,
    detail,
)
from fornexpanel.sandbox.v2_state import FieldErrors, FilePart
from fornexpanel.sandbox.validation import ApiError


def claims(path: str, headers: Mapping[str, str] | None) -> bool:
    """Whether a request is for the v2 API (see the module docstring)."""
    if not any(r.pattern.fullmatch(path) for r in ROUTES):
        return False
    if headers is not None and headers.get("Authorization"):
        return True
    return not any(r.pattern.fullmatch(path) for r in api.ROUTES)


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    kind = content_type.split(";")[0].strip().lower()
    if not body.strip():
        return {}
    if kind == "application/json":
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise ApiError(400, f"JSON parse error - {exc}") from None
        if not isinstance(data, dict):
            found = type(data).__name__
            raise FieldErrors(
                {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {found}."]}
            )
        return data
    if kind == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            if name:
                payload = part.get_payload(decode=True) or b""
                filename = part.get_filename()
                if filename is not None:  # a file: kept as bytes (a project's logo)
                    fields[str(name)] = FilePart(filename, part.get_content_type(), payload)
                else:
                    fields[str(name)] = payload.decode("utf-8", "replace")
        return fields
    text = body.decode("utf-8", "replace")
    return {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}


def _authenticate(
    world: World, headers: Mapping[str, str] | None, query: dict[str, str], body: dict[str, Any]
) -> tuple[Account | None, bool]:
    """(account, credentials given). The header wins; the legacy `apikey` still works."""
    header = (headers.get("Authorization") if headers is not None else None) or ""
    scheme, _, key = header.strip().partition(" ")
    if scheme.lower() == "api-key" and key.strip():
        return world.accounts.get(key.strip()), True
    legacy = query.pop("apikey", None) or body.pop("apikey", None)
    if isinstance(legacy, str) and legacy:
        return world.accounts.get(legacy), True
    return None, False


def dispatch(
    world: World,
    method: str,
    path: str,
    query: str,
    content_type: str,
    body: bytes,
    headers: Mapping[str, str] | None = None,
) -> Response:
    matched = [(r, m) for r in ROUTES if (m := r.pattern.fullmatch(path))]
    if not matched:
        return detail(404, "Not found.")
    chosen = next(((r, m) for r, m in matched if r.method == method), None)
    if chosen is None:
        allow = ", ".join(sorted({r.method for r, _ in matched}))
        return detail(405, f'Method "{method}" not allowed.', {"Allow": allow})
    params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    try:
        data = _parse_body(content_type, body) if method in ("POST", "PUT", "PATCH") else {}
    except FieldErrors as exc:
        return json_response(exc.errors, 400)
    except ApiError as exc:
        return detail(exc.status, exc.message)
    account, given = _authenticate(world, headers, params, data)
    challenge = {"WWW-Authenticate": "Api-Key"}
    if account is None and (given or not ANONYMOUS_OK.match(path)):
        return detail(401, INVALID_KEY if given else NO_CREDENTIALS, challenge)
    if account is not None and path.startswith("/api/dns/") and not account.dns_allowed:
        return detail(403, NO_PERMISSION)
    host = (headers.get("Host") if headers is not None else None) or "localhost"
    request = Request(world, account, method, path, params, data, host)
    route_, match = chosen
    try:
        result = route_.handler(request, **match.groupdict())
    except FieldErrors as exc:
        return json_response(exc.errors, 400)
    except ApiError as exc:
        message = "Not found." if exc.status == 404 and exc.message == "Not found" else exc.message
        return detail(exc.status, message)
    if isinstance(result, Response):
        return result
    if isinstance(result, tuple):
        status, payload = result
        return Response(status, b"") if payload is None else json_response(payload, status)
    return json_response(result)
