"""Cancelling an order and removing its cancel mark (Fornex's v2 API), admins and above.

Both are confirmed on their own page (GET) and done by POST, at Fornex at once; the order page
shows the cancel mark that v2's order details give.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import team_view
from vps import selectors, services
from vps.forms import OrderCancelForm
from vps.views._lookup import OrderLookup, with_order
from vps.views._v2 import needs_v2

UNPAID = frozenset({"pending", "unpaid", "new"})


def _order_url(lookup: OrderLookup) -> str:
    return reverse("vps:detail", args=[lookup.connection.pk, lookup.order.id])


def _names(lookup: OrderLookup) -> tuple[str, ...]:
    order = lookup.order
    return tuple(name for name in (order.name, order.hostname, order.id) if name)


@team_view("order.cancel")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order()
def order_cancel(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    if not selectors.supports(lookup.connection, "order_cancel"):
        return needs_v2(
            request, lookup.connection, feature=_("Cancelling an order"), back=_order_url(lookup)
        )
    form = OrderCancelForm(
        request.POST or None, names=_names(lookup), vps=lookup.order.type == "vps"
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.order_cancel(
                actor=request.user,
                team=request.team,
                connection=lookup.connection,
                order_id=lookup.order.id,
                when=form.cleaned_data["when"],
                save_backup=form.cleaned_data["save_backup"],
                label=lookup.label,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            if answer.status == "cancel_pending":
                text = _("%(order)s is marked for cancellation: it ends with its paid period.")
            else:
                text = _("%(order)s is cancelled.")
            messages.success(request, text % {"order": lookup.label})
        return redirect(_order_url(lookup))
    details = selectors.order_details(lookup.connection, lookup.order.id)
    return render(
        request,
        "vps/order_cancel.html",
        {
            "lookup": lookup,
            "order": lookup.order,
            "details": details,
            "expires": selectors.TeamOrder(lookup.connection, lookup.order),
            "form": form,
            "unpaid": lookup.order.status in UNPAID,
            "confirm_name": _names(lookup)[0],
        },
    )


@team_view("order.cancel")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order()
def order_cancel_unset(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    if not selectors.supports(lookup.connection, "order_cancel_unset"):
        return needs_v2(
            request, lookup.connection, feature=_("Cancelling an order"), back=_order_url(lookup)
        )
    if request.method == "POST":
        try:
            services.order_cancel_unset(
                actor=request.user,
                team=request.team,
                connection=lookup.connection,
                order_id=lookup.order.id,
                label=lookup.label,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(
                request,
                _("The cancel mark of %(order)s is removed: it renews as usual.")
                % {"order": lookup.label},
            )
        return redirect(_order_url(lookup))
    return render(request, "vps/order_cancel_unset.html", {"lookup": lookup, "order": lookup.order})
