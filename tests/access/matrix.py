"""The access-control matrix: every URL pattern × persona × method, against expectations kept
here in the tests (not read from the code's role table).

Each app lists its URLs in `rows_<app>.py` as `ROWS = [Row(...), ...]`. A row says, for GET and
for POST, the lowest role that gets through and the status it then gets; lower roles get 403,
anonymous visitors are sent to sign in, and the owner of another team gets 404 for URLs that name
an object of this team (`scoped=True`) or, for team-level pages, what this team's owner gets
(they see their own team).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ["viewer", "operator", "admin", "owner"]
PERSONAS = ["anonymous", *ROLES, "outsider"]


@dataclass(frozen=True)
class Expect:
    """Members with at least `role` get `status`; members below it get 403."""

    role: str
    status: int


@dataclass(frozen=True)
class Public:
    """Everyone, signed in or not, gets `status` (`signed_in` if it differs when signed in)."""

    status: int
    signed_in: int | None = None


@dataclass(frozen=True)
class AnyUser:
    """Any signed-in user gets `status`; anonymous visitors are sent to sign in."""

    status: int


@dataclass
class Row:
    name: str
    get: Expect | Public | AnyUser
    post: Expect | Public | AnyUser
    args: Callable[[Any], list] = lambda world: []
    data: Callable[[Any], dict] = lambda world: {}
    scoped: bool = False
    query: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict)


def viewer(status: int = 200) -> Expect:
    return Expect("viewer", status)


def operator(status: int = 302) -> Expect:
    return Expect("operator", status)


def admin(status: int = 302) -> Expect:
    return Expect("admin", status)


def owner(status: int = 302) -> Expect:
    return Expect("owner", status)


def expected_status(rule, persona: str, scoped: bool) -> int | str:
    """The status `persona` must get. "login" means a redirect to the sign-in page."""
    if isinstance(rule, Public):
        if persona != "anonymous" and rule.signed_in is not None:
            return rule.signed_in
        return rule.status
    if persona == "anonymous":
        return "login"
    if isinstance(rule, AnyUser):
        return rule.status
    if persona == "outsider":
        # The method is checked before the object is looked up; a 405 reveals nothing.
        return 404 if scoped and rule.status != 405 else rule.status
    if ROLES.index(persona) < ROLES.index(rule.role):
        return 403
    return rule.status
