from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import Connection


def team_connection(request: HttpRequest, connection_id: int) -> Connection:
    # Another team's connection answers 404, like one that does not exist.
    return get_object_or_404(Connection, pk=connection_id, team=request.team)


def refresh_requested(request: HttpRequest) -> bool:
    return "refresh" in request.GET
