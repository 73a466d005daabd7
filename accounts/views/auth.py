"""Signing in (password, then a two-factor code when the member has one), out, and lockouts."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts.access import public_view, user_view
from accounts.audit import audit_record
from accounts.forms import CodeForm, SignInForm
from accounts.models import AuditEvent, User
from accounts.recent_auth import mark_recent_auth
from accounts.sessions import remember_sign_in
from accounts.twofactor import has_two_factor, verify_code
from fornexpanel.core.health import database_reachable
from fornexpanel.core.i18n import is_offered, remember_language
from fornexpanel.core.proxies import client_ip

PENDING_KEY = "two_factor_pending"
PENDING_LIFETIME = 300  # seconds between the password and the code


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _complete_sign_in(request: HttpRequest, user: User, backend: str, device=None) -> HttpResponse:
    # login() gives the member a new session key: nothing from before sign-in carries over.
    login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    # The password (and code) were just entered: this counts as "Confirm it's you".
    mark_recent_auth(request)
    remember_sign_in(
        request, ip=client_ip(request), user_agent=request.headers.get("User-Agent", "")
    )
    audit_record(
        action="auth.login",
        actor=user,
        team=None,
        target=user,
        detail={"two_factor": device is not None},
    )
    response = redirect(_next_url(request) or "dashboard")
    if is_offered(user.language):
        # The member's saved language from now on, and on the pages seen after signing out.
        translation.activate(user.language)
        remember_language(response, user.language)
    return response


@public_view
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if not database_reachable():
        # Nobody can sign in without it: say so on the page instead of failing on submit.
        context = {"form": SignInForm(request), "next": _next_url(request), "database_down": True}
        response = render(request, "accounts/login.html", context, status=503)
        response["Retry-After"] = "30"
        return response
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            backend = user.backend
            if has_two_factor(user):
                request.session.cycle_key()
                request.session[PENDING_KEY] = {
                    "user": user.pk,
                    "backend": backend,
                    "at": time.time(),
                    "next": _next_url(request),
                }
                return redirect("accounts:login_verify")
            return _complete_sign_in(request, user, backend)
        # A refused attempt is recorded even when it is what locks the account: the axes
        # middleware then answers with the lockout page (locked_out below), recorded too.
        typed = form.cleaned_data.get("username") or request.POST.get("username", "")
        audit_record(
            action="auth.login_failed",
            actor=User.objects.filter(username=typed).first(),
            actor_name=typed[:150],
            team=None,
            outcome=AuditEvent.Outcome.FAILURE,
        )
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@public_view
@csrf_protect
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_LIFETIME:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING_KEY]
            if pending.get("next"):
                request.POST = request.POST.copy()
                request.POST["next"] = pending["next"]
            return _complete_sign_in(request, user, pending["backend"], device)
        audit_record(
            action="auth.two_factor_failed",
            actor=user,
            team=None,
            outcome=AuditEvent.Outcome.FAILURE,
        )
        form.add_error("code", _("This code is not valid (or was used already)."))
    return render(request, "accounts/login_verify.html", {"form": form})


@user_view
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    audit_record(action="auth.logout", actor=user, team=None, target=user)
    # logout() deletes the session on the server, not only the cookie.
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("accounts:login")


def locked_out(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """django-axes calls this for a locked-out sign-in (AXES_LOCKOUT_CALLABLE)."""
    typed = request.POST.get("username", "")[:150]
    audit_record(
        action="auth.lockout",
        actor=User.objects.filter(username=typed).first(),
        actor_name=typed,
        team=None,
        outcome=AuditEvent.Outcome.DENIED,
    )
    return render(request, "accounts/locked_out.html", status=429)


__all__ = ["BACKEND_SESSION_KEY", "locked_out", "login_verify", "login_view", "logout_view"]
