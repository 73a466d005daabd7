"""The member's own settings: profile, language, time zone and two-factor sign-in."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from accounts.access import user_view
from accounts.audit import audit_record
from accounts.forms import CodeForm, ProfileForm
from accounts.models import AuthenticatorDevice
from accounts.recent_auth import mark_recent_auth
from accounts.sessions import end_other_sessions
from accounts.twofactor import (
    has_two_factor,
    qr_code_svg,
    recovery_codes_left,
    recovery_codes_regenerate,
    totp_confirm,
    totp_pending_device,
    two_factor_disable,
)
from fornexpanel.core.i18n import remember_language


@user_view
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit_record(
                action="user.update",
                actor=request.user,
                team=None,
                target=request.user,
                detail={"changed": form.changed_data},
            )
        if request.user.language and "language" in form.changed_data:
            # The request came in the old language: the message is read in the new one.
            translation.activate(request.user.language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        if "language" in form.changed_data:
            remember_language(response, request.user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@user_view
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Status and set-up. Codes shown once (new recovery codes) are rendered, never stored."""
    user = request.user
    enabled = has_two_factor(user)
    context = {"enabled": enabled, "form": CodeForm(), "recovery_codes": None}
    if enabled:
        context["codes_left"] = recovery_codes_left(user)
        return render(request, "accounts/two_factor.html", context)

    device = totp_pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_confirm(user=user, code=form.cleaned_data["code"])
        if codes is not None:
            # This session is verified with the new device; every other one is signed out (one
            # signed in with the password alone must not pass the team's requirement).
            otp_login(request, AuthenticatorDevice.objects.get(user=user, confirmed=True))
            mark_recent_auth(request)
            ended = end_other_sessions(user, keep=request.session.session_key)
            if ended:
                messages.success(
                    request, _("Two-factor sign-in is on. Your other sessions are signed out.")
                )
            else:
                messages.success(request, _("Two-factor sign-in is on."))
            return render(
                request,
                "accounts/two_factor.html",
                {"enabled": True, "recovery_codes": codes, "form": CodeForm()},
            )
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone and try again.")
        )
    context.update(
        {
            "form": form,
            "qr_svg": qr_code_svg(device),
            "secret": _base32_secret(device),
            "team_requires": request.team.require_two_factor if request.team else False,
        }
    )
    return render(request, "accounts/two_factor.html", context)


def _base32_secret(device) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@user_view
@never_cache
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "accounts/two_factor.html",
                {"enabled": True, "recovery_codes": codes, "form": CodeForm()},
            )
        form.add_error("code", _("This code is not valid (or was used already)."))
    return render(
        request, "accounts/two_factor_confirm.html", {"form": form, "purpose": "recovery"}
    )


@user_view
@never_cache
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor_disable(user=request.user, code=form.cleaned_data["code"]):
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("accounts:two_factor")
        form.add_error("code", _("This code is not valid (or was used already)."))
    return render(request, "accounts/two_factor_confirm.html", {"form": form, "purpose": "disable"})
