"""Alerts: what is active and what was, and (for admins) the team's thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import team_view
from billing import selectors, services
from billing.forms import AlertSettingsForm


def _page(request: HttpRequest, form: AlertSettingsForm, status: int = 200) -> HttpResponse:
    team = request.team
    context = {
        "active": selectors.active_alerts(team),
        "history": selectors.alert_history(team).filter(cleared_at__isnull=False)[:50],
        "form": form,
        "rules": selectors.alert_settings_for(team),
    }
    return render(request, "billing/alerts.html", context, status=status)


@team_view("team.view")
@require_safe
def alert_list(request: HttpRequest) -> HttpResponse:
    form = AlertSettingsForm(instance=selectors.alert_settings_for(request.team))
    return _page(request, form)


@team_view("alerts.manage")
@require_POST
def alert_settings(request: HttpRequest) -> HttpResponse:
    form = AlertSettingsForm(request.POST, instance=selectors.alert_settings_for(request.team))
    if not form.is_valid():
        return _page(request, form, status=400)
    services.alert_settings_update(actor=request.user, team=request.team, **form.cleaned_data)
    messages.success(request, _("Alert thresholds saved. The next check uses them."))
    return redirect("billing:alerts")
