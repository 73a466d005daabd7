"""Plan catalogues: one sortable, filterable table per kind, and a side-by-side comparison."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import team_view
from accounts.models import Connection
from billing import plans, selectors
from billing.forms import PlanFilterForm
from billing.plans import Catalogue
from billing.views.common import refresh_requested

MAX_COMPARED = 6


def _catalogue(kind: str) -> Catalogue:
    catalogue = plans.catalogue_for(kind)
    if catalogue is None:
        raise Http404
    return catalogue


def _chosen_connection(request: HttpRequest) -> tuple[Connection | None, list[Connection]]:
    """The connection whose prices (and currency) are shown: ?connection=<id>, or the first."""
    connections = list(Connection.objects.filter(team=request.team))
    wanted = request.GET.get("connection", "")
    chosen = next((c for c in connections if str(c.pk) == wanted), None)
    return chosen or (connections[0] if connections else None), connections


def _read(request: HttpRequest, catalogue: Catalogue) -> dict:
    connection, connections = _chosen_connection(request)
    context = {
        "catalogue": catalogue,
        "catalogues": plans.CATALOGUES.values(),
        "connection": connection,
        "connections": connections,
        "fetched": None,
        "rows": [],
        "currency": "",
    }
    if connection is None:
        return context
    refresh = refresh_requested(request)
    fetched = selectors.plans(connection, catalogue, refresh=refresh)
    context["fetched"] = fetched
    if fetched.ok:
        context["rows"] = plans.rows_for(catalogue, fetched.data)
        context["currency"] = selectors.currency(connection)
    return context


@team_view("team.view")
@require_safe
def plan_list(request: HttpRequest, kind: str) -> HttpResponse:
    catalogue = _catalogue(kind)
    context = _read(request, catalogue)
    rows = context["rows"]
    choices = {name: plans.choices_for(rows, name) for name in ("location", "type")}
    form = PlanFilterForm(request.GET, catalogue=catalogue, choices=choices)
    shown, sort = plans.sort_rows(
        catalogue,
        plans.apply_filters(rows, form.values()),
        request.GET.get("sort", catalogue.default_sort),
    )
    keep = request.GET.copy()
    for name in ("sort", "refresh"):
        keep.pop(name, None)
    context.update(
        {"form": form, "shown": shown, "sort": sort, "query": keep.urlencode(), "total": len(rows)}
    )
    if request.htmx and request.htmx.target == "plan-table":
        return render(request, "billing/plans.html#table", context)
    return render(request, "billing/plans.html", context)


@team_view("team.view")
@require_safe
def plan_compare(request: HttpRequest, kind: str) -> HttpResponse:
    catalogue = _catalogue(kind)
    context = _read(request, catalogue)
    keys = list(dict.fromkeys(request.GET.getlist("plan")))[:MAX_COMPARED]
    chosen, lines = plans.compare(catalogue, context["rows"], keys)
    context.update({"chosen": chosen, "lines": lines, "max_compared": MAX_COMPARED})
    return render(request, "billing/plan_compare.html", context)
