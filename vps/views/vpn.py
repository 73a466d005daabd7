"""VPN orders: the OpenVPN client configuration, downloaded (and audited) one at a time."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from accounts.access import team_view
from vps import services
from vps.views._lookup import OrderLookup, with_order

PROTOCOLS = ("udp", "tcp")


@team_view("vpn.config")
@require_safe
@with_order(order_type="vpn")
def vpn_config(request: HttpRequest, lookup: OrderLookup, proto: str) -> HttpResponse:
    if proto not in PROTOCOLS:
        raise Http404("No such protocol.")
    try:
        config = services.vpn_config_download(
            actor=request.user,
            team=request.team,
            connection=lookup.connection,
            order_id=lookup.order.id,
            proto=proto,
            label=lookup.label,
        )
    except services.ActionFailed as error:
        messages.error(request, error.html)
        return redirect("vps:detail", connection_id=lookup.connection.pk, order_id=lookup.order.id)
    response = HttpResponse(config, content_type="application/x-openvpn-profile; charset=utf-8")
    filename = f"{lookup.order.id}-{proto}.ovpn".replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The file holds the client's private key: no copy in any cache on the way.
    response["Cache-Control"] = "no-store"
    return response
