"""SSH keys: the account's keys (list, add, delete) and the keys attached to one VPS."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import team_view
from accounts.forms import ConfirmNameForm
from accounts.models import Connection
from fornexpanel import gateway
from fornexpanel.core.paging import paginate
from fornexpanel.fornex import SshKey
from vps import selectors, services
from vps.forms import AttachKeyForm, SshKeyForm
from vps.views._lookup import OrderLookup, connection_or_404, with_order


def _account_key_or_404(connection: Connection, key_id: int) -> SshKey:
    fetched = selectors.ssh_keys(connection)
    if not fetched.ok and not fetched.not_found:
        raise gateway.Unavailable(fetched)  # a 503 that says why, not "no such key"
    key = next((key for key in fetched.data or () if key.id == key_id), None)
    if key is None:
        raise Http404("No such key.")
    return key


@team_view("team.view")
@require_safe
def ssh_key_list(request: HttpRequest) -> HttpResponse:
    refresh = "refresh" in request.GET
    accounts = [
        (connection, selectors.ssh_keys(connection, refresh=refresh))
        for connection in Connection.objects.filter(team=request.team).order_by("label", "pk")
    ]
    # One list over every account, searched (title or key), filtered by account, then paged.
    q = request.GET.get("q", "").strip().lower()[:200]
    account = request.GET.get("account", "")
    rows = [
        (connection, key)
        for connection, keys in accounts
        if keys.ok and (not account or str(connection.pk) == account)
        for key in keys.data
        if not q or q in key.title.lower() or q in key.key.lower()
    ]
    paged = paginate(request, rows)
    context = {"accounts": accounts, "paged": paged, "q": q, "account": account}
    if request.htmx and request.htmx.target == "ssh-keys":
        return render(request, "vps/ssh_keys.html#ssh-keys", context)
    return render(request, "vps/ssh_keys.html", context)


@team_view("ssh_key.manage")
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("key")
def ssh_key_add(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    form = SshKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key = services.ssh_key_add(
                actor=request.user,
                team=request.team,
                connection=connection,
                title=form.cleaned_data["title"],
                public_key=form.cleaned_data["key"],
            )
        except services.ActionFailed as error:
            form.add_error(None, error.html)
        else:
            messages.success(request, _("Key “%(title)s” added.") % {"title": key.title})
            return redirect(_back(request, "vps:ssh_keys"))
    return render(
        request,
        "vps/ssh_key_form.html",
        {"form": form, "connection": connection, "next": _next(request)},
    )


@team_view("ssh_key.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def ssh_key_delete(request: HttpRequest, connection_id: int, key_id: int) -> HttpResponse:
    connection = connection_or_404(request, connection_id)
    key = _account_key_or_404(connection, key_id)
    form = ConfirmNameForm(request.POST or None, expected=key.title)
    if request.method == "POST" and form.is_valid():
        try:
            services.ssh_key_delete(
                actor=request.user,
                team=request.team,
                connection=connection,
                key_id=key.id,
                title=key.title,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(request, _("Key “%(title)s” deleted.") % {"title": key.title})
        return redirect("vps:ssh_keys")
    return render(
        request, "vps/ssh_key_delete.html", {"form": form, "connection": connection, "key": key}
    )


@team_view("ssh_key.manage")
@require_POST
@with_order(order_type="vps")
def vps_key_attach(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    keys = selectors.ssh_keys(lookup.connection).data or ()
    form = AttachKeyForm(request.POST, keys=keys)
    if not form.is_valid():
        messages.error(request, _("Choose one of the account's keys to attach."))
    else:
        key = next(key for key in keys if key.id == form.cleaned_data["key"])
        try:
            services.vps_ssh_key_attach(
                actor=request.user,
                team=request.team,
                connection=lookup.connection,
                order_id=lookup.order.id,
                key_id=key.id,
                label=lookup.label,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(
                request,
                _("Key “%(title)s” attached to %(server)s.")
                % {"title": key.title, "server": lookup.label},
            )
    return redirect(_vps_keys_url(lookup))


@team_view("ssh_key.manage")
@require_http_methods(["GET", "HEAD", "POST"])
@with_order(order_type="vps")
def vps_key_detach(request: HttpRequest, lookup: OrderLookup, key_id: int) -> HttpResponse:
    key = _account_key_or_404(lookup.connection, key_id)
    if request.method == "POST":
        try:
            services.vps_ssh_key_detach(
                actor=request.user,
                team=request.team,
                connection=lookup.connection,
                order_id=lookup.order.id,
                key_id=key.id,
                label=lookup.label,
            )
        except services.ActionFailed as error:
            messages.error(request, error.html)
        else:
            messages.success(
                request,
                _("Key “%(title)s” detached from %(server)s.")
                % {"title": key.title, "server": lookup.label},
            )
        return redirect(_vps_keys_url(lookup))
    return render(
        request,
        "vps/ssh_key_detach.html",
        {"lookup": lookup, "order": lookup.order, "key": key, "back": _vps_keys_url(lookup)},
    )


def _vps_keys_url(lookup: OrderLookup) -> str:
    return reverse("vps:detail", args=[lookup.connection.pk, lookup.order.id]) + "#ssh-keys"


def _next(request: HttpRequest) -> str:
    """A local path to go back to (the VPS page the member came from), else ""."""
    value = request.POST.get("next") or request.GET.get("next") or ""
    local = url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()})
    return value if local and value.startswith("/") else ""


def _back(request: HttpRequest, default: str) -> str:
    return _next(request) or reverse(default)
