"""The member's own security: password change and reset, the security history with the sessions
that can be ended one by one, confirming this session's second factor, and “Confirm it's you”."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login

from accounts import sessions
from accounts.access import public_view, user_view
from accounts.audit import audit_record
from accounts.forms import CodeForm, PanelPasswordResetForm, ReauthenticateForm
from accounts.models import AuditEvent
from accounts.recent_auth import RECENT_AUTH_SECONDS, mark_recent_auth
from accounts.selectors import security_events_for
from accounts.twofactor import has_two_factor, verify_code
from fornexpanel.core.proxies import client_ip
from fornexpanel.core.ratelimit import rate_count, within_rate

# Wrong passwords or codes typed while signed in (password change, "Confirm it's you"): a stolen
# session must not become a way to guess the password.
GUESS_LIMIT = 5
GUESS_WINDOW = 15 * 60
# Reset emails: per address and per client address, per hour.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_IP = 10
RESET_WINDOW = 60 * 60


def _next_url(request: HttpRequest, default: str = "dashboard") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse_lazy(default)


def _may_guess(request: HttpRequest) -> bool:
    return rate_count(f"accounts:guess:{request.user.pk}", window=GUESS_WINDOW) < GUESS_LIMIT


def _count_wrong_guess(request: HttpRequest) -> None:
    within_rate(f"accounts:guess:{request.user.pk}", limit=GUESS_LIMIT, window=GUESS_WINDOW)


def _too_many_guesses(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["form"].add_error(
        None, _("Too many wrong attempts. Wait a quarter of an hour and try again.")
    )
    return render(request, template, context, status=429)


# The security page: history and sessions ---------------------------------------------------------


@user_view
@require_safe
def security(request: HttpRequest) -> HttpResponse:
    page = Paginator(security_events_for(request.user), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sessions": sessions.sessions_of(request.user, request.session.session_key),
        "two_factor": has_two_factor(request.user),
    }
    return render(request, "accounts/security.html", context)


@user_view
@require_POST
def session_end(request: HttpRequest, session_id: str) -> HttpResponse:
    if session_id == sessions.public_id(request.session.session_key or ""):
        messages.info(request, _("To end this session, sign out."))
        return redirect("accounts:security")
    with transaction.atomic():
        ended = sessions.end_session(request.user, session_id)
        if ended:
            audit_record(
                action="auth.session_end", actor=request.user, team=None, target=request.user
            )
    if ended:
        messages.success(request, _("The session is ended: that browser is signed out."))
    else:
        messages.info(request, _("That session had ended already."))
    return redirect("accounts:security")


@user_view
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        count = sessions.end_other_sessions(request.user, keep=request.session.session_key)
        audit_record(
            action="auth.session_end",
            actor=request.user,
            team=None,
            target=request.user,
            detail={"sessions_ended": count},
        )
    messages.success(request, _("Every other session is ended."))
    return redirect("accounts:security")


# Password change and reset -----------------------------------------------------------------------


@user_view
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if not _may_guess(request):
            return _too_many_guesses(request, "accounts/password_change.html", context)
        if form.is_valid():
            with transaction.atomic():
                user = form.save()
                # This session stays signed in; every other one is ended.
                update_session_auth_hash(request, user)
                ended = sessions.end_other_sessions(user, keep=request.session.session_key)
                audit_record(
                    action="auth.password_change",
                    actor=user,
                    team=None,
                    target=user,
                    detail={"sessions_ended": ended},
                )
            mark_recent_auth(request)
            messages.success(
                request, _("Your password is changed. Your other sessions are signed out.")
            )
            return redirect("accounts:security")
        if "old_password" in form.errors:
            _count_wrong_guess(request)
            audit_record(
                action="auth.password_change",
                actor=request.user,
                team=None,
                target=request.user,
                outcome=AuditEvent.Outcome.FAILURE,
            )
    return render(request, "accounts/password_change.html", context)


_reset_request = auth_views.PasswordResetView.as_view(
    form_class=PanelPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)


@public_view
@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's own view and tokens. The answer is the same whether the address is known or not;
    past the limits no email is sent (per address silently, per client address with a 429)."""
    if request.method == "POST":
        if not within_rate(
            f"accounts:reset-ip:{client_ip(request)}",
            limit=RESET_LIMIT_PER_IP,
            window=RESET_WINDOW,
        ):
            return render(request, "accounts/password_reset_limited.html", status=429)
        email = request.POST.get("email", "").strip().lower()[:254]
        if email and not within_rate(
            f"accounts:reset-email:{email}", limit=RESET_LIMIT_PER_EMAIL, window=RESET_WINDOW
        ):
            return redirect("accounts:password_reset_done")
    return _reset_request(request)


password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


class _ResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            # Whoever had the old password is signed out everywhere.
            ended = sessions.end_other_sessions(form.user, keep=None)
            audit_record(
                action="auth.password_reset",
                actor=form.user,
                team=None,
                target=form.user,
                detail={"sessions_ended": ended},
            )
        return response


password_reset_confirm = public_view(
    sensitive_post_parameters("new_password1", "new_password2")(_ResetConfirm.as_view())
)
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


# This session's second factor, and “Confirm it's you” --------------------------------------------


@user_view
@never_cache
def session_verify(request: HttpRequest) -> HttpResponse:
    """A team requires two-factor sign-in and this session was signed in without a code (before
    the member enrolled): enter one now."""
    if not has_two_factor(request.user):
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            mark_recent_auth(request)
            audit_record(
                action="auth.session_verify", actor=request.user, team=None, target=request.user
            )
            return redirect(_next_url(request))
        audit_record(
            action="auth.two_factor_failed",
            actor=request.user,
            team=None,
            outcome=AuditEvent.Outcome.FAILURE,
        )
        form.add_error("code", _("This code is not valid (or was used already)."))
    return render(
        request, "accounts/session_verify.html", {"form": form, "next": _next_url(request)}
    )


@user_view
@sensitive_post_parameters("secret")
@never_cache
def reauthenticate(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReauthenticateForm(request.POST or None, user=user)
    context = {
        "form": form,
        "next": _next_url(request),
        "minutes": RECENT_AUTH_SECONDS // 60,
    }
    if request.method == "POST":
        if not _may_guess(request):
            return _too_many_guesses(request, "accounts/reauthenticate.html", context)
        if form.is_valid():
            mark_recent_auth(request)
            audit_record(
                action="auth.reauthenticate",
                actor=user,
                team=None,
                target=user,
                detail={"with": form.method},
            )
            return redirect(context["next"])
        _count_wrong_guess(request)
        audit_record(
            action="auth.reauthenticate",
            actor=user,
            team=None,
            target=user,
            outcome=AuditEvent.Outcome.FAILURE,
        )
    return render(request, "accounts/reauthenticate.html", context)
