"""The one role check. Every view declares its access with one of these decorators, and every
service that changes something calls `authorize`.

- `public_view`: anyone, signed in or not (sign-in page, invitation links, webhooks...).
- `user_view`: any signed-in user (profile, two-factor set-up, creating or switching teams).
- `team_view(action)`: a member of the current team whose role allows `action` (accounts/roles.py).
- `token_view`: the panel's API for scripts. No session and no CSRF: the view authenticates an
  API token on every request (api/tokens.py: the token's member, their current role in the team,
  the token's scopes narrowing it) and answers 401/403 itself.

Objects of another team are looked up through the current team only, so they answer 404
(`connection_or_404` for the team's Fornex connections).
A member whose role is too low gets 403 and a denial event in the audit history.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from accounts import roles
from accounts.models import AuditEvent, Connection, Membership, Team, User
from fornexpanel.core.prepared import Prepared

View = Callable[..., HttpResponse]


class AccessDenied(PermissionDenied):
    """The member's role does not allow the action."""

    def __init__(self, action: str, role: str | None) -> None:
        super().__init__(action)
        self.action = action
        self.role = role


def membership_for(user: User, team: Team) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, team=team).first()


def authorize(*, user: User, team: Team, action: str) -> Membership:
    """Return the user's membership if it allows `action`; otherwise record a denial and raise."""
    membership = membership_for(user, team)
    role = membership.role if membership else None
    if membership is None or not roles.can(role, action):
        record_denial(user=user, team=team, action=action, role=role)
        raise AccessDenied(action, role)
    return membership


def record_denial(*, user: User, team: Team | None, action: str, role: str | None) -> None:
    from accounts.audit import audit_record

    audit_record(
        action="access.denied",
        actor=user if user.is_authenticated else None,
        team=team,
        outcome=AuditEvent.Outcome.DENIED,
        detail={"attempted": action, "role": role or "", "needed": roles.required_role(action)},
    )


def two_factor_missing(request: HttpRequest, team: Team) -> bool:
    """The team requires two-factor sign-in and the member has no device yet."""
    from accounts.twofactor import has_two_factor

    return team.require_two_factor and not has_two_factor(request.user)


def session_unverified(request: HttpRequest, team: Team) -> bool:
    """The team requires two-factor sign-in and this very session entered no code (it was signed
    in before the member enrolled, or by other means than the sign-in page)."""
    if not team.require_two_factor:
        return False
    is_verified = getattr(request.user, "is_verified", None)  # set by django-otp's middleware
    return not (callable(is_verified) and is_verified())


def denied_response(request: HttpRequest, action: str) -> HttpResponse:
    return render(
        request,
        "errors/403.html",
        {"needed_role": roles.Role(roles.required_role(action)).label},
        status=403,
    )


def public_view(view: View) -> View:
    view.access = "public"
    return view


def user_view(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.access = "user"
    return wrapped


def team_view(action: str) -> Callable[[View], View]:
    roles.required_role(action)  # an unknown action fails at import time, not at request time

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership: Membership | None = request.membership
            if membership is None:
                return redirect("accounts:team_create")
            if two_factor_missing(request, membership.team):
                return redirect("accounts:two_factor")
            if session_unverified(request, membership.team):
                return redirect_to_login(
                    request.get_full_path(), login_url=reverse("accounts:session_verify")
                )
            if not roles.can(membership.role, action):
                record_denial(
                    user=request.user, team=membership.team, action=action, role=membership.role
                )
                return denied_response(request, action)
            request.team = membership.team
            request.role = membership.role
            return view(request, *args, **kwargs)

        wrapped.access = "team"
        wrapped.action = action
        return wrapped

    return decorator


def token_view(view: View) -> View:
    wrapped = csrf_exempt(view)
    wrapped.access = "token"
    return wrapped


def can(request: HttpRequest, action: str) -> bool:
    """For templates and views: may the current member do `action`? (Buttons are hidden if not.)"""
    membership = getattr(request, "membership", None)
    return membership is not None and roles.can(membership.role, action)


def require(request: HttpRequest, action: str) -> None:
    """Inside a team view, check a second action (e.g. a page that also shows secrets)."""
    if not can(request, action):
        record_denial(
            user=request.user,
            team=request.team,
            action=action,
            role=getattr(request.membership, "role", None),
        )
        raise AccessDenied(action, getattr(request.membership, "role", None))


__all__ = [
    "AccessDenied",
    "authorize",
    "can",
    "public_view",
    "require",
    "team_view",
    "token_view",
    "user_view",
]


_team_connection = Prepared(
    lambda pk, team_id: Connection.objects.filter(pk=pk, team_id=team_id), int, int
)


def connection_or_404(request: HttpRequest, connection_id: int) -> Connection:
    """The current team's connection by id. Another team's answers 404, like one that does not
    exist. Read on most pages, so prepared (fornexpanel/core/prepared.py)."""
    team = getattr(request, "team", None)
    try:
        pk = int(connection_id)
    except (TypeError, ValueError):
        raise Http404("No such connection.") from None
    found = _team_connection(pk, team.pk) if team is not None else []
    if not found:
        raise Http404("No such connection.")
    return found[0]
