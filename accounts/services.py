"""Teams, members and invitations: every change is authorized, atomic and audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.access import authorize
from accounts.audit import audit_record
from accounts.models import Invitation, Membership, Team, User
from accounts.roles import Role

INVITATION_LIFETIME = timedelta(days=7)


# Users and teams ---------------------------------------------------------------------------------


@transaction.atomic
def user_create(*, username: str, email: str, password: str, first_name: str = "") -> User:
    """A new user, with the personal team every user has."""
    user = User.objects.create_user(
        username=username, email=email, password=password, first_name=first_name
    )
    team = Team.objects.create(name=_("%(name)s's team") % {"name": username}, is_personal=True)
    Membership.objects.create(team=team, user=user, role=Role.OWNER)
    audit_record(action="user.create", actor=user, team=team, target=user)
    return user


@transaction.atomic
def user_language_set(*, actor: User, language: str) -> bool:
    """Remember the language a member chose (e.g. in the header). True when it changed."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not offered."))
    if actor.language == language:
        return False
    before = actor.language
    actor.language = language
    actor.save(update_fields=["language"])
    audit_record(
        action="user.update",
        actor=actor,
        team=None,
        target=actor,
        detail={"changed": ["language"], "before": before, "after": language},
    )
    return True


def ensure_personal_team(user: User) -> Team:
    """Users made outside the sign-up flow (e.g. createsuperuser) get their team on first visit."""
    membership = Membership.objects.filter(user=user, team__is_personal=True).first()
    if membership:
        return membership.team
    with transaction.atomic():
        team = Team.objects.create(
            name=_("%(name)s's team") % {"name": user.get_username()}, is_personal=True
        )
        Membership.objects.create(team=team, user=user, role=Role.OWNER)
        audit_record(action="team.create", actor=user, team=team, target=team)
    return team


@transaction.atomic
def team_create(*, actor: User, name: str) -> Team:
    team = Team.objects.create(name=name)
    Membership.objects.create(team=team, user=actor, role=Role.OWNER)
    audit_record(action="team.create", actor=actor, team=team, target=team)
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, name: str, require_two_factor: bool) -> Team:
    authorize(user=actor, team=team, action="team.settings")
    before = {"name": team.name, "require_two_factor": team.require_two_factor}
    team.name = name
    team.require_two_factor = require_two_factor
    team.save(update_fields=["name", "require_two_factor"])
    after = {"name": team.name, "require_two_factor": team.require_two_factor}
    audit_record(
        action="team.update",
        actor=actor,
        team=team,
        target=team,
        detail={"before": before, "after": after},
    )
    return team


@transaction.atomic
def team_delete(*, actor: User, team: Team) -> None:
    authorize(user=actor, team=team, action="team.delete")
    if team.is_personal:
        raise ValidationError(_("A personal team cannot be deleted."))
    audit_record(action="team.delete", actor=actor, team=team, target=team)
    team.delete()


# Members -----------------------------------------------------------------------------------------


def _check_may_manage(actor_membership: Membership, target_role: str) -> None:
    """Admins manage members below owner; only owners touch owners."""
    needed = "owner.manage" if target_role == Role.OWNER else "member.manage"
    if not roles.can(actor_membership.role, needed):
        raise ValidationError(_("Only an owner can change an owner's membership."))


def _owner_count(team: Team) -> int:
    return Membership.objects.filter(team=team, role=Role.OWNER).count()


@transaction.atomic
def member_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    team = membership.team
    mine = authorize(user=actor, team=team, action="member.manage")
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    _check_may_manage(mine, membership.role)
    _check_may_manage(mine, role)
    # Lock the team's owner rows so two demotions cannot both pass the last-owner check.
    list(Membership.objects.select_for_update().filter(team=team, role=Role.OWNER))
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(team) == 1:
        raise ValidationError(_("The team's last owner cannot be given another role."))
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        action="member.role_change",
        actor=actor,
        team=team,
        target_type="user",
        target_id=str(membership.user_id),
        target_label=membership.user.get_username(),
        detail={"before": before, "after": role},
    )
    return membership


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    team = membership.team
    leaving = membership.user_id == actor.pk
    if not leaving:
        mine = authorize(user=actor, team=team, action="member.manage")
        _check_may_manage(mine, membership.role)
    list(Membership.objects.select_for_update().filter(team=team, role=Role.OWNER))
    if membership.role == Role.OWNER and _owner_count(team) == 1:
        raise ValidationError(_("The team's last owner cannot leave it."))
    audit_record(
        action="member.leave" if leaving else "member.remove",
        actor=actor,
        team=team,
        target_type="user",
        target_id=str(membership.user_id),
        target_label=membership.user.get_username(),
        detail={"role": membership.role},
    )
    membership.delete()


# Invitations -------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, actor: User, team: Team, email: str, role: str, base_url: str
) -> Invitation:
    mine = authorize(user=actor, team=team, action="invitation.manage")
    _check_may_manage(mine, role)
    email = email.strip().lower()
    if Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member of this team.") % {"email": email})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        team=team,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    context = {"team": team, "inviter": actor, "invitation": invitation, "link": link}
    # Sent after commit: a rolled-back invitation must not reach anyone's inbox.
    transaction.on_commit(
        lambda: send_mail(
            subject=_("You are invited to %(team)s on Fornex Panel") % {"team": team.name},
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    )
    audit_record(
        action="invitation.create",
        actor=actor,
        team=team,
        target_type="invitation",
        target_id=str(invitation.pk),
        target_label=email,
        detail={"role": role, "expires_at": invitation.expires_at.isoformat()},
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    authorize(user=actor, team=invitation.team, action="invitation.manage")
    Invitation.objects.filter(pk=invitation.pk, revoked_at=None, accepted_at=None).update(
        revoked_at=timezone.now()
    )
    audit_record(
        action="invitation.revoke",
        actor=actor,
        team=invitation.team,
        target_type="invitation",
        target_id=str(invitation.pk),
        target_label=invitation.email,
    )


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("team", "invited_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """Only the invited address may accept (the member signs in or signs up with it)."""
    return bool(user.email) and user.email.strip().lower() == invitation.email.strip().lower()


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    """Join the team. The conditional update makes the link single-use even under a race."""
    if not invitation_is_for(invitation, user):
        raise ValidationError(
            _("This invitation is for %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    used = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not used:
        raise ValidationError(_("This invitation has expired or has already been used."))
    membership, created = Membership.objects.get_or_create(
        team=invitation.team, user=user, defaults={"role": invitation.role}
    )
    audit_record(
        action="invitation.accept",
        actor=user,
        team=invitation.team,
        target_type="invitation",
        target_id=str(invitation.pk),
        target_label=invitation.email,
        detail={"role": membership.role, "already_member": not created},
    )
    return membership
