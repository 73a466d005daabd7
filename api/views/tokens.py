"""The token pages: the team's tokens, making one (shown once), a member's own tokens, revoking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.access import authorize, can, membership_for, team_view, user_view
from accounts.models import Connection
from accounts.recent_auth import needs_recent_auth
from api import selectors, services
from api.forms import TokenForm, preset
from api.models import ApiToken
from api.scopes import Scopes


@team_view("team.view")
@require_safe
def token_list(request: HttpRequest) -> HttpResponse:
    every_member = can(request, "api_token.manage")
    tokens = selectors.team_tokens(request.team, user=request.user, every_member=every_member)
    return render(request, "api/tokens.html", {"tokens": tokens, "every_member": every_member})


@team_view("api_token.create")
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    if confirm := needs_recent_auth(request):
        # A token can act on the team's servers, like a new connection key: confirm before the
        # form is filled in, so that nothing typed is lost on the way.
        return confirm
    has_connection = Connection.objects.filter(team=request.team).exists()
    form = TokenForm(
        request.POST or None, team=request.team, role=request.role, initial=preset(request.GET)
    )
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = services.token_create(
                actor=request.user,
                team=request.team,
                connection=form.cleaned_data["connection"],
                name=form.cleaned_data["name"],
                expires_at=form.expires_at,
                scopes=form.scopes,
                allowed_networks=form.cleaned_data["allowed_networks"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Rendered, not redirected: the token is in this answer only, never stored or cached.
            return render(
                request,
                "api/token_created.html",
                {"token": token, "plain": plain, "scopes": Scopes.from_json(token.scopes)},
            )
    return render(request, "api/token_form.html", {"form": form, "has_connection": has_connection})


@user_view
@require_safe
def my_tokens(request: HttpRequest) -> HttpResponse:
    return render(request, "api/my_tokens.html", {"tokens": selectors.user_tokens(request.user)})


def _back(request: HttpRequest, token: ApiToken) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("api:my_tokens" if token.user_id == request.user.pk else "api:tokens")


@user_view
@never_cache
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Its own member, or an admin of its team (from either tokens page). GET asks, POST does."""
    token = ApiToken.objects.select_related("team", "connection", "user").filter(pk=pk).first()
    own = token is not None and token.user_id == request.user.pk
    if token is None or not (own or membership_for(request.user, token.team)):
        raise Http404
    if not own:
        authorize(user=request.user, team=token.team, action="api_token.manage")
    if request.method == "POST":
        if services.token_revoke(actor=request.user, token=token):
            messages.success(
                request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
            )
        return redirect(_back(request, token))
    return render(
        request,
        "api/token_revoke.html",
        {"token": token, "next": request.GET.get("next", ""), "back": _back(request, token)},
    )
