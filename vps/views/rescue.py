"""Rescue mode (start, stop) and reinstall of a VPS: what only Fornex's v2 API offers.

Both run as operations, like the power actions; each has a confirmation page (GET) that says
what happens to the running server, and the reinstall asks for the server's name typed again.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import team_view
from operations.idempotency import start_once
from operations.notices import announce_started
from vps import reinstall as options
from vps import selectors, services
from vps.forms import ReinstallForm
from vps.operations import RESCUE_ACTIONS
from vps.views._lookup import OrderLookup, progress_url, show_started, with_order
from vps.views._v2 import needs_v2

# What each action does to the running server, said before the member confirms.
RESCUE_CONSEQUENCES = {
    "start": gettext_lazy(
        "The server is restarted into Fornex's rescue system, a small Linux loaded over the "
        "network instead of the server's own disk. Every service on it stops answering until "
        "rescue mode is stopped. The disk is left as it is: mount it from the rescue system to "
        "repair the server or copy data off."
    ),
    "stop": gettext_lazy(
        "The server is restarted from its own disk again. Its services come back once it has "
        "booted; what was changed on the disk from the rescue system stays."
    ),
}


def _names(lookup: OrderLookup) -> tuple[str, ...]:
    """What the member may type to confirm: the name or the hostname (the order id when the
    server has neither)."""
    order = lookup.order
    return tuple(name for name in (order.name, order.hostname) if name) or (order.id,)


def _back(lookup: OrderLookup) -> str:
    return reverse("vps:detail", args=[lookup.connection.pk, lookup.order.id])


@team_view("vps.rescue")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order(order_type="vps")
def rescue_action(request: HttpRequest, lookup: OrderLookup, action: str) -> HttpResponse:
    if action not in RESCUE_ACTIONS:
        raise Http404("No such action.")
    handler = RESCUE_ACTIONS[action]
    if not selectors.supports(lookup.connection, handler.method):
        return needs_v2(request, lookup.connection, feature=_("Rescue mode"), back=_back(lookup))
    if request.method == "POST":
        op, shown = start_once(
            request,
            lambda token: services.vps_rescue(
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
        return show_started(request, lookup, op, handler.label)
    return render(
        request,
        "vps/rescue_confirm.html",
        {
            "lookup": lookup,
            "order": lookup.order,
            "action": action,
            "action_label": handler.label,
            "consequence": RESCUE_CONSEQUENCES[action],
            "last_rescue": selectors.last_rescue_operation(lookup.connection, lookup.order.id),
        },
    )


@team_view("vps.reinstall")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order(order_type="vps")
def reinstall(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    if not selectors.supports(lookup.connection, "vps_reinstall"):
        return needs_v2(request, lookup.connection, feature=_("Reinstall"), back=_back(lookup))
    groups = options.groups_for(lookup.connection, lookup.order, refresh="refresh" in request.GET)
    form = ReinstallForm(
        request.POST or None,
        options=options.offered(groups),
        names=_names(lookup),
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen
        op, shown = start_once(
            request,
            lambda token: services.vps_reinstall(
                actor=request.user,
                team=request.team,
                connection=lookup.connection,
                order_id=lookup.order.id,
                source=chosen.kind,
                source_id=chosen.id,
                source_name=chosen.name,
                label=lookup.label,
                form_token=token,
            ),
        )
        if shown is not None:
            return shown
        names = {"server": lookup.label, "name": chosen.name}
        announce_started(
            request,
            _("Reinstall of %(server)s with %(name)s sent: its progress shows below.") % names,
            what=_("Reinstall of %(server)s with %(name)s") % names,
        )
        return redirect(progress_url(lookup, op))
    return render(
        request,
        "vps/reinstall.html",
        {
            "lookup": lookup,
            "order": lookup.order,
            "connection": lookup.connection,
            "groups": groups,
            "fetched": [group.fetched for group in groups],
            "form": form,
            "chosen": form["choice"].value() or "",
            "confirm_name": _names(lookup)[0],
        },
    )
