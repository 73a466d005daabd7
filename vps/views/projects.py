"""Projects (Fornex's v2 API): the list per connection, one project with its orders, and, for
admins and above, creating, renaming, deleting (confirmed), the logo, adding and removing orders.

On a connection whose dialect lacks projects each page says that it needs the v2 API.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import team_view
from accounts.models import Connection
from fornexpanel import gateway
from fornexpanel.fornex.networks import Project, Upload
from vps import networks, selectors, services
from vps.project_forms import LOGO_MAX_BYTES, LogoForm, ProjectForm
from vps.views._lookup import connection_or_404
from vps.views._v2 import needs_v2

# A request body larger than this cannot hold a logo of at most 1 MB: refused before it is read.
MAX_LOGO_REQUEST = LOGO_MAX_BYTES + 64 * 1024


def project_filter(
    request: HttpRequest, rows: list, raw: str | None = None, connections: list | None = None
) -> tuple[list, str, list]:
    """The servers list's and the dashboard's `?project=<connection>:<project>` filter: (the rows
    of that project's orders, the value, the choices). A malformed value is a 400. `raw` is the
    value when it comes from elsewhere than the query string (the bulk form's "all matching")."""
    raw = request.GET.get("project", "") if raw is None else raw
    try:
        chosen = networks.parse_project_filter(raw)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    choices = networks.project_choices(request.team, connections=connections)
    if chosen is None:
        return rows, "", choices
    connection_pk, project_id = chosen
    connection = next((c.connection for c in choices if c.connection.pk == connection_pk), None)
    members = networks.order_ids_in_project(connection, project_id) if connection else set()
    picked = [
        row
        for row in rows
        if row.connection.pk == connection_pk and row.order.id in (members or set())
    ]
    return picked, raw.strip(), choices


def dashboard_project(request: HttpRequest, connections: list | None = None) -> dict:
    """The dashboard's project filter: the choices and, when one is chosen, its orders with their
    monthly spend (the balance and runway above it stay the whole account's)."""
    try:
        chosen = networks.parse_project_filter(request.GET.get("project", ""))
    except ValueError as error:
        raise BadRequest(str(error)) from None
    choices = networks.project_choices(request.team, connections=connections)
    found = None
    if chosen is not None:
        found = next((c for c in choices if (c.connection.pk, c.project.id) == chosen), None)
        if found is None:
            raise Http404("No such project for this team.")
    panel: dict = {"choices": choices, "chosen": found}
    if found is not None:
        members = networks.order_ids_in_project(found.connection, found.project.id)
        fetched = selectors.orders(found.connection)
        orders = [o for o in fetched.data or () if members is not None and o.id in members]
        panel.update(
            {
                "orders": orders,
                "readable": fetched.ok and members is not None,
                "spend": sum((o.cost_month for o in orders), Decimal(0)),
                "currency": _currency(found.connection),
            }
        )
    return panel


def _currency(connection: Connection) -> str:
    from billing.selectors import balance

    fetched = balance(connection)
    return fetched.data.currency if fetched.ok else ""


def _list_url() -> str:
    return reverse("vps:projects")


def _project_url(connection: Connection, project_id: int) -> str:
    return reverse("vps:project", args=[connection.pk, project_id])


def _v2_connection(request: HttpRequest, connection_id: int) -> tuple[Connection, HttpResponse | None]:  # fmt: skip
    connection = connection_or_404(request, connection_id)
    if not selectors.supports(connection, "projects"):
        return connection, needs_v2(request, connection, feature=_("Projects"), back=_list_url())
    return connection, None


def _project_or_404(connection: Connection, project_id: int, *, refresh: bool = False) -> tuple[Project | None, gateway.Fetched]:  # fmt: skip
    """The project (None when Fornex cannot be asked); an unknown one is a 404."""
    fetched = gateway.read(
        connection,
        "project",
        lambda client: client.project(project_id),
        parts=(project_id,),
        refresh=refresh,
    )
    if not fetched.ok and fetched.not_found:
        raise Http404("No such project for this connection.")
    return (fetched.data if fetched.ok else None), fetched


@team_view("team.view")
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    refresh = "refresh" in request.GET
    accounts = []
    for connection in Connection.objects.filter(team=request.team).order_by("label", "pk"):
        if not selectors.supports(connection, "projects"):
            accounts.append({"connection": connection, "offered": False})
            continue
        fetched = networks.projects(connection, refresh=refresh)
        membership = networks.project_of_orders(connection, refresh=refresh)
        counts: dict[int, int] = {}
        for project_id in membership.values():
            counts[project_id] = counts.get(project_id, 0) + 1
        rows = [(project, counts.get(project.id, 0)) for project in fetched.data or ()]
        accounts.append(
            {"connection": connection, "offered": True, "fetched": fetched, "rows": rows}
        )
    return render(
        request,
        "vps/projects/list.html",
        {"accounts": accounts, "fetched": [a["fetched"] for a in accounts if a["offered"]]},
    )


@team_view("project.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection, refusal = _v2_connection(request, connection_id)
    if refusal:
        return refusal
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = networks.project_create(
                actor=request.user,
                team=request.team,
                connection=connection,
                name=form.cleaned_data["name"],
                comment=form.cleaned_data["comment"],
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(request, _("Project “%(name)s” created.") % {"name": project.name})
            return redirect(_project_url(connection, project.id))
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "vps/projects/form.html",
        {"form": form, "connection": connection, "project": None},
        status=status,
    )


@team_view("team.view")
@require_safe
def project_detail(request: HttpRequest, connection_id: int, project_id: int) -> HttpResponse:
    connection, refusal = _v2_connection(request, connection_id)
    if refusal:
        return refusal
    refresh = "refresh" in request.GET
    project, fetched = _project_or_404(connection, project_id, refresh=refresh)
    orders = selectors.orders(connection, refresh=refresh)
    membership = networks.project_of_orders(connection, refresh=refresh)
    inside, outside = [], []
    for order in orders.data or ():
        (inside if membership.get(order.id) == project_id else outside).append(
            (order, membership.get(order.id))
        )
    return render(
        request,
        "vps/projects/detail.html",
        {
            "connection": connection,
            "project": project,
            "project_id": project_id,
            "fetched": [fetched, orders],
            "project_fetched": fetched,
            "orders_fetched": orders,
            "inside": inside,
            "outside": outside,
        },
    )


@team_view("project.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: HttpRequest, connection_id: int, project_id: int) -> HttpResponse:
    connection, refusal = _v2_connection(request, connection_id)
    if refusal:
        return refusal
    project, fetched = _project_or_404(connection, project_id)
    if project is None:
        messages.error(request, fetched.error_message)
        return redirect(_list_url())
    initial = {"name": project.name, "comment": project.comment}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            networks.project_update(
                actor=request.user,
                team=request.team,
                connection=connection,
                project_id=project_id,
                name=form.cleaned_data["name"],
                comment=form.cleaned_data["comment"],
                old_name=project.name,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(request, _("Project saved."))
            return redirect(_project_url(connection, project_id))
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "vps/projects/form.html",
        {"form": form, "connection": connection, "project": project},
        status=status,
    )


@team_view("project.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def project_delete(request: HttpRequest, connection_id: int, project_id: int) -> HttpResponse:
    connection, refusal = _v2_connection(request, connection_id)
    if refusal:
        return refusal
    project, fetched = _project_or_404(connection, project_id)
    label = project.name if project else str(project_id)
    if request.method == "POST":
        try:
            networks.project_delete(
                actor=request.user,
                team=request.team,
                connection=connection,
                project_id=project_id,
                label=label,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
            return redirect(_project_url(connection, project_id))
        messages.success(request, _("Project “%(name)s” deleted.") % {"name": label})
        return redirect(_list_url())
    return render(
        request,
        "vps/projects/delete.html",
        {"connection": connection, "project": project, "project_id": project_id, "label": label},
    )


@team_view("project.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def project_logo(request: HttpRequest, connection_id: int, project_id: int) -> HttpResponse:
    connection, refusal = _v2_connection(request, connection_id)
    if refusal:
        return refusal
    project, _fetched = _project_or_404(connection, project_id)
    context = {"connection": connection, "project": project, "project_id": project_id}
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_LOGO_REQUEST:
            # Refused before Django reads the body: a logo is at most 1 MB.
            context["form"] = LogoForm()
            context["too_large"] = True
            return render(request, "vps/projects/logo.html", context, status=413)
        form = LogoForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["logo"]
            logo = Upload("logo", f"logo.{form.extension}", form.content, form.content_type)
            try:
                networks.project_logo(
                    actor=request.user,
                    team=request.team,
                    connection=connection,
                    project_id=project_id,
                    logo=logo,
                    label=project.name if project else str(project_id),
                )
            except services.ActionFailed as error:
                messages.error(request, error.html)
            else:
                messages.success(
                    request, _("Logo “%(name)s” uploaded.") % {"name": upload.name[:100]}
                )
                return redirect(_project_url(connection, project_id))
        context["form"] = form
        return render(request, "vps/projects/logo.html", context, status=400)
    context["form"] = LogoForm()
    return render(request, "vps/projects/logo.html", context)


@team_view("project.manage")
@require_POST
def project_orders(request: HttpRequest, connection_id: int, project_id: int, change: str) -> HttpResponse:  # fmt: skip
    if change not in ("add", "remove"):
        raise Http404("No such change.")
    connection, refusal = _v2_connection(request, connection_id)
    if refusal:
        return refusal
    back = _project_url(connection, project_id)
    project, _fetched = _project_or_404(connection, project_id)
    chosen = [value.strip() for value in request.POST.getlist("orders") if value.strip()]
    known = {order.id for order in selectors.orders(connection).data or ()}
    if not chosen:
        messages.error(request, _("Choose at least one order."))
        return redirect(back)
    unknown = [value for value in chosen if value not in known]
    if unknown:
        messages.error(
            request,
            _("This account has no order %(orders)s.") % {"orders": ", ".join(unknown)[:200]},
        )
        return redirect(back)
    try:
        networks.project_orders_change(
            actor=request.user,
            team=request.team,
            connection=connection,
            project_id=project_id,
            orders=chosen,
            add=change == "add",
            label=project.name if project else str(project_id),
        )
    except services.ActionFailed as error:
        messages.error(request, error.html)
    else:
        count = len(chosen)
        if change == "add":
            text = ngettext(
                "%(count)s order added to the project.",
                "%(count)s orders added to the project.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s order removed from the project.",
                "%(count)s orders removed from the project.",
                count,
            )
        messages.success(request, text % {"count": count})
    return redirect(back)
