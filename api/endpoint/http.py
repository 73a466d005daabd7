"""How the Fornex-compatible endpoint speaks HTTP, the way Fornex's DRF server does: compact JSON
(`{"id":5}`, as DRF renders it: DNS-01 hooks such as acme.sh's dns_fornex match that text with
patterns), errors as `{"detail": ...}` or a dict of field errors, page-number pagination."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from accounts.crypto import KeyDecryptionError
from fornexpanel.fornex import (
    BadRequest,
    FornexError,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    Unsupported,
    UpstreamUnavailable,
)
from fornexpanel.gateway import Fetched, describe_error, fornex_text

DEFAULT_PAGE_SIZE = 10  # as Fornex's lists (the spec's `page_size` default)
MAX_PAGE_SIZE = 100
JSON_TYPE = "application/json"


class Problem(Exception):
    """An answer other than success: `body` is `{"detail": ...}` or a dict of field errors."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        body: Any = None,
        headers: dict | None = None,
    ) -> None:
        super().__init__(detail or "")
        self.status = status
        self.body = body if body is not None else {"detail": detail or ""}
        self.headers = headers or {}

    @property
    def detail(self) -> str:
        if isinstance(self.body, dict) and isinstance(self.body.get("detail"), str):
            return self.body["detail"]
        return json.dumps(self.body, ensure_ascii=False)[:300]


def not_found() -> Problem:
    return Problem(404, "Not found.")


def field_errors(errors: dict[str, list[str]]) -> Problem:
    return Problem(
        400, body={name: [str(text) for text in texts] for name, texts in errors.items()}
    )


def render(data: Any, status: int = 200, headers: dict | None = None) -> HttpResponse:
    if data is None:
        response = HttpResponse(status=status)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        response = HttpResponse(body.encode(), status=status, content_type=JSON_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _positive(raw: str | None, default: int) -> int | None:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value > 0 else None


def paginate(request: HttpRequest, items: Sequence[Any]) -> dict[str, Any]:
    """One page as DRF's PageNumberPagination answers it; a page past the end is a 404."""
    size = _positive(request.GET.get("page_size"), DEFAULT_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    size = min(size, MAX_PAGE_SIZE)
    pages = max(1, math.ceil(len(items) / size))
    page = _positive(request.GET.get("page"), 1)
    if page is None or page > pages:
        raise Problem(404, "Invalid page.")
    return {
        "count": len(items),
        "next": _page_link(request, page + 1) if page < pages else None,
        "previous": _page_link(request, page - 1) if page > 1 else None,
        "results": list(items[(page - 1) * size : page * size]),
    }


def _page_link(request: HttpRequest, page: int) -> str:
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    params = list(query.items())
    if page > 1:
        params.append(("page", str(page)))
    link = request.build_absolute_uri(request.path)
    return link + (f"?{urlencode(params)}" if params else "")


def parse_body(request: HttpRequest) -> dict[str, Any]:
    """A JSON, form-encoded or multipart body as a dict (as DRF's parsers give it)."""
    kind = (request.content_type or "").lower()
    if kind == "application/x-www-form-urlencoded":
        # Django parses form bodies of POSTs only; a PUT's is read here.
        form = request.POST if request.method == "POST" else QueryDict(request.body)
        return {key: values[-1] for key, values in form.lists()}
    if kind == "multipart/form-data" and request.method == "POST":
        return {key: values[-1] for key, values in request.POST.lists()}
    raw = request.body
    if not raw.strip():
        return {}
    if kind not in ("application/json", "", "text/plain"):
        raise Problem(415, f'Unsupported media type "{kind[:60]}" in request.')
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise Problem(400, f"JSON parse error - {str(error)[:120]}") from None
    if not isinstance(data, dict):
        found = type(data).__name__
        raise field_errors(
            {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {found}."]}
        )
    return data


def problem_from(error: Exception, *, write: bool = False) -> Problem:
    """A Fornex failure (or an undecryptable key) as the endpoint answers it. The caller's
    token is fine: what failed is the panel's way to Fornex, or Fornex itself. After a `write`
    without a clear answer, the detail says the change may have been applied."""
    text = describe_error(error)
    if isinstance(error, NotFound):
        return not_found()
    if isinstance(error, BadRequest):
        if error.fields:
            return field_errors({name: list(texts) for name, texts in error.fields.items()})
        return Problem(400, fornex_text(error) or text)
    if isinstance(error, NoPermission):
        return Problem(403, text)
    if isinstance(error, UpstreamUnavailable):
        if write and error.maybe_applied:
            text = _("%(reason)s The change may or may not have been applied.") % {"reason": text}
        return Problem(503, text, headers={"Retry-After": "30"})
    if isinstance(error, Unsupported):
        return Problem(501, text)
    if isinstance(error, MalformedResponse) and write:
        text = _("%(reason)s The change may or may not have been applied.") % {"reason": text}
    if isinstance(error, InvalidApiKey | KeyDecryptionError | MalformedResponse | FornexError):
        return Problem(502, text)
    raise error


def data_of(fetched: Fetched) -> Any:
    """The data of a gateway read, or the Problem that explains why there is none. Stale data
    (Fornex down, an older answer kept) is served; the view says so in a header."""
    if fetched.ok:
        return fetched.data
    raise problem_from(fetched.error or MalformedResponse())
