"""Plumbing of the v2 client: construction, JSON calls, pagination.

`V2Client` (v2.py) adds the operations; see its module docstring for how v2 is spoken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, urlsplit

from .base import DEFAULT_BASE_URL, FornexClient
from .errors import MalformedResponse
from .redaction import Secret
from .shape import ShapeError, each, items, obj
from .transport import Auth, Transport
from .v2_transport import ANY, ApiKeyHeader, V2Transport

T = TypeVar("T")

MAX_PAGES = 1000


class V2Plumbing(FornexClient):
    transport_class: ClassVar[type[Transport]] = V2Transport
    page_size: int = 100

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        page_size: int | None = None,
        **kwargs: Any,
    ) -> None:
        """`page_size`: how many items to ask for per page of a list; the other arguments are
        FornexClient's."""
        super().__init__(api_key, base_url, **kwargs)
        if page_size is not None:
            if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
                raise ValueError("page_size must be a positive whole number")
            self.page_size = page_size

    @staticmethod
    def _auth(key: Secret) -> Auth:
        return ApiKeyHeader(key)

    # Plumbing

    def _parse(self, operation: str, path: str, parse_fn: Callable[[Any], T], data: Any) -> T:
        try:
            return parse_fn(data)
        except ShapeError as exc:
            message = f"Unexpected answer shape: {exc}"
        raise MalformedResponse(message, status=200, operation=operation, path=path) from None

    def _get(
        self,
        operation: str,
        path: str,
        parse_fn: Callable[[Any], T],
        params: dict[str, str] | None = None,
    ) -> T:
        data = self._transport.call(operation, "GET", path, params=params)
        return self._parse(operation, path, parse_fn, data)

    def _write(
        self,
        operation: str,
        method: str,
        path: str,
        parse_fn: Callable[[Any], T] | None = None,
        body: Any = None,
    ) -> T | None:
        """A POST, PUT or DELETE: never retried. Without `parse_fn` any 2xx answer will do."""
        expect = "json" if parse_fn is not None else ANY
        data = self._transport.call(operation, method, path, data=body, expect=expect, retry=False)
        return None if parse_fn is None else self._parse(operation, path, parse_fn, data)

    def _list(
        self,
        operation: str,
        path: str,
        parse_one: Callable[[Any], T],
        params: dict[str, str] | None = None,
        *,
        paginated: bool = True,
    ) -> tuple[T, ...]:
        """Every item of a list, following `next` page after page. `page_size` is sent only to
        the operations whose spec declares it (`paginated`); `next` is followed either way."""
        query = dict(params or {})
        if paginated:
            query["page_size"] = str(self.page_size)
        found: list[T] = []
        seen = {tuple(sorted(query.items()))}
        for page_number in range(MAX_PAGES):
            data = self._transport.call(operation, "GET", path, params=query)
            if isinstance(data, list) and page_number == 0:
                # Not paginated (as the spec shows entry_set, ssh_keys, ip-address).
                return self._parse(operation, path, lambda d: each(d, parse_one), data)
            results, next_url = self._parse(operation, path, _page, data)
            found.extend(self._parse(operation, path, lambda d: each(d, parse_one), results))
            if not next_url:
                return tuple(found)
            next_query = dict(parse_qsl(urlsplit(next_url).query, keep_blank_values=True))
            query = {**query, **next_query}
            marker = tuple(sorted(query.items()))
            if not next_query or marker in seen:
                raise MalformedResponse(
                    "The list's 'next' page repeats a page already read.",
                    status=200,
                    operation=operation,
                    path=path,
                )
            seen.add(marker)
        raise MalformedResponse(
            f"The list did not end within {MAX_PAGES} pages.",
            status=200,
            operation=operation,
            path=path,
        )


def _page(data: Any) -> tuple[list[Any], str | None]:
    page = obj(data)
    results = items(page.get("results"), "field 'results'")
    next_url = page.get("next")
    if next_url is not None and not isinstance(next_url, str):
        raise ShapeError("field 'next': expected a URL or null")
    return results, next_url or None


def _many(parse_one: Callable[[Any], T]) -> Callable[[Any], tuple[T, ...]]:
    return lambda data: each(data, parse_one)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{what} must be a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{what} must be a whole number") from None
