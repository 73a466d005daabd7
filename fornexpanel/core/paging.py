"""Server-side paging shared by every long list (servers, DNS records, zone file, audit history,
operations, SSH keys): a page of 50 by default, the member can choose another size, and every other
parameter of the URL (search, filters, sorting) is kept in the pager's links.

Filters and sorting are applied by the caller before `paginate`, so a page is a page of the
filtered set. Rendered by templates/includes/pager.html.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PER_PAGE = 50
PER_PAGE_CHOICES = (25, 50, 100, 200)


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the "…" between distant pages
    query: str
    current: bool = False


@dataclass(frozen=True)
class PerPageLink:
    size: int
    query: str
    current: bool


class Paged:
    """One page of a list, with what the pager needs to link to the others."""

    def __init__(self, page: Page, per_page: int, base: dict[str, list[str]]) -> None:
        self.page = page
        self.per_page = per_page
        self._base = base

    # The page's own rows and counts, for templates.
    @property
    def rows(self):
        return self.page.object_list

    @property
    def number(self) -> int:
        return self.page.number

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def num_pages(self) -> int:
        return self.page.paginator.num_pages

    @property
    def start_index(self) -> int:
        return self.page.start_index()

    @property
    def end_index(self) -> int:
        return self.page.end_index()

    @property
    def has_other_pages(self) -> bool:
        return self.page.has_other_pages()

    @property
    def fingerprint(self) -> tuple:
        """Everything the pager shows ({% fragment %}): the counts, this page and the URL's other
        parameters, from which every link is made."""
        return (self.count, self.number, self.per_page, sorted(self._base.items()))

    @property
    def per_page_param(self) -> str:
        """The `per_page` value to keep in other links of the page ("" for the default)."""
        return "" if self.per_page == DEFAULT_PER_PAGE else str(self.per_page)

    def query_for(self, number: int | None = None, per_page: int | None = None) -> str:
        """The query string of the same list at another page (or page size)."""
        from urllib.parse import urlencode

        query = {name: values for name, values in self._base.items()}
        size = per_page or self.per_page
        if size != DEFAULT_PER_PAGE:
            query["per_page"] = [str(size)]
        if number and number > 1:
            query["page"] = [str(number)]
        return urlencode(query, doseq=True)

    @property
    def previous_query(self) -> str | None:
        return self.query_for(self.number - 1) if self.page.has_previous() else None

    @property
    def next_query(self) -> str | None:
        return self.query_for(self.number + 1) if self.page.has_next() else None

    @property
    def links(self) -> list[PageLink]:
        paginator = self.page.paginator
        found = []
        for number in paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1):
            if number == paginator.ELLIPSIS:
                found.append(PageLink(None, ""))
            else:
                found.append(PageLink(number, self.query_for(number), number == self.number))
        return found

    @property
    def per_page_links(self) -> list[PerPageLink]:
        return [
            PerPageLink(size, self.query_for(1, size), size == self.per_page)
            for size in PER_PAGE_CHOICES
        ]


def per_page_from(request: HttpRequest) -> int:
    """The page size the URL asks for; anything not offered is the default (never an error)."""
    value = request.GET.get("per_page", "")
    return int(value) if value.isdigit() and int(value) in PER_PAGE_CHOICES else DEFAULT_PER_PAGE


def paginate(request: HttpRequest, items: Sequence | QuerySet, count: int | None = None) -> Paged:
    """The page of `items` (already filtered and sorted) the request's `page` and `per_page` ask
    for. A page number out of range gives the last page; one that is not a number, the first.
    `count`: how many `items` there are, when the caller knows it already (no count query)."""
    per_page = per_page_from(request)
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not asked of the database
    page = paginator.get_page(request.GET.get("page"))
    base = {
        name: request.GET.getlist(name)
        for name in request.GET
        if name not in ("page", "per_page", "refresh") and any(request.GET.getlist(name))
    }
    return Paged(page, per_page, base)
