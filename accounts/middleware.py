"""The current team of a signed-in user (the one chosen in the header, kept in the session), and
the member's own language and time zone."""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from accounts.models import Membership
from fornexpanel.core.i18n import is_offered
from fornexpanel.core.prepared import Prepared

SESSION_TEAM_KEY = "current_team_id"


def memberships_of(user) -> list[Membership]:
    """A member's memberships with their teams, by team name (as the team switcher lists them).
    Read on every request, so prepared (fornexpanel/core/prepared.py)."""
    return _memberships(user.pk)


_memberships = Prepared(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id)
        .select_related("team")
        .order_by("team__name", "pk")
    ),
    int,
)


def current_membership(request: HttpRequest) -> Membership | None:
    """The member's chosen team's membership. All their memberships are read in one query and
    kept on the request (`request.memberships`, by team name) for the team switcher."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = memberships_of(user)
    request.memberships = memberships
    team_id = request.session.get(SESSION_TEAM_KEY)
    if team_id is not None:
        chosen = next((m for m in memberships if m.team_id == team_id), None)
        if chosen is not None:
            return chosen
    # No choice yet, or the chosen team is gone: the oldest shared team (where the work is),
    # else the personal one.
    fallback = min(
        memberships,
        key=lambda m: (m.team.is_personal, m.created_at, m.pk),
        default=None,
    )
    if fallback is not None:
        request.session[SESSION_TEAM_KEY] = fallback.team_id
    return fallback


class CurrentTeamMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = current_membership(request)
        request.team = request.membership.team if request.membership else None
        request.role = request.membership.role if request.membership else None
        # A member's saved language wins over the cookie and the browser (LocaleMiddleware, which
        # runs before sign-in is known, chose from those); without one, the browser decides.
        language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if is_offered(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        # Times are shown in the member's own time zone (set in the profile).
        zone = getattr(request.user, "timezone", "") if request.user.is_authenticated else ""
        timezone.deactivate()
        if zone:
            # A zone since removed from the system's database falls back to the default.
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(zone))
        return self.get_response(request)
