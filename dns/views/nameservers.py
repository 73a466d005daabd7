"""Domain orders and their name servers."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import team_view
from dns import selectors, services
from dns.forms import NameserversForm
from dns.views.common import FORNEX_ERRORS, connection_or_404, fornex_failure, no_rights

_ORDER_ID = re.compile(r"\d{1,10}-\d{1,12}")


def _nameservers_field(message: str) -> str:
    return "nameservers"


@team_view("team.view")
@require_safe
def order_list(request: HttpRequest) -> HttpResponse:
    refresh = "refresh" in request.GET
    sections = []
    for connection in selectors.team_connections(request.team):
        fetched = selectors.orders(connection, refresh=refresh)
        sections.append(
            {
                "connection": connection,
                "fetched": fetched,
                "orders": selectors.domain_orders(fetched),
                "no_dns_rights": selectors.known_without_dns_rights(connection),
            }
        )
    return render(request, "dns/orders.html", {"sections": sections})


@team_view("domain.nameservers")
def nameservers_change(request: HttpRequest, connection_id: int, order_id: str) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    if not _ORDER_ID.fullmatch(order_id):
        raise Http404("not an order id")
    if selectors.known_without_dns_rights(connection):
        return no_rights(request, connection)
    fetched = selectors.orders(connection)
    if not fetched.ok:
        if fetched.no_permission:
            return no_rights(request, connection)
        context = {"connection": connection, "domain": order_id, "fetched": fetched}
        return render(request, "dns/unavailable.html", context, status=503)
    order = next((o for o in selectors.domain_orders(fetched) if o.id == order_id), None)
    if order is None:
        raise Http404("no such domain order")
    form = NameserversForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nameservers = form.cleaned_data["nameservers"]
        try:
            services.nameservers_change(
                actor=request.user,
                connection=connection,
                order_id=order.id,
                domain=order.name or "",
                nameservers=nameservers,
            )
        except FORNEX_ERRORS as error:
            response = fornex_failure(
                request,
                error,
                connection=connection,
                form=form,
                # The form has one field: whatever Fornex refuses is about it.
                field_for=_nameservers_field,
                back=reverse("dns:orders"),
            )
            if response is not None:
                return response
        else:
            messages.success(
                request,
                _("Name servers of %(domain)s set to %(nameservers)s.")
                % {"domain": order.name or order.id, "nameservers": ", ".join(nameservers)},
            )
            return redirect("dns:orders")
    context = {"form": form, "connection": connection, "order": order}
    return render(request, "dns/nameservers.html", context)
