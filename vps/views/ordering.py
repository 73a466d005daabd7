"""Ordering a new VPS: choose (location, plan, what to install, disk, extras, SSH keys), review
the summary (monthly price, balance and runway after the order), confirm.

Fornex takes the money from the balance at once, so the order is only sent from the summary's
confirmation; the new server is then followed as an operation until it is up.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import team_view
from accounts.models import Connection
from vps import ordering, selectors
from vps.order_forms import VpsOrderForm
from vps.services import ActionFailed
from vps.views._lookup import connection_or_404
from vps.views._v2 import needs_v2


@team_view("vps.order")
@require_http_methods(["GET", "HEAD"])
def order_start(request: HttpRequest) -> HttpResponse:
    """Which connection (Fornex account) the server is ordered on; straight on with only one."""
    connections = list(Connection.objects.filter(team=request.team).order_by("label", "pk"))
    if len(connections) == 1:
        return redirect("vps:order", connections[0].pk)
    return render(request, "vps/order_start.html", {"connections": connections})


@team_view("vps.order")
@require_http_methods(["GET", "HEAD", "POST"])
def order_server(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    if not selectors.supports(connection, "orders_vps_create"):
        return needs_v2(
            request, connection, feature=_("Ordering a server"), back=reverse("vps:list")
        )
    catalogues = ordering.catalogues_for(connection, refresh="refresh" in request.GET)
    form = VpsOrderForm(request.POST or None, catalogues=catalogues)
    context = {
        "connection": connection,
        "catalogues": catalogues,
        "form": form,
        "install_groups": ordering.install_groups(catalogues),
    }
    # "choose" posts back to the form (the summary's "Change" button), keeping the choices.
    if request.method == "POST" and form.is_valid() and form.cleaned_data["step"] != "choose":
        choice = form.choice
        summary = ordering.summarize(choice, catalogues)
        hidden = [
            (name, value)
            for name in form.fields
            if name != "step"
            for value in request.POST.getlist(name)
        ]
        context |= {"choice": choice, "summary": summary, "hidden": hidden}
        if form.cleaned_data.get("step") == "confirm":
            try:
                op = ordering.vps_order_create(
                    actor=request.user,
                    team=request.team,
                    connection=connection,
                    choice=choice,
                    summary=summary,
                )
            except ActionFailed as error:
                context["refusal"] = error.html
            else:
                messages.success(
                    request,
                    _("Fornex took the order of %(server)s: its progress shows below.")
                    % {"server": choice.name or choice.plan.name},
                )
                return redirect("operations:detail", op.pk)
        return render(request, "vps/order_summary.html", context)
    return render(request, "vps/order_form.html", context)
