from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import team_view


@team_view("team.view")
@require_safe
def server_list(request: HttpRequest) -> HttpResponse:
    return render(request, "vps/list.html", {})
