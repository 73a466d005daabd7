"""Pages of what only some Fornex API dialects offer (rescue mode, reinstall, cancelling orders,
IP addresses, support tickets) on a connection whose dialect lacks it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Connection


def needs_v2(
    request: HttpRequest, connection: Connection, *, feature: str, back: str
) -> HttpResponse:
    """An explanation, never an error page: nothing is broken, the connection is set that way.

    GET shows it; a POST (a form left open while an admin switched the connection back) is sent
    to it with a message, and nothing reaches Fornex."""
    if request.method == "POST":
        messages.warning(
            request,
            _("%(feature)s needs the connection set to Fornex's v2 API; nothing was sent.")
            % {"feature": feature},
        )
        return redirect(request.path)
    return render(
        request,
        "vps/needs_v2.html",
        {"connection": connection, "feature": feature, "back": back},
    )
