"""Tickets: the panel's receiving address (Fornex posts notifications here), the team's feed of
those notifications and of the tickets members opened, and opening a ticket (Fornex's v2 API)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import public_view, team_view
from accounts.crypto import KeyDecryptionError
from accounts.models import Connection
from billing import selectors, services
from billing.forms import TicketForm
from billing.models import TicketWebhook
from billing.views.common import team_connection
from fornexpanel.core.proxies import client_ip
from fornexpanel.core.ratelimit import within_rate
from fornexpanel.fornex import FornexError, UpstreamUnavailable
from fornexpanel.gateway import describe_error_html
from vps import selectors as vps_selectors
from vps.views._v2 import needs_v2

MAX_BODY = 64 * 1024
# Per team: Fornex sends one post per ticket comment; a flood means a leaked address.
RATE_LIMIT = 30
RATE_WINDOW = 60  # seconds


def _answer(status: int, **payload) -> JsonResponse:
    return JsonResponse(payload or {"ok": True}, status=status)


def _within_rate(team_id: int) -> bool:
    return within_rate(f"billing:ticket:{team_id}", limit=RATE_LIMIT, window=RATE_WINDOW)


def _body(request: HttpRequest) -> bytes | None:
    """The body if it is at most MAX_BODY bytes; None otherwise (read no further than that)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if declared > MAX_BODY:
        return None
    body = request.read(MAX_BODY + 1)
    return body if len(body) <= MAX_BODY else None


def _ticket_text(body: bytes) -> str | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None
    text = data["text"].strip()
    # A NUL byte cannot be stored (PostgreSQL refuses it): a malformed body like any other.
    return text if text and "\x00" not in text else None


@public_view
@csrf_exempt
@require_POST
def ticket_receive(request: HttpRequest, token: str) -> HttpResponse:
    """Fornex posts {"text": ...} as JSON. Wrong token: 404, as if there were nothing here."""
    hook = (
        TicketWebhook.objects.select_related("connection")
        .filter(token_hash=selectors.token_hash(token))
        .first()
    )
    if hook is None:
        return HttpResponse(status=404)
    if not _within_rate(hook.team_id):
        response = _answer(429, error="too many requests")
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    body = _body(request)
    if body is None:
        return _answer(400, error=f"the body must be at most {MAX_BODY} bytes")
    text = _ticket_text(body)
    if text is None:
        return _answer(400, error='expected JSON {"text": "..."}')
    services.ticket_event_receive(hook=hook, text=text, ip=client_ip(request))
    return _answer(200)


@team_view("team.view")
@require_safe
def ticket_feed(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.ticket_feed(request.team), 50).get_page(request.GET.get("page"))
    connections = Connection.objects.filter(team=request.team).order_by("label", "pk")
    context = {
        "page": page,
        "items": selectors.feed_items(page.object_list),
        "hooks": TicketWebhook.objects.filter(team=request.team).select_related("connection"),
        "unhooked": Connection.objects.filter(team=request.team, ticket_webhook__isnull=True),
        # Where a ticket can be opened from: (connection, whether its API dialect offers it).
        "openers": [
            (connection, vps_selectors.supports(connection, "ticket_create"))
            for connection in connections
        ],
    }
    if request.htmx and request.htmx.target == "ticket-list":
        return render(request, "billing/tickets.html#list", context)
    return render(request, "billing/tickets.html", context)


def _refusal(error: Exception) -> str | SafeString:
    # A POST that got no clear answer may have opened the ticket: say so, so that sending the
    # form again is a choice made knowingly (it would open a second ticket).
    if isinstance(error, UpstreamUnavailable) and error.maybe_applied:
        return _(
            "Fornex did not answer clearly, so the ticket may or may not have been opened. "
            "Check your tickets at Fornex before you send it again."
        )
    return describe_error_html(error)


@team_view("ticket.create")
@require_http_methods(["GET", "HEAD", "POST"])
def ticket_create(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = team_connection(request, connection_id)
    if not vps_selectors.supports(connection, "ticket_create"):
        return needs_v2(
            request,
            connection,
            feature=_("Opening a support ticket"),
            back=reverse("billing:tickets"),
        )
    orders = vps_selectors.orders(connection)
    form = TicketForm(request.POST or None, orders=orders.data or ())
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(
                actor=request.user,
                team=request.team,
                connection=connection,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                order_id=form.cleaned_data["order"],
                priority=form.cleaned_data["priority"],
            )
        except (FornexError, KeyDecryptionError) as error:
            # The form comes back with everything the member wrote, and the reason.
            form.add_error(None, _refusal(error))
        else:
            messages.success(
                request,
                _("Ticket “%(subject)s” opened at Fornex: Fornex answers in it.")
                % {"subject": ticket.subject},
            )
            return redirect("billing:tickets")
    return render(
        request,
        "billing/ticket_form.html",
        {"connection": connection, "form": form, "orders": orders},
    )
