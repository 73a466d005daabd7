"""The audit history: filters, htmx pagination, CSV export, and per-object history."""

from __future__ import annotations

import csv
from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.access import team_view
from accounts.models import AuditEvent
from accounts.selectors import (
    AuditFilters,
    audit_events_for_object,
    audit_events_for_team,
    filter_audit_events,
)
from fornexpanel.core.paging import paginate
from fornexpanel.core.prepared import Prepared, PreparedRows

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label=_("Actor"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target = forms.CharField(label=_("Target"), required=False, max_length=200)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Any outcome")), *AuditEvent.Outcome.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, pairs: list[tuple[str, str, int]], **kwargs) -> None:
        """`pairs`: (actor, action, how many) of the team's history (`_choices`)."""
        super().__init__(*args, **kwargs)
        self.total = sum(count for _actor, _action, count in pairs)
        actors = {actor for actor, _action, _count in pairs if actor}
        actions = {action for _actor, action, _count in pairs}
        self.fields["actor"].choices = [("", _("Anyone"))] + [
            (name, name) for name in sorted(actors)
        ]
        self.fields["action"].choices = [("", _("Any action"))] + [
            (name, name) for name in sorted(actions)
        ]

    @property
    def fingerprint(self) -> tuple:
        """What the filter fields show ({% fragment %}): the values asked for (and so any error
        on them) and the choices the team's history offers."""
        data = (
            sorted((name, self.data.getlist(name)) for name in self.data) if self.is_bound else ()
        )
        return (data, self.fields["actor"].choices, self.fields["action"].choices)

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"],
            action=data["action"],
            target=data["target"].strip(),
            outcome=data["outcome"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


# Who and what occur in the team's history, and how often, in one read: the filter's choices,
# and the history's length (the pager's, while no filter is in force). Prepared, as is the
# unfiltered history's page: the queries of the team's history are the costliest to build.
_choices = Prepared(
    lambda team_id: (
        audit_events_for_team(team_id)
        .order_by()
        .values_list("actor_name", "action")
        .annotate(count=Count("pk"))
    ),
    int,
)
_history = Prepared(lambda team_id: audit_events_for_team(team_id).select_related(None), int)


def _form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, pairs=_choices(request.team.pk))


def _events(request: HttpRequest, form: AuditFilterForm):
    """The events the filters pick. Built only where asked: the whole history's page is read by
    `_history`, and building this query costs as much as reading the page."""
    events = audit_events_for_team(request.team)
    return filter_audit_events(events, form.filters()).select_related(None)


def _count(form: AuditFilterForm) -> int | None:
    """The number of events the page lists, when the form's read already counted them."""
    return form.total if form.filters() == AuditFilters() else None


def date_presets(request: HttpRequest) -> list[dict]:
    """Today, yesterday and the last 7 days, as days of the reader's time zone; each keeps the
    other filters and says whether it is the one in force."""
    today = timezone.localdate()
    spans = [
        (_("Today"), today, today),
        (_("Yesterday"), today - timedelta(days=1), today - timedelta(days=1)),
        (_("Last 7 days"), today - timedelta(days=6), today),
    ]
    presets = []
    for label, start, end in spans:
        query = request.GET.copy()
        query.pop("page", None)
        query["date_from"], query["date_to"] = start.isoformat(), end.isoformat()
        active = (
            request.GET.get("date_from") == start.isoformat()
            and request.GET.get("date_to") == end.isoformat()
        )
        presets.append({"label": label, "query": query.urlencode(), "active": active})
    return presets


@team_view("audit.view")
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    count = _count(form)
    if count is not None:  # the whole history: its page is a prepared read
        events = PreparedRows(_history, request.team.pk, count=count)
    else:
        events = _events(request, form)
    paged = paginate(request, events, count=count)
    query = request.GET.copy()
    for name in ("page", "per_page"):
        query.pop(name, None)
    context = {
        "form": form,
        "paged": paged,
        "page": paged.page,
        "query": query.urlencode(),
        "presets": date_presets(request),
    }
    if request.htmx and request.htmx.target == "audit":
        return render(request, "accounts/audit.html#audit", context)
    return render(request, "accounts/audit.html", context)


def _csv_cell(value: object) -> str:
    # Spreadsheet programs run cells starting with these as formulas: neutralise them.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


@team_view("audit.view")
@require_safe
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    events = _events(request, _form(request))
    writer = csv.writer(_Echo())
    header = [
        "time",
        "team",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "outcome",
        "detail",
        "request_id",
        "ip",
        "user_agent",
        "operation_id",
    ]

    def rows():
        yield writer.writerow(header)
        for event in events.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    _csv_cell(value)
                    for value in (
                        event.time.isoformat(),
                        event.team_name,
                        event.actor_name,
                        event.action,
                        event.target_type,
                        event.target_id,
                        event.target_label,
                        event.outcome,
                        event.detail,
                        event.request_id,
                        event.ip,
                        event.user_agent,
                        event.operation_id,
                    )
                ]
            )

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


@team_view("audit.view")
@require_safe
def audit_object(request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
    events = audit_events_for_object(request.team, target_type, target_id)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    label = next((e.target_label for e in page.object_list if e.target_label), target_id)
    context = {"page": page, "target_type": target_type, "target_id": target_id, "label": label}
    return render(request, "accounts/audit_object.html", context)
