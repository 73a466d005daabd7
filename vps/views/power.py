"""VPS power actions (one or several servers) and the root password reset.

Each action has a confirmation page: GET shows what will happen, POST does it. Power actions run
as operations in Celery; the password reset runs in the request, because the new password may
only ever be shown in that one response.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import team_view
from accounts.models import Connection
from accounts.recent_auth import recent_auth_required
from fornexpanel.core.debug import remember_revealed
from operations.idempotency import start_once
from operations.notices import announce_started
from vps import selectors, services
from vps.operations import POWER_ACTIONS
from vps.views._lookup import OrderLookup, show_started, with_order
from vps.views.projects import project_filter

# What each action does to a running server, said before the member confirms.
CONSEQUENCES = {
    "start": gettext_lazy("The server boots. Nothing else changes."),
    "stop": gettext_lazy(
        "The server is shut down: every service on it stops answering until it is started again."
    ),
    "restart": gettext_lazy(
        "The server reboots: its services are unavailable for a minute or two."
    ),
    "hard_reset": gettext_lazy(
        "The server is cut off like a power failure and booted again, without shutting down: "
        "unsaved data is lost and file systems may need a check. Use it only when it does not "
        "answer a normal restart."
    ),
}
DANGEROUS = frozenset({"stop", "hard_reset"})
BULK_ACTIONS = ("restart", "start", "stop")


@team_view("vps.power")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order(order_type="vps")
def power_action(request: HttpRequest, lookup: OrderLookup, action: str) -> HttpResponse:
    if action not in POWER_ACTIONS:
        raise Http404("No such action.")
    if request.method == "POST":
        op, shown = start_once(
            request,
            lambda token: services.vps_power_action(
                actor=request.user,
                team=request.team,
                connection=lookup.connection,
                order_id=lookup.order.id,
                action=action,
                label=lookup.label,
                form_token=token,
            ),
        )
        if shown is not None:
            return shown
        return show_started(request, lookup, op, POWER_ACTIONS[action].label)
    return render(
        request,
        "vps/power_confirm.html",
        {
            "lookup": lookup,
            "order": lookup.order,
            "action": action,
            "action_label": POWER_ACTIONS[action].label,
            "consequence": CONSEQUENCES[action],
            "dangerous": action in DANGEROUS,
        },
    )


@team_view("vps.password_reset")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order(order_type="vps")
@recent_auth_required  # the new password is a secret shown once: "Confirm it's you" first
def password_reset(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    context = {"lookup": lookup, "order": lookup.order}
    if request.method != "POST":
        return render(request, "vps/password_confirm.html", context)
    op, password = services.vps_password_reset(
        actor=request.user,
        team=request.team,
        connection=lookup.connection,
        order_id=lookup.order.id,
        label=lookup.label,
    )
    # Rendered here and only here: no redirect, no message, no session carries the password.
    remember_revealed(password)  # and no error report shows it
    response = render(
        request, "vps/password_result.html", {**context, "op": op, "password": password}
    )
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    return response


def _bulk_targets(request: HttpRequest, values: list[str]) -> list[tuple[Connection, str, str]]:
    """("<connection pk>:<order id>", ...) -> the team's VPSes among them (others are dropped)."""
    wanted: dict[int, set[str]] = {}
    for value in values:
        connection_pk, _sep, order_id = value.partition(":")
        if connection_pk.isdigit() and order_id:
            wanted.setdefault(int(connection_pk), set()).add(order_id)
    targets = []
    for connection in Connection.objects.filter(team=request.team, pk__in=wanted):
        fetched = selectors.orders(connection)
        for order in fetched.data or ():
            if order.type == "vps" and order.id in wanted[connection.pk]:
                targets.append((connection, order.id, order.name or order.hostname or order.id))
    return targets


def _matching_targets(request: HttpRequest, data) -> list[str]:
    team_orders = selectors.orders_for_team(request.team)
    rows = selectors.filter_orders(
        team_orders.rows,
        type=data.get("type", "")[:50],
        status=data.get("status", "")[:50],
        q=data.get("q", "")[:200],
    )
    # The project filter too: "all N matching" is exactly what the list counted, never more.
    rows, _value, _choices = project_filter(request, rows, data.get("project", "")[:100])
    return [row.key for row in rows if row.is_vps]


@team_view("vps.power")
@require_http_methods(["GET", "HEAD", "POST"])
def bulk_power(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    action = data.get("action", "")
    values = data.getlist("target")
    if data.get("matching") == "1":
        # "Select all N matching": every VPS the servers page's filters select, on every page.
        values = _matching_targets(request, data)
    targets = _bulk_targets(request, values)
    if action not in BULK_ACTIONS or not targets:
        messages.error(request, _("Choose one or more VPSes, then restart, start or stop them."))
        return redirect("vps:list")
    if request.method == "POST":
        batch, shown = start_once(
            request,
            lambda token: services.vps_power_bulk(
                actor=request.user,
                team=request.team,
                action=action,
                targets=targets,
                form_token=token,
            ),
        )
        if shown is not None:
            return shown
        names = {"action": POWER_ACTIONS[action].label, "count": len(targets)}
        announce_started(
            request,
            _("%(action)s sent for %(count)d servers.") % names,
            what=_("%(action)s for %(count)d servers") % names,
        )
        return redirect("operations:batch", batch=batch)
    return render(
        request,
        "vps/bulk_confirm.html",
        {
            "action": action,
            "action_label": POWER_ACTIONS[action].label,
            "consequence": CONSEQUENCES[action],
            "dangerous": action in DANGEROUS,
            "targets": targets,
        },
    )
