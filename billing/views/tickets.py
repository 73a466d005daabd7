"""Ticket notifications: the panel's receiving address (Fornex posts here) and the team's feed."""

from __future__ import annotations

import json
import time

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from accounts.access import public_view, team_view
from accounts.models import Connection
from billing import selectors, services
from billing.models import TicketWebhook
from fornexpanel.core.middleware import client_ip

MAX_BODY = 64 * 1024
# Per team: Fornex sends one post per ticket comment; a flood means a leaked address.
RATE_LIMIT = 30
RATE_WINDOW = 60  # seconds


def _answer(status: int, **payload) -> JsonResponse:
    return JsonResponse(payload or {"ok": True}, status=status)


def _within_rate(team_id: int) -> bool:
    """A counter per team and window in the shared cache (so it holds across processes)."""
    key = f"billing:ticket-rate:{team_id}:{int(time.time() // RATE_WINDOW)}"
    cache.add(key, 0, timeout=RATE_WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW * 2)
        count = 1
    return count <= RATE_LIMIT


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
    return text or None


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
    page = Paginator(selectors.ticket_events(request.team), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "hooks": TicketWebhook.objects.filter(team=request.team).select_related("connection"),
        "unhooked": Connection.objects.filter(team=request.team, ticket_webhook__isnull=True),
    }
    if request.htmx and request.htmx.target == "ticket-list":
        return render(request, "billing/tickets.html#list", context)
    return render(request, "billing/tickets.html", context)
