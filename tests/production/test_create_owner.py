"""`manage.py create_owner`: the first user of an installation, owner of their personal team;
the password from a prompt or OWNER_PASSWORD, never from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEvent, Membership, User

PASSWORD = "a long and unusual passphrase 42"


def _create(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("create_owner", *args, stdout=out, **options)
    return out.getvalue()


def test_it_creates_an_owner_of_a_personal_and_a_shared_team_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("OWNER_PASSWORD", PASSWORD)
    output = _create("alice", "--email=alice@example.com", "--team=Ops")
    user = User.objects.get(username="alice")
    assert user.check_password(PASSWORD)
    teams = {
        m.team.name: (m.role, m.team.is_personal) for m in Membership.objects.filter(user=user)
    }
    assert teams == {"alice's team": ("owner", True), "Ops": ("owner", False)}
    assert AuditEvent.objects.filter(action="user.create", actor=user).exists()
    assert "Created alice" in output and PASSWORD not in output


def test_it_asks_for_the_password_twice_on_a_terminal(db, monkeypatch):
    monkeypatch.delenv("OWNER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    _create("bob", "--email=bob@example.com")
    assert User.objects.get(username="bob").check_password(PASSWORD)


def test_two_different_answers_create_nothing(db, monkeypatch):
    monkeypatch.delenv("OWNER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="do not match"):
        _create("bob", "--email=bob@example.com")
    assert not User.objects.exists()


def test_without_a_terminal_or_the_variable_it_says_how_to_give_the_password(db, monkeypatch):
    monkeypatch.delenv("OWNER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="set OWNER_PASSWORD in the environment"):
        _create("carol", "--email=carol@example.com")
    assert not User.objects.exists()


def test_a_password_on_the_command_line_is_refused(db):
    with pytest.raises(CommandError, match="unrecognized arguments"):
        _create("dave", "--email=dave@example.com", f"--password={PASSWORD}")
    assert not User.objects.exists()


def test_a_weak_password_is_refused_and_nothing_created(db, monkeypatch):
    monkeypatch.setenv("OWNER_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="The password was refused"):
        _create("erin", "--email=erin@example.com", "--team=Ops")
    assert not User.objects.exists()


def test_an_existing_username_is_refused(owner, monkeypatch):
    monkeypatch.setenv("OWNER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        _create(owner.username.upper(), "--email=other@example.com")
    assert User.objects.filter(username__iexact=owner.username).count() == 1
