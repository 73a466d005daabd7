"""The team page: members, roles, invitations, settings; creating, switching and deleting teams."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import services
from accounts.access import can, public_view, team_view, user_view
from accounts.audit import audit_record
from accounts.forms import (
    ConfirmNameForm,
    InvitationForm,
    RoleForm,
    SignUpForm,
    TeamForm,
    TeamSettingsForm,
)
from accounts.middleware import SESSION_TEAM_KEY
from accounts.models import Invitation, Membership
from accounts.recent_auth import needs_recent_auth
from accounts.roles import Role, roles_up_to
from accounts.sessions import remember_sign_in
from fornexpanel.core.proxies import client_ip


def locked_usernames(usernames: list[str]) -> set[str]:
    """Those locked out right now from some address: as many failures as the lockout allows,
    the last of them within the cool-off. (A typo or two is no lockout.)"""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@team_view("team.view")
@require_safe
def team_detail(request: HttpRequest) -> HttpResponse:
    team = request.team
    memberships = list(
        Membership.objects.filter(team=team).select_related("user").order_by("user__username")
    )
    locked = set()
    if can(request, "lockout.reset"):
        locked = locked_usernames([m.user.username for m in memberships])
    context = {
        "memberships": memberships,
        "invitations": Invitation.objects.filter(
            team=team, accepted_at=None, revoked_at=None
        ).select_related("invited_by")
        if can(request, "invitation.manage")
        else [],
        "locked_usernames": locked,
        "role_choices": Role.choices,
        "assignable_roles": roles_up_to(request.role),
        "invite_form": InvitationForm(allowed_roles=roles_up_to(request.role)),
        "settings_form": TeamSettingsForm(instance=team),
    }
    return render(request, "accounts/team.html", context)


@user_view
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(actor=request.user, name=form.cleaned_data["name"])
        request.session[SESSION_TEAM_KEY] = team.pk
        messages.success(request, _("Team “%(name)s” created.") % {"name": team.name})
        return redirect("accounts:team")
    return render(request, "accounts/team_create.html", {"form": form})


@user_view
@require_POST
def team_switch(request: HttpRequest) -> HttpResponse:
    team_id = request.POST.get("team", "")
    # Not a team number ("abc", "1.5"): no such team, like a number of a team one is not in.
    membership = (
        Membership.objects.filter(user=request.user, team_id=int(team_id)).first()
        if team_id.isascii() and team_id.isdigit() and len(team_id) < 19
        else None
    )
    if membership is None:
        raise Http404
    request.session[SESSION_TEAM_KEY] = membership.team_id
    target = request.POST.get("next", "")
    # Object pages of the old team would answer 404 in the new one: go to the section's top.
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    section = "/" + target.strip("/").split("/")[0] + "/" if target.strip("/") else "/"
    return redirect(section)


@team_view("team.settings")
@require_POST
def team_settings(request: HttpRequest) -> HttpResponse:
    form = TeamSettingsForm(request.POST, instance=request.team)
    if form.is_valid():
        services.team_update(
            actor=request.user,
            team=request.team,
            name=form.cleaned_data["name"],
            require_two_factor=form.cleaned_data["require_two_factor"],
        )
        messages.success(request, _("Team settings saved."))
    else:
        messages.error(request, _("The team settings were not saved: check the name."))
    return redirect("accounts:team")


@team_view("team.delete")
def team_delete(request: HttpRequest) -> HttpResponse:
    team = request.team
    form = ConfirmNameForm(request.POST or None, expected=team.name)
    if team.is_personal:
        messages.error(request, _("A personal team cannot be deleted."))
        return redirect("accounts:team")
    if request.method == "POST" and form.is_valid():
        services.team_delete(actor=request.user, team=team)
        request.session.pop(SESSION_TEAM_KEY, None)
        messages.success(request, _("Team “%(name)s” deleted.") % {"name": team.name})
        return redirect("dashboard")
    return render(request, "accounts/team_delete.html", {"form": form})


@team_view("member.manage")
@require_POST
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "team"), pk=membership_id, team=request.team
    )
    # Roles, and handing ownership over (the owner role), need "Confirm it's you".
    confirm = needs_recent_auth(request)
    if confirm is not None:
        return confirm
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": membership.user.get_username(), "role": membership.get_role_display()},
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
    return redirect("accounts:team")


@team_view("member.manage")
@require_POST
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "team"), pk=membership_id, team=request.team
    )
    try:
        services.member_remove(actor=request.user, membership=membership)
        messages.success(
            request, _("%(user)s was removed from the team.") % {"user": membership.user}
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("accounts:team")


@team_view("team.view")
@require_POST
def team_leave(request: HttpRequest) -> HttpResponse:
    try:
        services.member_remove(actor=request.user, membership=request.membership)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("accounts:team")
    request.session.pop(SESSION_TEAM_KEY, None)
    messages.success(request, _("You left “%(team)s”.") % {"team": request.team.name})
    return redirect("dashboard")


@team_view("lockout.reset")
@require_POST
def member_unlock(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, team=request.team
    )
    with transaction.atomic():
        cleared = axes_reset(username=membership.user.username)
        audit_record(
            action="auth.unlock",
            actor=request.user,
            team=request.team,
            target_type="user",
            target_id=str(membership.user_id),
            target_label=membership.user.username,
            detail={"attempts_cleared": cleared},
        )
    messages.success(request, _("%(user)s can sign in again.") % {"user": membership.user})
    return redirect("accounts:team")


@team_view("invitation.manage")
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST, allowed_roles=roles_up_to(request.role))
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                team=request.team,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works once, for 7 days.")
                % {"email": invitation.email},
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, _("The invitation was not sent: enter a valid email and role."))
    return redirect("accounts:team")


@team_view("invitation.manage")
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, team=request.team)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
    )
    return redirect("accounts:team")


@public_view
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email. Signed-in members join; newcomers sign up first."""
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return render(
            request, "accounts/invitation_invalid.html", status=410 if invitation else 404
        )
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        # Bound to the invited address: the link alone (forwarded, leaked) lets no one else in.
        if not services.invitation_is_for(invitation, request.user):
            context["wrong_account"] = True
            return render(request, "accounts/invitation_accept.html", context, status=403)
        if request.method == "POST":
            return _join(request, invitation)
        return render(request, "accounts/invitation_accept.html", context)

    form = SignUpForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = services.user_create(
                username=form.cleaned_data["username"],
                email=invitation.email,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        remember_sign_in(
            request, ip=client_ip(request), user_agent=request.headers.get("User-Agent", "")
        )
        return _join(request, invitation)
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def _join(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    try:
        membership = services.invitation_accept(user=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("dashboard")
    request.session[SESSION_TEAM_KEY] = membership.team_id
    messages.success(
        request,
        _("Welcome to %(team)s. Your role: %(role)s.")
        % {"team": membership.team.name, "role": membership.get_role_display()},
    )
    return redirect("dashboard")
