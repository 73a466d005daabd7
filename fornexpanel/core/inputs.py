"""Input no view can handle, refused once for every view: NUL bytes.

PostgreSQL refuses a string with a NUL byte (the ORM raises ValueError on any query that would
carry one), SQLite cuts it there, and no form of the panel has a use for one. So a NUL anywhere in
the path, the query string or a form field is a 400 here, before sign-in, lockout, audit or any
view looks at it, rather than 30 special cases (and 30 chances to miss one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

NUL = "\x00"

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def _query_items(data) -> Iterable[str]:
    for key, values in data.lists():
        yield key
        yield from (value for value in values if isinstance(value, str))


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a posted form: 400 (the panel's 400 page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info or has_nul(_query_items(request.GET)):
            raise BadRequest("NUL byte in the URL")
        posted_form = request.method == "POST" and request.content_type in FORM_TYPES
        if posted_form and has_nul(_query_items(request.POST)):
            raise BadRequest("NUL byte in a form field")
        return self.get_response(request)
