"""One call to the endpoint, as its handlers see it: the request, the token and its member, the
connection it speaks for, and the checks every handler makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import roles
from accounts.access import record_denial
from accounts.models import Connection, Team, User
from api.endpoint.http import Problem
from api.scopes import Scopes
from api.tokens import Authenticated


@dataclass
class Call:
    request: HttpRequest
    auth: Authenticated
    body: dict[str, Any] = field(default_factory=dict)
    # What the audit event of the call adds (an operation started, a record's id...).
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def scopes(self) -> Scopes:
        return self.auth.scopes

    @property
    def member(self) -> User:
        return self.auth.token.user

    @property
    def team(self) -> Team:
        return self.auth.token.team

    @property
    def connection(self) -> Connection:
        return self.auth.token.connection

    def query(self, name: str) -> str:
        return self.request.GET.get(name, "")

    def require_role(self, action: str) -> None:
        """For an `all` token: the member's own role must allow the change, as on the pages."""
        role = self.auth.role
        if not roles.can(role, action):
            record_denial(user=self.member, team=self.team, action=action, role=role)
            raise Problem(
                403,
                _("The member's role (%(role)s) does not allow this; it needs %(needed)s.")
                % {
                    "role": roles.Role(role).label,
                    "needed": roles.Role(roles.required_role(action)).label,
                },
            )
