from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import team_view


@team_view("team.view")
def server_list(request: HttpRequest) -> HttpResponse:
    return render(request, "vps/list.html", {})
