"""The zone file as Fornex builds it: highlighted on the page, or downloaded."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import team_view
from dns import selectors
from dns.views.common import connection_or_404, domain_or_404, header, unavailable
from dns.zonefile import highlight_line
from fornexpanel import gateway
from fornexpanel.core.paging import paginate


def _zone(request: HttpRequest, connection_id: int, domain: str):
    connection = connection_or_404(request, connection_id)
    name = domain_or_404(domain)
    fetched = selectors.zone_file(connection, name, refresh="refresh" in request.GET)
    if not fetched.ok:
        return connection, name, fetched, unavailable(request, connection, name, fetched)
    return connection, name, fetched, None


@team_view("team.view")
@require_safe
def zone_file(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    connection, name, fetched, problem = _zone(request, connection_id, domain)
    if problem:
        return problem
    # Paged by lines; only the lines shown are highlighted. The whole file is the download.
    # Split and highlighted once per process and fetch (gateway.derived), not on every view.
    paged = paginate(request, gateway.derived(fetched, "zone-lines", str.splitlines))
    first = paged.start_index
    lines = gateway.derived(
        fetched,
        f"zone-highlighted:{first}:{len(paged.rows)}",
        lambda _data: [
            (first + index, highlight_line(line)) for index, line in enumerate(paged.rows)
        ],
    )
    context = {
        **header(request, connection, name, "zone"),
        "fetched": fetched,
        "paged": paged,
        "lines": lines,
    }
    if request.htmx and request.htmx.target == "zone":
        return render(request, "dns/zone.html#zone", context)
    return render(request, "dns/zone.html", context)


@team_view("team.view")
@require_safe
def zone_download(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    _connection, name, fetched, problem = _zone(request, connection_id, domain)
    if problem:
        return problem
    response = HttpResponse(fetched.data, content_type="text/plain; charset=utf-8")
    # The name is checked (letters, digits, dots, hyphens): safe inside the header as it is.
    response["Content-Disposition"] = f'attachment; filename="{name}.zone"'
    return response
