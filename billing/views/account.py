"""A Fornex account's page in the panel: who it is (account info), its money, and for admins its
ticket webhook (see it, set it, point it at the panel, clear it)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import can, team_view
from accounts.crypto import KeyDecryptionError
from billing import selectors, services
from billing.forms import WebhookUrlForm
from billing.models import TicketWebhook
from billing.views.common import refresh_requested, team_connection
from fornexpanel.fornex import FornexError
from fornexpanel.gateway import describe_error_html


def _page(request: HttpRequest, connection, form: WebhookUrlForm | None = None, status=200):
    refresh = refresh_requested(request)
    context = {
        "connection": connection,
        "info": selectors.account_info(connection, refresh=refresh),
        "summary": selectors.summary_for(connection, refresh=refresh),
        "webhook": None,
        "panel_hook": None,
        "form": form or WebhookUrlForm(),
    }
    if can(request, "webhook.manage"):
        context["webhook"] = selectors.webhook_info(connection, refresh=refresh)
        context["panel_hook"] = TicketWebhook.objects.filter(connection=connection).first()
    return render(request, "billing/account.html", context, status=status)


@team_view("team.view")
@require_safe
def account(request: HttpRequest, connection_id: int) -> HttpResponse:
    return _page(request, team_connection(request, connection_id))


@team_view("webhook.manage")
@require_POST
def webhook_set(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = team_connection(request, connection_id)
    form = WebhookUrlForm(request.POST)
    if not form.is_valid():
        return _page(request, connection, form=form, status=400)
    try:
        services.webhook_set(
            actor=request.user, connection=connection, url=form.cleaned_data["url"]
        )
    except (FornexError, KeyDecryptionError) as error:
        messages.error(request, describe_error_html(error))
    else:
        messages.success(request, _("Fornex now sends ticket notifications to the new URL."))
    return redirect("billing:account", connection_id=connection.pk)


@team_view("webhook.manage")
@require_POST
def webhook_use_panel(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = team_connection(request, connection_id)

    def url_for(token: str) -> str:
        return request.build_absolute_uri(reverse("billing:ticket_receive", args=[token]))

    try:
        services.webhook_use_panel(actor=request.user, connection=connection, url_for=url_for)
    except (FornexError, KeyDecryptionError) as error:
        messages.error(request, describe_error_html(error))
    else:
        messages.success(
            request,
            _(
                "Fornex now sends ticket notifications to the panel: they appear in the ticket feed."
            ),
        )
    return redirect("billing:account", connection_id=connection.pk)


@team_view("webhook.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def webhook_clear(request: HttpRequest, connection_id: int) -> HttpResponse:
    """GET asks for confirmation; POST switches the notifications off."""
    connection = team_connection(request, connection_id)
    if request.method != "POST":
        return render(request, "billing/webhook_clear.html", {"connection": connection})
    try:
        services.webhook_clear(actor=request.user, connection=connection)
    except (FornexError, KeyDecryptionError) as error:
        messages.error(request, describe_error_html(error))
    else:
        messages.success(request, _("Ticket notifications are switched off for this account."))
    return redirect("billing:account", connection_id=connection.pk)
