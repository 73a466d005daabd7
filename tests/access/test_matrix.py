"""Every URL pattern × {anonymous, viewer, operator, admin, owner, owner of another team} ×
{GET, POST} against the expectation tables in rows_*.py."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import AuditEvent, Connection, Invitation, Membership, Team, User
from operations.models import Operation
from operations.registry import Handler, register
from tests.access import matrix
from tests.access.matrix import PERSONAS, expected_status


def _rows() -> dict[str, matrix.Row]:
    package = importlib.import_module("tests.access")
    rows: dict[str, matrix.Row] = {}
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("rows_"):
            for row in importlib.import_module(f"tests.access.{module.name}").ROWS:
                assert row.name not in rows, f"{row.name} is listed twice"
                rows[row.name] = row
    return rows


ROWS = _rows()


def _url_names(patterns, namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_table():
    names = _url_names(get_resolver().url_patterns)
    missing = sorted(set(names) - set(ROWS))
    assert not missing, (
        f"URL patterns missing from the access matrix (tests/access/rows_*.py): {missing}"
    )
    stale = sorted(set(ROWS) - set(names))
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


def test_every_view_declares_its_access():
    for pattern_name in _url_names(get_resolver().url_patterns):
        if pattern_name not in ROWS:
            continue
        row = ROWS[pattern_name]
        match = get_resolver().resolve(_path(row, _FakeWorld()))
        assert getattr(match.func, "access", None) in {"public", "user", "team", "token"}, (
            pattern_name
        )


class _FakeWorld:
    """Enough attributes for URL reversing in the declaration check."""

    def __getattr__(self, name):
        @dataclass
        class Obj:
            pk: int = 1
            batch: uuid.UUID = uuid.UUID(int=1)
            name: str = "example.com"
            id: str = "34-1"

        return Obj()


def _path(row: matrix.Row, world) -> str:
    return reverse(row.name, args=row.args(world)) + (f"?{row.query}" if row.query else "")


class NoopHandler(Handler):
    kind = "test.noop"
    action = "vps.power"
    label = "Test action"


register(NoopHandler())


@dataclass
class World:
    team: Team
    personas: dict[str, User | None]
    connection: Connection
    other_connection: Connection
    target_membership: Membership
    invitation: Invitation
    operation: Operation
    sandbox: object
    api_token: object


@pytest.fixture
def world(
    team,
    viewer,
    operator,
    admin,
    owner,
    outsider,
    connection,
    other_connection,
    make_user,
    sandbox_api,
):
    target = make_user("tina")
    target_membership = Membership.objects.create(team=team, user=target, role="viewer")
    invitation = Invitation.objects.create(
        team=team, email="new@example.com", role="viewer", token_hash="x" * 64, invited_by=owner
    )
    operation = Operation.objects.create(
        team=team,
        connection=connection,
        actor=operator,
        actor_name=operator.username,
        kind="test.noop",
        target_type="order",
        target_id="34-177054",
        state=Operation.State.FAILED,
        batch=uuid.uuid4(),
    )
    from datetime import timedelta

    from django.utils import timezone

    from api.scopes import Scopes
    from api.services import token_create

    # The owner's token: admins may revoke it, other members may not.
    api_token, _plain = token_create(
        actor=owner,
        team=team,
        connection=connection,
        name="deploy script",
        expires_at=timezone.now() + timedelta(days=30),
        scopes=Scopes(read=True),
    )
    return World(
        team=team,
        personas={
            "anonymous": None,
            "viewer": viewer,
            "operator": operator,
            "admin": admin,
            "owner": owner,
            "outsider": outsider,
        },
        connection=connection,
        other_connection=other_connection,
        target_membership=target_membership,
        invitation=invitation,
        operation=operation,
        sandbox=sandbox_api,
        api_token=api_token,
    )


class _Rollback(Exception):
    pass


@pytest.mark.parametrize("name", sorted(ROWS))
def test_access(name, world, client, django_capture_on_commit_callbacks):
    row = ROWS[name]
    failures = []
    for persona in PERSONAS:
        for method in ("GET", "POST"):
            rule = row.get if method == "GET" else row.post
            expected = expected_status(rule, persona, row.scoped)
            try:
                with transaction.atomic():
                    client.logout()
                    user = world.personas[persona]
                    if user is not None:
                        client.force_login(user)
                    before_denials = AuditEvent.objects.filter(action="access.denied").count()
                    before_calls = sum(world.sandbox.requests().values())
                    path = _path(row, world)
                    with django_capture_on_commit_callbacks(execute=False):
                        if method == "GET":
                            response = client.get(path)
                        else:
                            response = client.post(path, row.data(world))
                    got = response.status_code
                    if expected == "login":
                        ok = got == 302 and "/accounts/login/" in response["Location"]
                    else:
                        ok = got == expected
                    if not ok:
                        failures.append(
                            f"{persona} {method} {path}: expected {expected}, got {got}"
                        )
                    if expected == 403:
                        denials = AuditEvent.objects.filter(action="access.denied").count()
                        if denials != before_denials + 1:
                            failures.append(f"{persona} {method} {path}: no denial event written")
                        calls = sum(world.sandbox.requests().values())
                        if calls != before_calls:
                            failures.append(
                                f"{persona} {method} {path}: denied, yet Fornex was called"
                            )
                    raise _Rollback
            except _Rollback:
                pass
    assert not failures, "\n".join(failures)
