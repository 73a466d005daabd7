"""The dashboard (the panel's home page) and the billing page: money per Fornex connection."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import can, team_view
from accounts.selectors import audit_events_for_team
from billing import selectors
from billing.views.common import refresh_requested
from fornexpanel import gateway
from fornexpanel.core.prepared import Prepared
from operations.models import Operation
from vps.selectors import supports, team_connections
from vps.views.projects import dashboard_project

RECENT = 5
ALERTS = 10

# The dashboard's reads of the team's newest rows: prepared (fornexpanel/core/prepared.py), as
# the dashboard is the page most viewed.
_first_alerts = Prepared(lambda team_id: selectors.active_alerts(team_id)[:ALERTS], int)
_recent_operations = Prepared(
    lambda team_id: Operation.objects.filter(team_id=team_id)[:RECENT], int
)
_recent_events = Prepared(lambda team_id: audit_events_for_team(team_id)[:RECENT], int)
# (kind, pk, at) of the ticket feed's newest: a union, the costliest of these to build.
_recent_feed = Prepared(lambda team_id: selectors.ticket_feed(team_id)[:RECENT], int)


@team_view("team.view")
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    team = request.team
    connections = _prefetched(team, _dashboard_reads)
    alerts = _first_alerts(team.pk)
    context = {
        "summaries": selectors.dashboard_for_team(
            team, refresh=refresh_requested(request), connections=connections
        ),
        "alerts": alerts,
        # Fewer than a screenful: they are all there is (no count to ask for).
        "alert_count": (
            len(alerts) if len(alerts) < ALERTS else selectors.active_alerts(team).count()
        ),
        "operations": _recent_operations(team.pk),
        # The audit history is for admins; other members see only their team's operations.
        "events": _recent_events(team.pk) if can(request, "audit.view") else None,
        # The newest of the ticket feed: Fornex's notifications and tickets opened here.
        "tickets": selectors.feed_items(_recent_feed(team.pk)),
        # The project filter (Fornex's v2 projects): vps/views/projects.py.
        "project_panel": dashboard_project(request, connections),
    }
    return render(request, "billing/dashboard.html", context)


def _prefetched(team, reads) -> list:
    """The team's connections, each with the cached answers its page reads (`reads(connection)`)
    read ahead in one round trip."""
    connections = team_connections(team)
    for connection in connections:
        gateway.prefetch(connection, reads(connection))
    return connections


def _summary_reads(connection) -> list[tuple[str, tuple]]:
    return [(kind, ()) for kind in selectors.SUMMARY_KINDS]


def _dashboard_reads(connection) -> list[tuple[str, tuple]]:
    projects = [("projects", ())] if supports(connection, "projects") else []
    return _summary_reads(connection) + projects


@team_view("team.view")
@require_safe
def billing(request: HttpRequest) -> HttpResponse:
    connections = _prefetched(request.team, _summary_reads)
    summaries = selectors.dashboard_for_team(
        request.team, refresh=refresh_requested(request), connections=connections
    )
    return render(request, "billing/billing.html", {"summaries": summaries})
