"""What every DNS page does first: find the connection through the current team, check the
domain name, read the zone, and explain rather than fail when Fornex cannot answer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import connection_or_404  # noqa: F401 (the DNS views import it from here)
from accounts.crypto import KeyDecryptionError
from accounts.models import Connection
from dns import selectors
from dns.plan import Entry, entry
from dns.services import is_uncertain
from dns.validation import clean_domain_name
from fornexpanel import gateway
from fornexpanel.core.i18n import interpolate_html
from fornexpanel.fornex import BadRequest, FornexError, NoPermission, NotFound
from fornexpanel.gateway import Fetched, describe_error_html


def domain_or_404(raw: str) -> str:
    """A domain name from the URL, checked before it goes anywhere near Fornex."""
    try:
        return clean_domain_name(raw)
    except ValidationError:
        raise Http404("not a domain name") from None


def no_rights(request: HttpRequest, connection: Connection) -> HttpResponse:
    """The key works but has no DNS rights: say so and how to get them (not an error page)."""
    return render(request, "dns/no_rights.html", {"connection": connection})


def unavailable(
    request: HttpRequest, connection: Connection, domain: str, fetched: Fetched
) -> HttpResponse:
    if fetched.no_permission:
        return no_rights(request, connection)
    # Fornex answers a question about a domain it does not hold with an error body (a refusal
    # naming the domain), not always with a 404: either way the domain is unknown, not an outage.
    not_found = fetched.not_found or isinstance(fetched.error, BadRequest)
    status = 404 if not_found else 503
    context = {
        "connection": connection,
        "domain": domain,
        "fetched": fetched,
        "not_found": not_found,
    }
    return render(request, "dns/unavailable.html", context, status=status)


@dataclass
class DomainPage:
    """The connection, the domain and its live records, or the response that replaces the page."""

    connection: Connection
    domain: str
    fetched: Fetched | None = None
    response: HttpResponse | None = None

    @cached_property
    def entries(self) -> list[Entry]:
        """The records as the plan compares them; worked out only by the pages that need them
        (a zone may have thousands of records)."""
        return [entry(record) for record in self.records]

    @property
    def records(self) -> tuple[Any, ...]:
        return tuple(self.fetched.data or ()) if self.fetched else ()

    def record(self, record_id: int) -> Any:
        found = next((r for r in self.records if r.id == record_id), None)
        if found is None:
            raise Http404("no such record")
        return found


def domain_page(request: HttpRequest, connection_id: int, raw_domain: str) -> DomainPage:
    connection = connection_or_404(request, connection_id)
    domain = domain_or_404(raw_domain)
    if request.method == "GET":  # the records and the domain's order, in one round trip
        gateway.prefetch(connection, [("dns_records", (domain,)), ("orders", ())])
    fetched = selectors.records(connection, domain, refresh="refresh" in request.GET)
    page = DomainPage(connection, domain, fetched)
    if not fetched.ok:
        page.response = unavailable(request, connection, domain, fetched)
    return page


def header(request: HttpRequest, connection: Connection, domain: str, tab: str) -> dict[str, Any]:
    """What the domain pages' shared header (breadcrumb, tabs) needs."""
    return {
        "connection": connection,
        "domain": domain,
        "tab": tab,
        "plan_count": selectors.staged_count(request.team, connection, domain),
    }


def fornex_failure(
    request: HttpRequest,
    error: Exception,
    *,
    connection: Connection,
    form: Any = None,
    field_for: Any = None,
    back: str,
) -> HttpResponse | None:
    """Turn a failed write into what the member sees. Returns a response, or None when the
    error was put on the form (re-render it)."""
    if isinstance(error, NoPermission):
        selectors.note_rights(connection, Fetched(None, None, error=error))
        return no_rights(request, connection)
    if is_uncertain(error):
        messages.warning(
            request,
            interpolate_html(
                _(
                    "Fornex did not answer clearly (%(reason)s): the change may or may not have "
                    "been applied. The data below is read again from Fornex: check it before "
                    "trying again."
                ),
                {"reason": describe_error_html(error)},
            ),
        )
        return redirect(back)
    if isinstance(error, NotFound):
        messages.error(request, _("Fornex no longer has this object: it may have been removed."))
        return redirect(back)
    if form is None:
        messages.error(request, describe_error_html(error))
        return redirect(back)
    field = field_for(error.message) if isinstance(error, BadRequest) and field_for else None
    form.add_error(field, describe_error_html(error))
    return None


FORNEX_ERRORS = (FornexError, KeyDecryptionError)
