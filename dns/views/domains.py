"""The domains of the team's connections; adding, deleting and looking at one."""

from __future__ import annotations

from collections import Counter
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import can, team_view
from accounts.forms import ConfirmNameForm
from dns import selectors, services
from dns.forms import SORT_CHOICES, DomainAddForm, DomainSearchForm, fornex_error_field
from dns.validation import RECORD_TYPES
from dns.views.common import (
    FORNEX_ERRORS,
    connection_or_404,
    domain_page,
    fornex_failure,
    header,
    no_rights,
)
from fornexpanel import gateway
from fornexpanel.core.paging import paginate


@team_view("team.view")
@require_safe
def domain_list(request: HttpRequest) -> HttpResponse:
    search = DomainSearchForm(request.GET or None)
    q, tag, sort = search.values()
    sections = selectors.domains_for_team(
        request.team, q=q, tag=tag, sort=sort, refresh="refresh" in request.GET
    )
    staged = selectors.staged_counts(request.team)
    for section in sections:
        section.rows = [
            (d, staged.get((section.connection.pk, d.name), 0)) for d in section.domains
        ]
    context = {
        "sections": sections,
        "search": search,
        "q": q,
        "tag": tag,
        "sort": sort,
        "sorts": SORT_CHOICES,
        "tags": sorted({t for section in sections for t in section.tags}),
    }
    return render(request, "dns/list.html", context)


@team_view("dns.domain.manage")
def domain_add(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    if selectors.known_without_dns_rights(connection):
        return no_rights(request, connection)

    def hosted() -> list[str]:
        # Names hosted already are refused here rather than by Fornex (usually from the cache).
        return [domain.name for domain in selectors.domains(connection).data or ()]

    form = DomainAddForm(request.POST or None, hosted=hosted)
    if request.method == "POST" and form.is_valid():
        try:
            name = services.domain_add(
                actor=request.user,
                connection=connection,
                name=form.cleaned_data["name"],
                ip=form.cleaned_data["ip"],
            )
        except FORNEX_ERRORS as error:
            response = fornex_failure(
                request,
                error,
                connection=connection,
                form=form,
                field_for=partial(fornex_error_field, fields=("name", "ip")),
                back=reverse("dns:list"),
            )
            if response is not None:
                return response
        else:
            messages.success(request, _("Domain %(name)s added.") % {"name": name})
            return redirect("dns:domain", connection.pk, name)
    return render(request, "dns/domain_add.html", {"form": form, "connection": connection})


_TYPE_ORDER = {rtype: index for index, rtype in enumerate(RECORD_TYPES)}


def _record_order(record) -> tuple:
    """Types in the usual order, then the apex first, then by host, priority and value."""
    rank = _TYPE_ORDER.get(record.type, len(_TYPE_ORDER))
    return (rank, record.type, record.host != "", record.host, record.prio or 0, record.value)


def _ordered(records) -> tuple[list, Counter]:
    """The records in the page's order, and how many there are of each type."""
    return sorted(records, key=_record_order), Counter(r.type for r in records)


def _grouped(records, staged: dict, totals: Counter) -> list[tuple[str, list, int]]:
    """[(type, [(record, its staged change or None), ...], records of the type in the whole
    filtered set), ...] for records already in `_record_order` (one page of them)."""
    groups: dict[str, list] = {}
    for record in records:
        groups.setdefault(record.type, []).append((record, staged.get(record.id)))
    return [(rtype, rows, totals[rtype]) for rtype, rows in groups.items()]


def _matches(record, q: str) -> bool:
    q = q.lower()
    return (
        q in (record.host or "@").lower() or q == record.type.lower() or q in record.value.lower()
    )


@team_view("team.view")
@require_safe
def domain_detail(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    q = request.GET.get("q", "").strip()[:200]
    rtype = request.GET.get("type", "").strip().upper()[:10]
    # In the page's order and with their types counted once per fetch, not for every view of a
    # zone of thousands of records (gateway.derived).
    ordered, all_totals = gateway.derived(page.fetched, "records-ordered", _ordered)
    records = [r for r in ordered if (not q or _matches(r, q)) and (not rtype or r.type == rtype)]
    totals = all_totals if not (q or rtype) else Counter(r.type for r in records)
    paged = paginate(request, records)
    changes = selectors.staged_changes(request.team, page.connection, page.domain)
    staged = {c.record_id: c for c in changes if c.record_id is not None}
    groups = _grouped(paged.rows, staged, totals)
    context = {
        "connection": page.connection,
        "domain": page.domain,
        "fetched": page.fetched,
        "groups": groups,
        # What the groups show, as the key of their rendered rows ({% fragment %}).
        "groups_key": [
            (rtype, total, [(record, change.action if change else None) for record, change in rows])
            for rtype, rows, total in groups
        ],
        "paged": paged,
        "total": len(page.records),
        "types": sorted(all_totals, key=lambda t: (_TYPE_ORDER.get(t, 99), t)),
        "q": q,
        "type": rtype,
        "changes": changes,
        "history_id": selectors.domain_target(page.connection, page.domain),
        # Computed once, not per row: a zone may have thousands of records.
        "records_url": reverse("dns:domain", args=[page.connection.pk, page.domain]) + "records/",
        "plan_url": reverse("dns:plan", args=[page.connection.pk, page.domain]),
        "can_change": can(request, "dns.record.change"),
        "history_label": _("Details and history"),
        "edit_label": _("Edit"),
        "delete_label": _("Delete"),
        "history": selectors.recent_domain_history(request.team, page.connection, page.domain),
        "order": selectors.domain_order(page.connection, page.domain),
        "tab": "records",
    }
    if request.htmx and request.htmx.target == "records":
        return render(request, "dns/domain.html#records", context)
    return render(request, "dns/domain.html", context)


@team_view("dns.domain.manage")
def domain_delete(request: HttpRequest, connection_id: int, domain: str) -> HttpResponse:
    page = domain_page(request, connection_id, domain)
    if page.response:
        return page.response
    form = ConfirmNameForm(request.POST or None, expected=page.domain)
    if request.method == "POST" and form.is_valid():
        try:
            services.domain_delete(
                actor=request.user, connection=page.connection, domain=page.domain
            )
        except FORNEX_ERRORS as error:
            response = fornex_failure(
                request,
                error,
                connection=page.connection,
                form=form,
                back=reverse("dns:domain", args=[page.connection.pk, page.domain]),
            )
            if response is not None:
                return response
        else:
            messages.success(request, _("Domain %(name)s deleted.") % {"name": page.domain})
            return redirect("dns:list")
    context = {
        **header(request, page.connection, page.domain, "records"),
        "form": form,
        "total": len(page.records),
        "staged": selectors.staged_count(request.team, page.connection, page.domain),
    }
    return render(request, "dns/domain_delete.html", context)
