from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import team_view
from billing import selectors


@team_view("team.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    summaries = selectors.dashboard_for_team(request.team, refresh="refresh" in request.GET)
    return render(request, "billing/dashboard.html", {"summaries": summaries})


@team_view("team.view")
def billing(request: HttpRequest) -> HttpResponse:
    summaries = selectors.dashboard_for_team(request.team, refresh="refresh" in request.GET)
    return render(request, "billing/billing.html", {"summaries": summaries})
