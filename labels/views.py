"""Names and tags, edited in place on the servers and domains lists (htmx), or on a page of their
own without JavaScript. GET gives the form (or, with `show`, the cell as it is); POST saves and
gives the cell back (htmx) or returns to the list with a message."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import team_view
from accounts.models import Connection
from dns import selectors as dns_selectors
from labels import services
from labels.forms import DomainTagsForm, OrderLabelForm
from vps import selectors as vps_selectors
from vps.views._lookup import connection_or_404
from vps.views._v2 import needs_v2


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _several_connections(request: HttpRequest) -> bool:
    return Connection.objects.filter(team=request.team).count() > 1


def _unavailable(request, connection, key, fetched) -> HttpResponse:
    return render(
        request,
        "vps/unavailable.html",
        {"connection": connection, "order_id": key, "fetched": fetched},
        status=503,
    )


# Orders ------------------------------------------------------------------------------------


@team_view("order.label")
@require_http_methods(["GET", "HEAD", "POST"])
def order_label(request: HttpRequest, connection_id: int, order_id: str) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    back = _next(request, reverse("vps:list"))
    if not vps_selectors.supports(connection, "order_update"):
        return needs_v2(request, connection, feature=_("Names and tags"), back=back)
    fetched = vps_selectors.order_details(connection, order_id)
    if fetched.not_found:
        raise Http404("No such order for this connection.")
    if not fetched.ok:
        return _unavailable(request, connection, order_id, fetched)
    order = fetched.data
    context = {
        "connection": connection,
        "order_id": order.id,
        "name": order.name or "",
        "tags": order.tags,
        "kind": order.type,
        "next": back,
        "editable": True,
        "show_connection": _several_connections(request),
    }
    if request.method != "POST":
        if request.htmx and "show" in request.GET:
            return render(request, "labels/_order_cell.html", context)
        form = OrderLabelForm(
            initial={"name": order.name or "", "tags": ", ".join(order.tags)},
            had_name=bool(order.name),
        )
        return _order_form(request, context, form)
    form = OrderLabelForm(request.POST, had_name=bool(order.name))
    if not form.is_valid():
        return _order_form(request, context, form, status=400)
    name = form.cleaned_data["name"]
    tags = form.cleaned_data["tags"]
    changes = {
        "name": name if name and name != (order.name or "") else None,
        "tags": tags if tuple(tags) != tuple(order.tags) else None,
    }
    if changes["name"] is not None or changes["tags"] is not None:
        try:
            updated = services.order_label_update(
                actor=request.user,
                team=request.team,
                connection=connection,
                order_id=order.id,
                before={"name": order.name or "", "tags": list(order.tags)},
                label=order.name or order.hostname or order.id,
                **changes,
            )
        except services.ActionFailed as error:
            form.add_error(None, error.html)
            return _order_form(request, context, form, status=400)
        context.update(name=updated.name or name or order.name or "", tags=updated.tags)
    if request.htmx:
        return render(request, "labels/_order_cell.html", context)
    messages.success(request, _("Saved the name and tags of %(order)s.") % {"order": order.id})
    return redirect(back)


def _order_form(request, context, form, status: int = 200) -> HttpResponse:
    context = {**context, "form": form}
    if request.htmx:
        # htmx swaps only 2xx answers: the form comes back with its errors as a 200.
        return render(request, "labels/_order_form.html", context)
    return render(request, "labels/order_form.html", context, status=status)


# Domains -----------------------------------------------------------------------------------


@team_view("dns.domain.tags")
@require_http_methods(["GET", "HEAD", "POST"])
def domain_tags(request: HttpRequest, connection_id: int, name: str) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    back = _next(request, reverse("dns:list"))
    if not vps_selectors.supports(connection, "dns_domain_tags"):
        return needs_v2(request, connection, feature=_("Domain tags"), back=back)
    fetched = dns_selectors.domains(connection)
    if not fetched.ok:
        return _unavailable(request, connection, name, fetched)
    domain = next((d for d in fetched.data if d.name == name), None)
    if domain is None:
        raise Http404("No such domain for this connection.")
    context = {
        "connection": connection,
        "domain": domain.name,
        "tags": domain.tags,
        "next": back,
        "editable": True,
    }
    if request.method != "POST":
        if request.htmx and "show" in request.GET:
            return render(request, "labels/_domain_cell.html", context)
        return _domain_form(
            request, context, DomainTagsForm(initial={"tags": ", ".join(domain.tags)})
        )
    form = DomainTagsForm(request.POST)
    if not form.is_valid():
        return _domain_form(request, context, form, status=400)
    tags = form.cleaned_data["tags"]
    if tuple(tags) != tuple(domain.tags):
        try:
            context["tags"] = services.domain_tags_update(
                actor=request.user,
                team=request.team,
                connection=connection,
                domain=domain.name,
                tags=tags,
                before=list(domain.tags),
            )
        except services.ActionFailed as error:
            form.add_error(None, error.html)
            return _domain_form(request, context, form, status=400)
    if request.htmx:
        return render(request, "labels/_domain_cell.html", context)
    messages.success(request, _("Saved the tags of %(domain)s.") % {"domain": domain.name})
    return redirect(back)


def _domain_form(request, context, form, status: int = 200) -> HttpResponse:
    context = {**context, "form": form}
    if request.htmx:
        return render(request, "labels/_domain_form.html", context)
    return render(request, "labels/domain_form.html", context, status=status)
