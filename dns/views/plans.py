"""A domain's plan: the staged changes as a diff against the live zone, applying it as one
background operation, following its progress, and taking changes out of it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.access import team_view
from dns import plan as plans
from dns import selectors, services
from dns.forms import PlanApplyForm
from dns.models import StagedChange
from dns.services import PlanError
from dns.views.common import (
    DomainPage,
    connection_or_404,
    domain_or_404,
    domain_page,
    header,
)
from operations.idempotency import AlreadyStarted, posted_token, show_started, started_by
from operations.notices import announce_started


def _render_plan(
    request: HttpRequest, page: DomainPage, form: PlanApplyForm | None = None, status: int = 200
) -> HttpResponse:
    changes = selectors.staged_changes(request.team, page.connection, page.domain)
    plan = plans.build(changes, page.records)
    context = {
        **header(request, page.connection, page.domain, "plan"),
        "fetched": page.fetched,
        "plan": plan,
        "locked": any(change.is_locked for change in changes),
        "form": form or PlanApplyForm(risks=plan.risks),
        "op": selectors.last_apply(request.team, page.connection, page.domain),
    }
    return render(request, "dns/plan.html", context, status=status)


@team_view("team.view")
@require_safe
def plan_detail(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    return _render_plan(request, page)


@team_view("dns.record.change")
@require_POST
def plan_apply(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    started = started_by(request)
    if started is not None:  # the same form posted again: show what it started
        return show_started(request, started)
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    changes = selectors.staged_changes(request.team, page.connection, page.domain)
    form = PlanApplyForm(request.POST, risks=plans.build(changes, page.records).risks)
    if not form.is_valid():
        return _render_plan(request, page, form)
    try:
        op = services.plan_apply(
            actor=request.user,
            connection=page.connection,
            domain=page.domain,
            live_records=page.records,
            confirmed=form.cleaned_data["confirm"],
            form_token=posted_token(request),
        )
    except AlreadyStarted as error:
        return show_started(request, error.operation)
    except PlanError as error:
        messages.error(request, error.message)
        return redirect("dns:plan", page.connection.pk, page.domain)
    count = len(op.params["changes"])
    announce_started(
        request,
        ngettext(
            "Applying %(count)d change at Fornex…",
            "Applying %(count)d changes at Fornex…",
            count,
        )
        % {"count": count},
        what=_("The plan"),
    )
    return redirect("dns:plan", page.connection.pk, page.domain)


@team_view("dns.record.change")
@require_POST
def plan_discard(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    name = domain_or_404(domain)
    dropped = services.plan_discard(actor=request.user, connection=connection, domain=name)
    if dropped:
        messages.success(
            request,
            ngettext(
                "%(count)d staged change discarded.", "%(count)d staged changes discarded.", dropped
            )
            % {"count": dropped},
        )
    else:
        messages.info(request, _("Nothing to discard."))
    return redirect("dns:plan", connection.pk, name)


@team_view("dns.record.change")
@require_POST
def plan_remove(
    request: HttpRequest, connection_id: int, domain: str, change_id: int
) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    name = domain_or_404(domain)
    change = get_object_or_404(
        StagedChange, pk=change_id, team=request.team, connection=connection, domain=name
    )
    try:
        services.change_unstage(actor=request.user, change=change)
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Change taken out of the plan."))
    return redirect("dns:plan", connection.pk, name)


@team_view("team.view")
@require_safe
def plan_status(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    """The polled progress of the last apply. When a run it was following has ended, the page
    reloads, so the plan shows what is left of it."""
    connection = connection_or_404(request, connection_id)
    name = domain_or_404(domain)
    op = selectors.last_apply(request.team, connection, name)
    response = render(
        request,
        "dns/_plan_status.html",
        {"op": op, "connection": connection, "domain": name},
    )
    if request.htmx and op is not None and op.is_final and request.GET.get("following"):
        response["HX-Refresh"] = "true"
    return response
