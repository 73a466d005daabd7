"""Reads for the token pages."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Team, User
from api.models import ApiToken


def _with_relations(tokens: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
    return tokens.select_related("team", "connection", "user", "membership")


def team_tokens(team: Team, *, user: User, every_member: bool) -> QuerySet[ApiToken]:
    """The team's tokens the member may see: all of them for admins, their own otherwise."""
    tokens = ApiToken.objects.filter(team=team)
    if not every_member:
        tokens = tokens.filter(user=user)
    return _with_relations(tokens)


def user_tokens(user: User) -> QuerySet[ApiToken]:
    """A member's own tokens, in every team."""
    return _with_relations(ApiToken.objects.filter(user=user)).order_by("team__name", "-created_at")
