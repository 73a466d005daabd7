from __future__ import annotations

from django.http import HttpRequest

from accounts.access import connection_or_404 as team_connection  # noqa: F401 (the views' name)


def refresh_requested(request: HttpRequest) -> bool:
    return "refresh" in request.GET
