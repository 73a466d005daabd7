"""The API page (what the endpoint offers, how to call it, a DNS-01 hook) and the OpenAPI subset."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.access import public_view, team_view
from accounts.models import Connection
from api.endpoint.routes import ROUTES
from api.openapi import BASE_PATH, served


@team_view("team.view")
@require_safe
def api_page(request: HttpRequest) -> HttpResponse:
    base_url = request.build_absolute_uri(BASE_PATH)
    context = {
        "routes": ROUTES,
        "base_url": base_url,
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
        "connections": Connection.objects.filter(team=request.team),
        "rate_limit": settings.API_RATE_LIMIT,
        "rate_window": settings.API_RATE_WINDOW,
    }
    return render(request, "api/api.html", context)


@public_view
@require_safe
def schema(request: HttpRequest) -> HttpResponse:
    """Fornex's spec narrowed to what the endpoint offers (api/openapi.py). Public, as Fornex's
    own /api/schema is: it describes paths, never data."""
    return HttpResponse(served(), content_type="application/json")
