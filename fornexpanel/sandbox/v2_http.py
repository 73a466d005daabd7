"""The pieces every v2 handler of the sandbox shares: the route table, the request, the errors.

See ``v2.py`` for how requests reach these handlers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fornexpanel.sandbox import api
from fornexpanel.sandbox.api import Response, Route, json_response
from fornexpanel.sandbox.models import Account, World
from fornexpanel.sandbox.v2_state import FieldErrors, field_error
from fornexpanel.sandbox.validation import ApiError

NO_CREDENTIALS = "Authentication credentials were not provided."
INVALID_KEY = "Invalid API key."
NO_PERMISSION = "You do not have permission to perform this action."
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
STAT_FIELDS = ("cpu", "disk", "io", "memory", "traffic")

ORDER = api.ORDER
NAME = api.NAME
ROUTES: list[Route] = []
ANONYMOUS_OK = re.compile(r"/api/plans/")


def route(method: str, pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        ROUTES.append(Route(method, re.compile(pattern), handler))
        return handler

    return register


def detail(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"detail": message}, status, headers)


@dataclass
class Request:
    world: World
    account: Account | None
    method: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    host: str

    @property
    def me(self) -> Account:
        assert self.account is not None  # only the plan catalogues run without an account
        return self.account

    def page(self, items: list[Any]) -> dict[str, Any]:
        """One page of `items`, as DRF's PageNumberPagination answers it."""
        size = positive_int(self.query.get("page_size"), DEFAULT_PAGE_SIZE)
        size = min(size, MAX_PAGE_SIZE)
        pages = max(1, math.ceil(len(items) / size))
        page = positive_int(self.query.get("page"), 1 if not self.query.get("page") else 0)
        if not 1 <= page <= pages:
            raise ApiError(404, "Invalid page.")
        return {
            "count": len(items),
            "next": self._link(page + 1) if page < pages else None,
            "previous": self._link(page - 1) if page > 1 else None,
            "results": items[(page - 1) * size : page * size],
        }

    def _link(self, page: int) -> str:
        # The key never goes into a link, even when it came as ?apikey=.
        params = {k: v for k, v in self.query.items() if k not in ("page", "apikey")}
        if page > 1:
            params["page"] = str(page)
        query = urlencode(params)
        return f"http://{self.host}{self.path}" + (f"?{query}" if query else "")


def positive_int(raw: str | None, default: int) -> int:
    try:
        value = int(raw) if raw else default
    except ValueError:
        return default if default else 0
    return value if value > 0 else default


def as_fields(exc: ApiError, names: tuple[str, ...]) -> ApiError:
    """A legacy-style 400 as DRF field errors when its message names one of the fields."""
    if exc.status != 400 or isinstance(exc, FieldErrors):
        return exc
    for word in re.findall(r"[A-Za-z_]+", exc.message):
        if word.lower() in names:
            return field_error(word.lower(), exc.message)
    return exc


def strings(body: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    """JSON values as the legacy form fields the shared rules read (null means absent)."""
    return {name: str(body[name]) for name in names if body.get(name) is not None}
