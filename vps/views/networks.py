"""Private networks (Fornex's v2 API): the list per connection, creating and deleting the
account's network (admins and above), and switching a VPS's private networking (operators).

Deleting is confirmed on its own page; Fornex refuses while servers are attached, and the page
then shows its reason. On a connection whose dialect lacks private networks each page says that
it needs the v2 API.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import team_view
from accounts.models import Connection
from vps import networks, selectors, services
from vps.views._lookup import OrderLookup, connection_or_404, with_order
from vps.views._v2 import needs_v2


def _list_url() -> str:
    return reverse("vps:private_networks")


@team_view("team.view")
@require_safe
def private_network_list(request: HttpRequest) -> HttpResponse:
    refresh = "refresh" in request.GET
    accounts = []
    for connection in Connection.objects.filter(team=request.team).order_by("label", "pk"):
        if not selectors.supports(connection, "private_networks"):
            accounts.append({"connection": connection, "offered": False})
            continue
        accounts.append(
            {
                "connection": connection,
                "offered": True,
                "fetched": networks.private_networks(connection, refresh=refresh),
                "locations": networks.private_network_locations(connection, refresh=refresh),
            }
        )
    return render(
        request,
        "vps/networks/list.html",
        {
            "accounts": accounts,
            "fetched": [a["fetched"] for a in accounts if a["offered"]],
        },
    )


@team_view("private_network.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def private_network_create(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    if not selectors.supports(connection, "private_network_create"):
        return needs_v2(request, connection, feature=_("Private networks"), back=_list_url())
    if request.method == "POST":
        try:
            network = networks.private_network_create(
                actor=request.user, team=request.team, connection=connection
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(
                request,
                _("Private network %(id)s created: switch it on for each VPS on its page.")
                % {"id": network.id},
            )
        return redirect(_list_url())
    return render(
        request,
        "vps/networks/create.html",
        {
            "connection": connection,
            "locations": networks.private_network_locations(connection),
        },
    )


@team_view("private_network.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def private_network_delete(request: HttpRequest, connection_id: int, network_id: int) -> HttpResponse:  # fmt: skip
    connection = connection_or_404(request, connection_id)
    if not selectors.supports(connection, "private_network_delete"):
        return needs_v2(request, connection, feature=_("Private networks"), back=_list_url())
    fetched = networks.private_networks(connection)
    if fetched.ok and network_id not in {network.id for network in fetched.data}:
        raise Http404("No such private network for this connection.")
    if request.method == "POST":
        try:
            networks.private_network_delete(
                actor=request.user, team=request.team, connection=connection, network_id=network_id
            )
        except services.ActionFailed as error:
            text = _("The private network was not deleted. {reason}")
            messages.error(request, format_html(text, reason=error.html))
        else:
            messages.success(request, _("Private network %(id)s deleted.") % {"id": network_id})
        return redirect(_list_url())
    return render(
        request,
        "vps/networks/delete.html",
        {"connection": connection, "network_id": network_id},
    )


@team_view("vps.private_network")
@require_POST
@with_order(order_type="vps")
def vps_private_network(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    back = reverse("vps:detail", args=[lookup.connection.pk, lookup.order.id]) + "#private-network"
    if not selectors.supports(lookup.connection, "vps_update"):
        # A form left open while an admin switched the connection back: nothing is sent.
        messages.warning(
            request,
            _("%(feature)s needs the connection set to Fornex's v2 API; nothing was sent.")
            % {"feature": _("Private networking")},
        )
        return redirect(back)
    choice = request.POST.get("enabled", "")
    if choice not in ("on", "off"):
        messages.error(request, _("Choose to switch private networking on or off."))
        return redirect(back)
    try:
        networks.vps_private_network(
            actor=request.user,
            team=request.team,
            connection=lookup.connection,
            order_id=lookup.order.id,
            enabled=choice == "on",
            label=lookup.label,
        )
    except services.ActionFailed as error:
        messages.error(request, error.html)
    else:
        text = (
            _("Private networking is on for %(order)s.")
            if choice == "on"
            else _("Private networking is off for %(order)s.")
        )
        messages.success(request, text % {"order": lookup.label})
    return redirect(back)
