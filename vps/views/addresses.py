"""The IP addresses of the team's Fornex accounts (v2's IP address list), one section each."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import team_view
from accounts.models import Connection
from fornexpanel.fornex import IpAddress
from vps import selectors


def _matches(address: IpAddress, q: str) -> bool:
    haystack = (address.ip, address.rdns or "", address.order_id or "", address.order_name or "")
    return any(q in value.lower() for value in haystack)


@team_view("team.view")
@require_safe
def ip_address_list(request: HttpRequest) -> HttpResponse:
    refresh = "refresh" in request.GET
    q = request.GET.get("q", "").strip().lower()
    accounts = []
    for connection in Connection.objects.filter(team=request.team).order_by("label", "pk"):
        if not selectors.supports(connection, "ip_addresses"):
            accounts.append({"connection": connection, "offered": False})
            continue
        fetched = selectors.ip_addresses(connection, refresh=refresh)
        rows = [address for address in fetched.data or () if not q or _matches(address, q)]
        accounts.append(
            {"connection": connection, "offered": True, "fetched": fetched, "rows": rows}
        )
    return render(
        request,
        "vps/ip_addresses.html",
        {
            "accounts": accounts,
            "q": request.GET.get("q", "").strip(),
            "fetched": [item["fetched"] for item in accounts if item["offered"]],
        },
    )
