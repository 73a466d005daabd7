"""Reads for the accounts app: the audit history as a team's admins may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import AuditEvent, Membership, Team

# Events about a person rather than a team (sign-ins, two-factor): a team's history shows those
# of its current members since they joined.
USER_LEVEL_PREFIXES = ("auth.", "two_factor.", "user.")


def _personal_actions() -> Q:
    return (
        Q(action__startswith="auth.")
        | Q(action__startswith="two_factor.")
        | Q(action__startswith="user.")
    )


def audit_events_for_team(team: Team) -> QuerySet[AuditEvent]:
    """The team's own events, and the personal ones (sign-ins, two-factor, profile) of its
    members from the time each joined: what a member did before is their own business (their
    security page shows it to them)."""
    member_since = Membership.objects.filter(
        team=team, user_id=OuterRef("actor_id"), created_at__lte=OuterRef("time")
    )
    personal = Q(team__isnull=True) & _personal_actions() & Q(Exists(member_since))
    return AuditEvent.objects.filter(Q(team=team) | personal)


def security_events_for(user) -> QuerySet[AuditEvent]:
    """A member's own security history: sign-ins, failures, lockouts, sessions, password and
    two-factor changes, including those others did to them (an admin lifting a lockout)."""
    about_them = Q(actor=user) | Q(target_type="user", target_id=str(user.pk))
    kinds = Q(action__startswith="auth.") | Q(action__startswith="two_factor.")
    return AuditEvent.objects.filter(about_them & kinds)


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    target: str = ""
    outcome: str = ""
    date_from: date | None = None
    date_to: date | None = None


def filter_audit_events(
    events: QuerySet[AuditEvent], filters: AuditFilters
) -> QuerySet[AuditEvent]:
    if filters.actor:
        events = events.filter(actor_name__iexact=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.target:
        events = events.filter(
            Q(target_label__icontains=filters.target) | Q(target_id__icontains=filters.target)
        )
    if filters.outcome:
        events = events.filter(outcome=filters.outcome)
    zone = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(time__gte=datetime.combine(filters.date_from, time.min, zone))
    if filters.date_to:
        events = events.filter(time__lte=datetime.combine(filters.date_to, time.max, zone))
    return events


def audit_events_for_object(team: Team, target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(team=team, target_type=target_type, target_id=target_id)
