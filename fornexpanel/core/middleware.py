"""Request id: one id per request, shared by its audit events and log lines, returned to the user."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from fornexpanel.core.context import Origin, new_request_id, origin

REQUEST_ID_HEADER = "X-Request-ID"
# A request id given by a trusted proxy is kept only if it looks like one: it ends up in logs.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else new_request_id()
        request.request_id = request_id
        user_agent = request.headers.get("User-Agent", "")[:300]
        with origin(Origin(request_id=request_id, ip=client_ip(request), user_agent=user_agent)):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
