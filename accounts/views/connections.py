"""Fornex connections of the current team. The key is write-only: never shown, never sent back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from accounts import connections as services
from accounts.access import team_view
from accounts.crypto import KeyDecryptionError
from accounts.forms import ConfirmNameForm, ConnectionForm
from accounts.models import Connection
from accounts.recent_auth import needs_recent_auth
from fornexpanel.core.i18n import interpolate_html
from fornexpanel.gateway import describe_error_html


def _connection(request: HttpRequest, pk: int) -> Connection:
    # Another team's connection answers 404, like one that does not exist.
    return get_object_or_404(Connection, pk=pk, team=request.team)


@team_view("team.view")
@require_safe
def connection_list(request: HttpRequest) -> HttpResponse:
    connections = Connection.objects.filter(team=request.team)
    return render(request, "accounts/connections.html", {"connections": connections})


@team_view("connection.manage")
@sensitive_post_parameters("api_key")
def connection_create(request: HttpRequest) -> HttpResponse:
    form = ConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        connection = services.connection_create(
            actor=request.user,
            team=request.team,
            label=form.cleaned_data["label"],
            dialect=form.cleaned_data["dialect"],
            api_key=form.cleaned_data["api_key"],
        )
        messages.success(
            request,
            _("Connection “%(label)s” saved. Test it to check the key.")
            % {"label": connection.label},
        )
        return redirect("accounts:connection_edit", pk=connection.pk)
    return render(request, "accounts/connection_form.html", {"form": form, "connection": None})


@team_view("connection.manage")
@sensitive_post_parameters("api_key")
def connection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _connection(request, pk)
    if request.method == "POST" and request.POST.get("api_key"):
        # A new key is a sensitive change: "Confirm it's you" first (a new label is not).
        confirm = needs_recent_auth(request)
        if confirm is not None:
            return confirm
    initial = {"label": connection.label, "dialect": connection.dialect}
    form = ConnectionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        services.connection_update(
            actor=request.user,
            connection=connection,
            label=form.cleaned_data["label"],
            dialect=form.cleaned_data["dialect"],
            api_key=form.cleaned_data["api_key"] or None,
        )
        messages.success(request, _("Connection saved."))
        return redirect("accounts:connection_edit", pk=connection.pk)
    return render(
        request, "accounts/connection_form.html", {"form": form, "connection": connection}
    )


@team_view("connection.manage")
@require_POST
def connection_test(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _connection(request, pk)
    dialects = dict(Connection.Dialect.choices)
    try:
        check = services.connection_test(actor=request.user, connection=connection)
    except KeyDecryptionError as error:
        result = {"ok": False, "message": describe_error_html(error), "works_with": []}
    else:
        result = {
            # v2 accepts the key while the connection uses another dialect: offer the switch.
            "offer_v2": connection.dialect != Connection.Dialect.V2
            and Connection.Dialect.V2 in check.works_with,
            "ok": check.info is not None,
            "message": describe_error_html(check.error) if check.error else "",
            "works_with": [dialects.get(d, d) for d in check.works_with],
            "dialect": dialects.get(connection.dialect, connection.dialect),
        }
        if check.info is not None:
            result.update(name=check.info.name, email=check.info.email)
    if request.htmx:
        return render(
            request, "accounts/_connection_test.html", {"result": result, "connection": connection}
        )
    if result["ok"]:
        messages.success(
            request,
            _("The key works: Fornex account “%(name)s” (%(email)s).") % result,
        )
    elif result["works_with"]:
        messages.warning(
            request,
            _(
                "The key does not work with %(dialect)s, but it works with: %(others)s. "
                "Change the connection's API dialect."
            )
            % {"dialect": result["dialect"], "others": ", ".join(result["works_with"])},
        )
    else:
        messages.error(request, result["message"])
    return redirect("accounts:connection_edit", pk=connection.pk)


@team_view("connection.manage")
def connection_switch_to_v2(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; the POST tests the key with v2 and switches only if it works."""
    connection = _connection(request, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if connection.dialect == Connection.Dialect.V2:
        messages.info(request, _("The connection already uses Fornex's v2 API."))
        return redirect("accounts:connection_edit", pk=connection.pk)
    if request.method == "POST":
        try:
            check = services.connection_switch_to_v2(actor=request.user, connection=connection)
        except KeyDecryptionError as error:
            messages.error(request, describe_error_html(error))
            return redirect("accounts:connection_edit", pk=connection.pk)
        if check.info is None:
            messages.error(
                request,
                interpolate_html(
                    _("Not switched: the key does not work with Fornex's v2 API. %(reason)s"),
                    {"reason": describe_error_html(check.error)},
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "Switched to Fornex's v2 API and tested: the key works (Fornex account "
                    "“%(name)s”, %(email)s)."
                )
                % {"name": check.info.name, "email": check.info.email},
            )
        return redirect("accounts:connection_edit", pk=connection.pk)
    return render(request, "accounts/connection_switch.html", {"connection": connection})


@team_view("connection.manage")
def connection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _connection(request, pk)
    form = ConfirmNameForm(request.POST or None, expected=connection.label)
    if request.method == "POST" and form.is_valid():
        services.connection_delete(actor=request.user, connection=connection)
        messages.success(
            request, _("Connection “%(label)s” removed.") % {"label": connection.label}
        )
        return redirect("accounts:connections")
    return render(
        request, "accounts/connection_delete.html", {"form": form, "connection": connection}
    )
