"""“Confirm it's you”: sensitive actions need the password (or a two-factor code) entered in this
session within the last RECENT_AUTH_SECONDS, like GitHub's sudo mode.

    from accounts.recent_auth import recent_auth_required

    @team_view("member.manage")        # the role check stays outermost
    @recent_auth_required
    @require_POST
    def member_role(request, membership_id): ...

Without a recent confirmation the view is not called: the member is sent to the confirmation page
and comes back afterwards (to this page for a GET; for a POST, to the page the form was on, where
they submit again: a POST is never replayed). Inside a view, `needs_recent_auth(request)` returns
that redirect (or None) for an action that is sensitive only sometimes (a new API key, not a new
label).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

RECENT_AUTH_KEY = "recent_auth_at"
RECENT_AUTH_SECONDS = 10 * 60


def mark_recent_auth(request: HttpRequest) -> None:
    """The member just entered their password or a code in this session."""
    request.session[RECENT_AUTH_KEY] = time.time()


def has_recent_auth(request: HttpRequest) -> bool:
    confirmed = request.session.get(RECENT_AUTH_KEY)
    return isinstance(confirmed, int | float) and 0 <= time.time() - confirmed < RECENT_AUTH_SECONDS


def _back_url(request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("dashboard")


def needs_recent_auth(request: HttpRequest) -> HttpResponse | None:
    """None when the member confirmed recently; otherwise the way to the confirmation page."""
    if has_recent_auth(request):
        return None
    url = reverse("accounts:reauthenticate") + "?" + urlencode({"next": _back_url(request)})
    if request.method not in ("GET", "HEAD"):
        messages.info(request, _("Confirm it's you, then do it again."))
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def recent_auth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return needs_recent_auth(request) or view(request, *args, **kwargs)

    wrapped.recent_auth = True
    return wrapped
