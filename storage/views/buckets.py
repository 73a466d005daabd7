"""S3 storage: the list, one order's page with its notification threshold, and the reveal of
its access and secret keys (a confirmed POST by an admin, shown once, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import team_view
from accounts.models import Connection
from accounts.recent_auth import needs_recent_auth
from billing import selectors as billing_selectors
from fornexpanel.core.debug import remember_revealed
from fornexpanel.fornex import S3Order
from storage import selectors, services
from storage.forms import NotificationThresholdForm
from vps.selectors import order_target_id, supports
from vps.views._lookup import connection_or_404
from vps.views._v2 import needs_v2


def _feature() -> str:
    return _("S3 storage")


@team_view("team.view")
@require_safe
def s3_list(request: HttpRequest) -> HttpResponse:
    refresh = "refresh" in request.GET
    accounts = []
    for connection in Connection.objects.filter(team=request.team).order_by("label", "pk"):
        if not supports(connection, "s3_orders"):
            accounts.append({"connection": connection, "offered": False})
            continue
        fetched = selectors.s3_orders(connection, refresh=refresh)
        accounts.append(
            {
                "connection": connection,
                "offered": True,
                "fetched": fetched,
                "currency": billing_selectors.currency(connection),
            }
        )
    return render(
        request,
        "storage/list.html",
        {
            "accounts": accounts,
            "fetched": [item["fetched"] for item in accounts if item["offered"]],
        },
    )


def _lookup(request: HttpRequest, connection_id: int, order_id: str):
    """(connection, S3Order or None, response to answer with instead)."""
    connection = connection_or_404(request, connection_id)
    if not supports(connection, "s3_order"):
        return (
            connection,
            None,
            needs_v2(request, connection, feature=_feature(), back=reverse("storage:list")),
        )
    fetched = selectors.s3_order(
        connection, order_id, refresh="refresh" in request.GET and request.method == "GET"
    )
    if fetched.not_found:
        raise Http404("No such S3 order for this connection.")
    if not fetched.ok:
        response = render(
            request,
            "storage/unavailable.html",
            {"connection": connection, "order_id": order_id, "fetched": fetched},
            status=503,
        )
        return connection, None, response
    return connection, fetched, None


def _label(order: S3Order) -> str:
    return order.name or order.id


@team_view("team.view")
@require_safe
def s3_detail(request: HttpRequest, connection_id: int, order_id: str) -> HttpResponse:
    connection, fetched, response = _lookup(request, connection_id, order_id)
    if response is not None:
        return response
    return _detail(request, connection, fetched, NotificationThresholdForm())


def _detail(request, connection, fetched, form, status: int = 200) -> HttpResponse:
    order = fetched.data
    return render(
        request,
        "storage/detail.html",
        {
            "connection": connection,
            "order": order,
            "fetched": fetched,
            "currency": billing_selectors.currency(connection),
            "form": form,
            "last_threshold": selectors.last_threshold(connection, order.id),
            "history_id": order_target_id(connection, order.id),
        },
        status=status,
    )


@team_view("s3.notification")
@require_http_methods(["GET", "HEAD", "POST"])
def s3_threshold(request: HttpRequest, connection_id: int, order_id: str) -> HttpResponse:
    if request.method != "POST":
        # The form is on the order's page (where a refused POST on a legacy connection lands too).
        connection_or_404(request, connection_id)
        return redirect("storage:detail", connection_id=connection_id, order_id=order_id)
    connection, fetched, response = _lookup(request, connection_id, order_id)
    if response is not None:
        return response
    form = NotificationThresholdForm(request.POST)
    if not form.is_valid():
        return _detail(request, connection, fetched, form, status=400)
    order = fetched.data
    gb = form.cleaned_data["gb"]
    try:
        services.s3_notification_threshold_set(
            actor=request.user,
            team=request.team,
            connection=connection,
            order_id=order.id,
            gb=gb,
            label=_label(order),
        )
    except services.ActionFailed as error:
        messages.error(request, error.html)
    else:
        if gb:
            messages.success(
                request,
                _("Fornex will warn by e-mail when less than %(gb)d GB is free.") % {"gb": gb},
            )
        else:
            messages.success(request, _("The low-space warning is switched off."))
    return redirect("storage:detail", connection_id=connection.pk, order_id=order.id)


@team_view("s3.credentials")
@require_http_methods(["GET", "HEAD", "POST"])
def s3_credentials(request: HttpRequest, connection_id: int, order_id: str) -> HttpResponse:
    connection_or_404(request, connection_id)  # another team's connection: 404 before all else
    # The keys are secrets shown once: "Confirm it's you" first.
    confirm = needs_recent_auth(request)
    if confirm is not None:
        return confirm
    connection, fetched, response = _lookup(request, connection_id, order_id)
    if response is not None:
        return response
    order = fetched.data
    context = {"connection": connection, "order": order}
    if request.method != "POST":
        return render(request, "storage/credentials_confirm.html", context)
    try:
        credentials = services.s3_credentials_reveal(
            actor=request.user,
            team=request.team,
            connection=connection,
            order_id=order.id,
            label=_label(order),
        )
    except services.ActionFailed as error:
        messages.error(request, error.html)
        return redirect("storage:detail", connection_id=connection.pk, order_id=order.id)
    # Rendered here and only here: no redirect, no message, no session carries the keys.
    remember_revealed(credentials.secret_key)  # and no error report shows them
    remember_revealed(credentials.access_key)
    response = render(request, "storage/credentials.html", {**context, "credentials": credentials})
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    return response
