"""Signing in and out: audit of every attempt, lockout, sessions."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password, identify_hasher
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.models import MemberSession as Session
from fornexpanel import settings as production_settings

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


def _sign_in(client, username, password=PASSWORD, next=None, ip="127.0.0.1"):
    data = {"username": username, "password": password}
    if next:
        data["next"] = next
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def test_passwords_are_hashed_with_argon2_by_default(settings, make_user):
    # The suite itself runs with a fast hasher; the real settings must put Argon2 first.
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = make_user("argon")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert check_password("correct horse battery staple", user.password)


def test_django_password_validators_are_on():
    names = [v["NAME"].rsplit(".", 1)[-1] for v in production_settings.AUTH_PASSWORD_VALIDATORS]
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= set(names)


def test_signing_in_opens_the_dashboard_and_is_audited(client, owner):
    response = _sign_in(client, owner.username)
    assert response.status_code == 302 and response["Location"] == "/"
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == owner and event.ip == "127.0.0.1" and event.request_id


def test_members_may_sign_in_with_their_email(client, owner):
    response = _sign_in(client, owner.email)
    assert response.status_code == 302


def test_signing_in_gives_a_new_session(client, owner):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _sign_in(client, owner.username)
    assert client.session.session_key != before


def test_signing_out_ends_the_session_on_the_server(client, owner):
    _sign_in(client, owner.username)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=owner).exists()


def test_a_failed_sign_in_is_audited_with_the_typed_name(client, owner):
    response = _sign_in(client, owner.username, "wrong password")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor == owner and event.outcome == "failure"
    assert "wrong password" not in repr(event.__dict__)


def test_an_unknown_username_is_audited_without_an_actor(client, db):
    _sign_in(client, "nobody-here", "whatever")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None and event.actor_name == "nobody-here"


@pytest.fixture
def locked(client, owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, owner.username, "wrong password")
    return response


def test_repeated_failures_lock_the_sign_in_with_a_clear_message(locked):
    assert locked.status_code == 429
    assert "Sign-in is locked" in locked.content.decode()
    assert AuditEvent.objects.filter(action="auth.lockout", outcome="denied").exists()


def test_the_lockout_holds_even_with_the_right_password(locked, client, owner):
    response = _sign_in(client, owner.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_ip(locked, client, owner, admin):
    assert _sign_in(client, admin.username).status_code == 302
    client.logout()
    other_ip = _sign_in(client, owner.username, ip="10.9.8.7")
    assert other_ip.status_code == 302


def test_an_admin_unlocks_a_member(locked, client, login, owner, admin, team):
    from accounts.models import Membership

    membership = Membership.objects.get(team=team, user=owner)
    admin_client = login(admin)
    page = admin_client.get(reverse("accounts:team")).content.decode()
    assert 'data-testid="locked-badge"' in page
    admin_client.post(reverse("accounts:member_unlock", args=[membership.pk]))
    assert not AccessAttempt.objects.filter(username=owner.username).exists()
    assert AuditEvent.objects.filter(action="auth.unlock", actor=admin).exists()
    admin_client.logout()
    assert _sign_in(admin_client, owner.username).status_code == 302


def test_next_only_goes_to_this_site(client, owner):
    response = _sign_in(client, owner.username, next="https://evil.example/")
    assert response["Location"] == "/"
    client.logout()
    response = _sign_in(client, owner.username, next="/team/")
    assert response["Location"] == "/team/"


def test_one_typo_does_not_mark_a_member_locked(client, login, admin, viewer, team):
    _sign_in(client, viewer.username, "typo")
    page = login(admin).get(reverse("accounts:team")).content.decode()
    assert 'data-testid="locked-badge"' not in page


def test_a_lockout_past_its_cool_off_is_no_longer_marked(locked, login, admin, owner, settings):
    from django.utils import timezone

    AccessAttempt.objects.filter(username=owner.username).update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    page = login(admin).get(reverse("accounts:team")).content.decode()
    assert 'data-testid="locked-badge"' not in page
