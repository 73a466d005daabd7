"""Error pages in the panel's layout, each showing the request id users can quote.

Wired in fornexpanel/urls.py (handler400/403/404/500) and as CSRF_FAILURE_VIEW.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from accounts import roles
from accounts.access import AccessDenied, public_view

log = logging.getLogger("fornexpanel.errors")

# What a database that cannot be reached raises (refused, gone away, connection closed).
DATABASE_DOWN = (OperationalError, InterfaceError)


@public_view
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


@public_view
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {}
    if isinstance(exception, AccessDenied):
        context["needed_role"] = roles.Role(roles.required_role(exception.action)).label
    return render(request, "errors/403.html", context, status=403)


@public_view
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@public_view
def server_error(request: HttpRequest) -> HttpResponse:
    # No RequestContext: its context processors query the database, and the database being down
    # is one of the reasons we are here. The template needs nothing but the request id.
    context = {"request_id": getattr(request, "request_id", "")}
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        # Not a bug of the panel's: the database is unreachable. Say what is down, with the
        # status that tells proxies and monitors it is temporary.
        context["sign_in"] = request.path == reverse("accounts:login")
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(context))


@public_view
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # The reason is for the log, not the page (it can mention cookies and origins).
    log.warning("CSRF check failed: %s", reason, extra={"fields": {"event": "csrf_failure"}})
    return render(request, "errors/csrf.html", status=403)
