"""Request id and the access log: one id per request, shared by its audit events and log lines,
returned to the user in a header; one structured log line per request."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from fornexpanel.core.context import Origin, new_request_id, origin
from fornexpanel.core.health import HEALTH_PATH
from fornexpanel.core.proxies import client_ip

REQUEST_ID_HEADER = "X-Request-ID"
# A request id given by a trusted proxy is kept only if it looks like one: it ends up in logs.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# URL parts that are credentials (an invitation link's token): logged as a placeholder.
_SECRET_KWARG = re.compile(r"token|secret|password|api_?key", re.I)
REDACTED = "[redacted]"

access_log = logging.getLogger("fornexpanel.request")


def valid_request_id(value: object) -> str:
    return value if isinstance(value, str) and _VALID_ID.match(value) else ""


def loggable_path(request: HttpRequest) -> str:
    """The path without its query string (the legacy Fornex API puts keys there, and forms may
    send anything), with URL parameters that are credentials replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if _SECRET_KWARG.search(name) and str(value):
                path = path.replace(str(value), REDACTED)
    return path


def _user_id(request: HttpRequest) -> int | None:
    # Only if something already loaded the user: loading it here would query the database after
    # the response is made (and fail again when the database is what failed).
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


def _team_id(request: HttpRequest) -> int | None:
    team = getattr(request, "team", None)
    return getattr(team, "pk", None)


def _level(request: HttpRequest, status: int) -> int:
    if status >= 500:
        return logging.ERROR
    if request.path_info == HEALTH_PATH and status < 400:
        # Load balancers ask every few seconds; a healthy answer is noise at INFO.
        return logging.DEBUG
    return logging.INFO


class RequestIdMiddleware:
    """Outermost: gives the request its id, runs it inside that origin, logs one line for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = valid_request_id(request.headers.get(REQUEST_ID_HEADER, "")) or (
            new_request_id()
        )
        request.request_id = request_id
        user_agent = request.headers.get("User-Agent", "").replace("\x00", "")[:300]
        started = time.monotonic()
        with origin(Origin(request_id=request_id, ip=client_ip(request), user_agent=user_agent)):
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self.log(request, response, started)
        # This line is the request's one line: Django would log 4xx/5xx answers again after the
        # middleware, outside the request's context. (An exception's traceback is logged before,
        # inside it, by Django's exception handling.)
        response._has_been_logged = True
        return response

    @staticmethod
    def log(request: HttpRequest, response: HttpResponse, started: float) -> None:
        path = loggable_path(request)
        status = response.status_code
        access_log.log(
            _level(request, status),
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "fields": {
                    "event": "request",
                    "method": request.method,
                    "path": path,
                    "status": status,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "request_id": request.request_id,
                    "ip": client_ip(request),
                    "user_id": _user_id(request),
                    "team_id": _team_id(request),
                }
            },
        )
