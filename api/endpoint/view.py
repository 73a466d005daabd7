"""The one view behind /fornex/api/: URL forms, the token, the rate limit, the handler, the audit.

In the order Fornex's server answers: an unknown path is a 404, a GET without its trailing slash
a 301 to the slashed URL (query string kept), a method the path lacks a 405; then the token (401
without a usable one, 403 from a network it may not be used from), the rate limit (429 with
Retry-After), the token's scopes (403 naming the missing one), the handler.

Every call made with a recognised token is in the audit history (`api.call`, the token as its
target, the member as its actor), and so is every change the services make for it (their events
name the token: accounts.audit reads it from the request's origin).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _

from accounts.access import token_view
from accounts.audit import audit_record
from accounts.models import AuditEvent
from api import ratelimit
from api.endpoint import routes
from api.endpoint.call import Call
from api.endpoint.http import Problem, parse_body, render
from api.models import ApiToken
from api.scopes import ScopeDenied
from api.tokens import Authenticated, Refused, authenticate
from fornexpanel.core.context import current_origin, origin

log = logging.getLogger(__name__)

# Query parameters the audit keeps (never anything else: a script may send a key as ?apikey=).
AUDITED_QUERY = ("q", "type", "tag", "page", "page_size", "ordering")
SCHEMA = "/schema"
# Something shaped like a panel token where a value was expected: kept out of the audit.
TOKEN_SHAPE = re.compile(r"fxp_[A-Za-z0-9]{8}_[A-Za-z0-9]{10,}")


@token_view
def endpoint(request: HttpRequest, path: str) -> HttpResponse:
    path = "/" + path
    matched = routes.matching(path)
    if not matched:
        slashed = not path.endswith("/") and (routes.matching(path + "/") or path == SCHEMA)
        if request.method == "GET" and slashed:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        return render({"detail": "Not found."}, 404)
    route, params = next(((r, p) for r, p in matched if r.method == request.method), (None, {}))
    if route is None:
        allowed = ", ".join(sorted({r.method for r, _p in matched}))
        return render(
            {"detail": f'Method "{request.method}" not allowed.'}, 405, {"Allow": allowed}
        )
    try:
        auth = authenticate(request.headers.get("Authorization", ""), current_origin().ip)
    except Refused as refused:
        # A recognised token is refused on the audit's record, within its rate limit too (a
        # script looping on an expired token fills neither the history nor the database).
        if refused.token is not None:
            throttled = _throttled(request, refused.token, route)
            if throttled is not None:
                return throttled
            _audit(request, refused.token, route, refused.status, {"reason": refused.message})
        headers = {"WWW-Authenticate": "Api-Key"} if refused.status == 401 else {}
        return render({"detail": refused.message}, refused.status, headers)
    # For the request's log line (and the headers members' answers get), as DRF does: the
    # token's member and team. No session is read or written.
    request.user, request.team = auth.token.user, auth.token.team
    return _throttled(request, auth.token, route) or _answer(request, auth, route, params)


def _throttled(request: HttpRequest, token: ApiToken, route: routes.Route) -> HttpResponse | None:
    throttled = ratelimit.hit(token.pk)
    if throttled is None:
        return None
    if throttled.first:
        _audit(request, token, route, 429, {"reason": "rate limit"})
    wait = throttled.retry_after
    return render(
        {"detail": f"Request was throttled. Expected available in {wait} seconds."},
        429,
        {"Retry-After": str(wait)},
    )


def _answer(
    request: HttpRequest, auth: Authenticated, route: routes.Route, params: dict[str, str]
) -> HttpResponse:
    call = Call(request, auth)
    facts: dict[str, Any] = {}
    headers: dict[str, str] = {}
    with origin(dataclasses.replace(current_origin(), via=auth.token.label)):
        try:
            if route.writes:
                call.body = parse_body(request)
            answer = route.handler(call, **params)
            status, data = answer if isinstance(answer, tuple) else (200, answer)
        except ScopeDenied as denied:
            status, data = 403, {"detail": denied.message}
            facts["missing_scope"] = denied.scope
        except Problem as problem:
            status, data, headers = problem.status, problem.body, problem.headers
            facts["reason"] = problem.detail
        except Exception:
            log.exception("api call failed: %s %s", request.method, route.operation_id)
            status, data = 500, {"detail": _("A server error occurred.")}
        _audit(request, auth.token, route, status, {**facts, **call.facts})
    return render(data, status, headers)


def _audit(
    request: HttpRequest, token: ApiToken, route: routes.Route, status: int, facts: dict
) -> None:
    if status < 400:
        outcome = AuditEvent.Outcome.SUCCESS
    elif status in (401, 403, 429):
        outcome = AuditEvent.Outcome.DENIED
    else:
        outcome = AuditEvent.Outcome.FAILURE
    query = {
        name: TOKEN_SHAPE.sub("[redacted]", request.GET[name])[:100]
        for name in AUDITED_QUERY
        if name in request.GET
    }
    audit_record(
        action="api.call",
        actor=token.user,
        team=token.team,
        target_type="api_token",
        target_id=str(token.pk),
        target_label=token.label,
        outcome=outcome,
        detail={
            "api_token": token.label,
            "call": f"{request.method} {request.path}",
            "operation": route.operation_id,
            "status": status,
            **({"query": query} if query else {}),
            **facts,
        },
    )
