from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import team_view
from billing import selectors


@team_view("team.view")
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    summaries = selectors.dashboard_for_team(request.team, refresh="refresh" in request.GET)
    return render(request, "billing/dashboard.html", {"summaries": summaries})


@team_view("team.view")
@require_safe
def billing(request: HttpRequest) -> HttpResponse:
    summaries = selectors.dashboard_for_team(request.team, refresh="refresh" in request.GET)
    return render(request, "billing/billing.html", {"summaries": summaries})
