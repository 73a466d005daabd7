"""Prepared reads (fornexpanel/core/prepared.py): the ORM's SQL compiled once, run with each call's
values, and rows made into the same instances the ORM makes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.middleware import _memberships
from accounts.models import Membership, Team, User
from fornexpanel.core.prepared import Prepared

pytestmark = pytest.mark.django_db

memberships = _memberships  # the middleware's read of a member's memberships and teams
by_name = Prepared(lambda name: User.objects.filter(username=name), str)


def test_rows_are_the_instances_the_orm_makes():
    user = User.objects.create_user("ada", "ada@example.com", "pw-1234567890")
    other = User.objects.create_user("bob", "bob@example.com", "pw-1234567890")
    beta, alpha = Team.objects.create(name="Beta"), Team.objects.create(name="Alpha")
    Membership.objects.create(team=beta, user=user, role="admin")
    Membership.objects.create(team=alpha, user=user, role="viewer")
    Membership.objects.create(team=alpha, user=other, role="owner")

    found = memberships(user.pk)
    expected = list(
        Membership.objects.filter(user=user).select_related("team").order_by("team__name", "pk")
    )
    assert found == expected
    assert [(m.team.name, m.role, m.created_at) for m in found] == [
        (m.team.name, m.role, m.created_at) for m in expected
    ]
    assert found[0].created_at.tzinfo is not None  # the database's converters applied
    with CaptureQueriesContext(connection) as queries:
        assert found[0].team.name == "Alpha"  # select_related: no further query
    assert len(queries) == 0
    assert not found[0]._state.adding and found[0]._state.db == "default"
    assert memberships(other.pk)[0].role == "owner"  # the same SQL, other values
    assert memberships(999_999) == []


def test_strings_are_parameters_not_sql():
    User.objects.create_user("o'neil", "o@example.com", "pw-1234567890")
    assert [user.username for user in by_name("o'neil")] == ["o'neil"]
    assert by_name("x' OR '1'='1") == []


def test_a_value_of_another_type_is_refused():
    with pytest.raises(TypeError):
        memberships("1")


def test_only_int_and_str_parameters():
    with pytest.raises(ImproperlyConfigured):
        Prepared(lambda when: User.objects.filter(last_login__gt=when), object)


def test_the_member_read_by_pk_is_the_orms():
    user = User.objects.create_user("cy", "cy@example.com", "pw-1234567890", language="ru")
    with CaptureQueriesContext(connection) as queries:
        found = User.objects.get(pk=user.pk)
    assert found == user and found.language == "ru" and found.date_joined == user.date_joined
    assert found.check_password("pw-1234567890")
    assert "id" in queries[0]["sql"] and len(queries) == 1
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=user.pk + 1000)
    assert User.objects.get(username="cy") == user  # any other read is the ORM's own


def test_an_expired_session_is_no_session(client):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import MemberSession

    user = User.objects.create_user("di", "di@example.com", "pw-1234567890")
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    MemberSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/accounts/profile/").status_code == 302


def test_a_parameter_used_twice_and_a_slice():
    from accounts.audit import audit_record
    from accounts.selectors import audit_events_for_team

    user = User.objects.create_user("ed", "ed@example.com", "pw-1234567890")
    team = Team.objects.create(name="T")
    Membership.objects.create(team=team, user=user, role="owner")
    for number in range(4):
        audit_record(action="bench.event", actor=user, team=team, detail={"n": number})
    recent = Prepared(lambda team_id: audit_events_for_team(team_id)[:3], int)
    found = recent(team.pk)
    assert found == list(audit_events_for_team(team)[:3]) and len(found) == 3
    assert recent(team.pk + 1) == []


def test_a_read_that_does_not_use_its_parameter_is_refused():
    unused = Prepared(lambda team_id: Team.objects.all(), int)
    with pytest.raises(ImproperlyConfigured):
        unused(1)


def test_a_str_parameter_inside_a_like_pattern_is_escaped_as_the_orm_does():
    from django.db.models import Q

    for name in ("ab", "ab:1", "ab:2", "a%:1", "a_:1", "xab:1"):
        Team.objects.create(name=name)
    starting = Prepared(
        lambda prefix: Team.objects.filter(Q(name=prefix) | Q(name__startswith=f"{prefix}:")),
        str,
    )
    for prefix in ("ab", "a%", "a_", "x"):
        expected = Team.objects.filter(Q(name=prefix) | Q(name__startswith=f"{prefix}:"))
        assert sorted(t.name for t in starting(prefix)) == sorted(t.name for t in expected)
    assert sorted(t.name for t in starting("ab")) == ["ab", "ab:1", "ab:2"]
    assert [t.name for t in starting("a%")] == ["a%:1"]  # % is a character, not a wildcard


def test_values_list_rows_and_windows():
    from django.db.models import Count

    from fornexpanel.core.prepared import PreparedRows

    for name in ("a", "a", "b", "c", "c", "c"):
        Team.objects.create(name=name)
    counted = Prepared(
        lambda prefix: (
            Team.objects.filter(name__gte=prefix)
            .order_by("name")
            .values_list("name")
            .annotate(n=Count("pk"))
        ),
        str,
    )
    assert counted("b") == [("b", 1), ("c", 3)]
    names = Prepared(
        lambda prefix: Team.objects.filter(name__gte=prefix).order_by("name", "pk"), str
    )
    everything = list(Team.objects.filter(name__gte="a").order_by("name", "pk"))
    rows = PreparedRows(names, "a", count=len(everything))
    assert rows[1:4] == everything[1:4] and rows[4:100] == everything[4:] and rows[6:8] == []
    assert len(rows) == 6
    with pytest.raises(ImproperlyConfigured):
        Prepared(lambda prefix: Team.objects.filter(name=prefix).values("name"), str)("a")
