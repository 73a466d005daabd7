"""One record: its page, and adding, changing or deleting it now or as a staged change."""

from __future__ import annotations

import json
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import team_view
from dns import selectors, services
from dns.forms import RECORD_FIELDS, VALUE_HINTS, ModeForm, RecordForm, fornex_error_field
from dns.models import StagedChange
from dns.plan import project
from dns.services import PlanError
from dns.validation import RECORD_TYPES, display_host
from dns.views.common import FORNEX_ERRORS, DomainPage, domain_page, fornex_failure, header


def _domain_url(page: DomainPage) -> str:
    return reverse("dns:domain", args=[page.connection.pk, page.domain])


def _plan_url(page: DomainPage) -> str:
    return reverse("dns:plan", args=[page.connection.pk, page.domain])


def _stage(request: HttpRequest) -> bool:
    return request.POST.get("mode") == "stage"


def _staged(request: HttpRequest, page: DomainPage, **kwargs) -> HttpResponse:
    try:
        services.change_stage(
            actor=request.user, connection=page.connection, domain=page.domain, **kwargs
        )
    except PlanError as error:
        messages.error(request, error.message)
        return redirect(_plan_url(page))
    messages.success(request, _("Staged in the plan: review and apply it when it is complete."))
    return redirect(_domain_url(page))


def _failure(request: HttpRequest, page: DomainPage, error: Exception, form) -> HttpResponse | None:
    return fornex_failure(
        request,
        error,
        connection=page.connection,
        form=form,
        field_for=partial(fornex_error_field, fields=RECORD_FIELDS),
        back=_domain_url(page) + "?refresh=1",
    )


def _form_page(request: HttpRequest, page: DomainPage, form: RecordForm, record=None):
    context = {
        **header(request, page.connection, page.domain, "records"),
        "form": form,
        "record": record,
        "hints_json": json.dumps(
            {k: [str(label), example] for k, (label, example) in VALUE_HINTS.items()}
        ),
        "staged_change": (
            StagedChange.objects.filter(
                connection=page.connection, domain=page.domain, record_id=record.id
            ).first()
            if record is not None
            else None
        ),
    }
    return render(request, "dns/record_form.html", context)


@team_view("dns.record.change")
def record_add(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    zone = page.entries
    if _stage(request):
        # A staged add joins the zone as the plan will leave it.
        changes = selectors.staged_changes(request.team, page.connection, page.domain)
        zone = project(page.entries, changes)
    initial = {"type": request.GET.get("type") if request.GET.get("type") in RECORD_TYPES else "A"}
    form = RecordForm(request.POST or None, domain=page.domain, zone=zone, initial=initial)
    if request.method == "POST" and form.is_valid():
        spec = form.spec
        if _stage(request):
            return _staged(request, page, action=StagedChange.Action.ADD, spec=spec)
        try:
            services.record_add(
                actor=request.user, connection=page.connection, domain=page.domain, spec=spec
            )
        except FORNEX_ERRORS as error:
            response = _failure(request, page, error, form)
            if response is not None:
                return response
        else:
            messages.success(
                request,
                _("Record %(host)s %(type)s added.")
                % {"host": display_host(spec.host), "type": spec.type},
            )
            return redirect(_domain_url(page))
    return _form_page(request, page, form)


@team_view("team.view")
@require_safe
def record_detail(
    request: HttpRequest, connection_id: int, domain: str, record_id: int
) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    record = page.record(record_id)
    context = {
        **header(request, page.connection, page.domain, "records"),
        "record": record,
        "fetched": page.fetched,
        "staged_change": StagedChange.objects.filter(
            connection=page.connection, domain=page.domain, record_id=record.id
        ).first(),
        "history_id": selectors.record_target(page.connection, page.domain, record.id),
        "history": selectors.record_history(request.team, page.connection, page.domain, record.id)[
            :50
        ],
    }
    return render(request, "dns/record_detail.html", context)


@team_view("dns.record.change")
def record_edit(
    request: HttpRequest, connection_id: int, domain: str, record_id: int
) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    record = page.record(record_id)
    zone = page.entries
    if _stage(request):
        changes = selectors.staged_changes(request.team, page.connection, page.domain)
        replaced = next((c.pk for c in changes if c.record_id == record.id), None)
        zone = project(page.entries, changes, skip=replaced)
    form = RecordForm(
        request.POST or None,
        domain=page.domain,
        zone=zone,
        record_id=record.id,
        initial=RecordForm.initial_for(record),
    )
    if request.method == "POST" and form.is_valid():
        spec = form.spec
        if _stage(request):
            return _staged(
                request, page, action=StagedChange.Action.UPDATE, record=record, spec=spec
            )
        try:
            services.record_update(
                actor=request.user,
                connection=page.connection,
                domain=page.domain,
                record=record,
                spec=spec,
            )
        except FORNEX_ERRORS as error:
            response = _failure(request, page, error, form)
            if response is not None:
                return response
        else:
            messages.success(
                request,
                _("Record %(host)s %(type)s saved.")
                % {"host": display_host(spec.host), "type": spec.type},
            )
            return redirect(_domain_url(page))
    return _form_page(request, page, form, record)


@team_view("dns.record.change")
def record_delete(
    request: HttpRequest, connection_id: int, domain: str, record_id: int
) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    record = page.record(record_id)
    form = ModeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["mode"] == "stage":
            return _staged(request, page, action=StagedChange.Action.DELETE, record=record)
        try:
            services.record_delete(
                actor=request.user, connection=page.connection, domain=page.domain, record=record
            )
        except FORNEX_ERRORS as error:
            return _failure(request, page, error, None)
        messages.success(
            request,
            _("Record %(host)s %(type)s deleted.")
            % {"host": display_host(record.host), "type": record.type},
        )
        return redirect(_domain_url(page))
    context = {
        **header(request, page.connection, page.domain, "records"),
        "form": form,
        "record": record,
    }
    return render(request, "dns/record_delete.html", context)
