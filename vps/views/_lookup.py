"""Looking up a Fornex order through a connection of the current team.

Another team's connection answers 404, like a connection that does not exist; an order id the
connection's Fornex account does not have answers 404 too. When Fornex cannot be asked at all
(and nothing is cached), the page says so instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import connection_or_404  # noqa: F401 (the views import it from here)
from accounts.models import Connection
from fornexpanel import gateway
from fornexpanel.fornex import Order
from fornexpanel.gateway import Fetched
from operations.notices import announce_started
from vps import selectors


@dataclass
class OrderLookup:
    connection: Connection
    fetched: Fetched
    order: Order | None

    @property
    def label(self) -> str:
        if self.order is None:
            return ""
        return self.order.name or self.order.hostname or self.order.id


def progress_url(lookup: OrderLookup, op) -> str:
    """The server's page, following the operation `op`."""
    url = reverse("vps:detail", args=[lookup.connection.pk, lookup.order.id])
    return f"{url}?op={op.pk}"


def show_started(request: HttpRequest, lookup: OrderLookup, op, action: str) -> HttpResponse:
    """After an action on the server started: say so ("Restart of web-1 sent", or queued) and
    follow it on the server's page."""
    names = {"action": action, "server": lookup.label}
    announce_started(
        request,
        _("%(action)s of %(server)s sent: its progress shows below.") % names,
        what=_("%(action)s of %(server)s") % names,
    )
    return redirect(progress_url(lookup, op))


class OrderUnavailable(Exception):
    """The orders list could not be read: the view answers with `response`."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def order_or_404(
    request: HttpRequest, connection_id: int, order_id: str, *, order_type: str | None = None
) -> OrderLookup:
    connection = connection_or_404(request, connection_id)
    if request.method == "GET":  # a page: what it reads from the cache, in one round trip
        gateway.prefetch(connection, selectors.order_page_reads(connection, order_id))
    fetched, order = selectors.order_for(
        connection, order_id, refresh="refresh" in request.GET and request.method == "GET"
    )
    if not fetched.ok and fetched.not_found:
        raise Http404("No such order for this connection.")
    if not fetched.ok:
        raise OrderUnavailable(
            render(
                request,
                "vps/unavailable.html",
                {"connection": connection, "order_id": order_id, "fetched": fetched},
                status=503,
            )
        )
    if order is None or (order_type is not None and order.type != order_type):
        raise Http404("No such order for this connection.")
    return OrderLookup(connection, fetched, order)


def with_order(order_type: str | None = None):
    """Inside the access decorators: turn (connection_id, order_id) into an OrderLookup."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, connection_id: int, order_id: str, *args, **kwargs):
            try:
                lookup = order_or_404(request, connection_id, order_id, order_type=order_type)
            except OrderUnavailable as unavailable:
                return unavailable.response
            return view(request, lookup, *args, **kwargs)

        return wrapped

    return decorator
