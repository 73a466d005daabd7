"""The member's own security: password change and reset, sessions they can end, their security
history, the team audit's view of it, bound invitations, and "Confirm it's you"."""

from __future__ import annotations

import logging
import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.audit import audit_record
from accounts.models import AuditEvent, Invitation, MemberSession, Membership
from accounts.recent_auth import RECENT_AUTH_KEY, RECENT_AUTH_SECONDS
from accounts.selectors import audit_events_for_team
from fornexpanel.core.context import Origin, origin
from fornexpanel.core.logs import JsonFormatter

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "an entirely new passphrase 77"


def _signed_in(user, ip="127.0.0.1", agent="Browser A") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


# Password change ---------------------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one(viewer):
    client = _signed_in(viewer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)
    assert AuditEvent.objects.filter(
        action="auth.password_change", actor=viewer, outcome="failure"
    ).exists()


def test_changing_the_password_signs_out_the_other_sessions_only(viewer):
    other = _signed_in(viewer, agent="Browser B")
    client = _signed_in(viewer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert other.get(reverse("accounts:profile")).status_code == 302
    assert MemberSession.objects.filter(user=viewer).count() == 1
    event = AuditEvent.objects.get(action="auth.password_change", outcome="success")
    assert event.actor == viewer and event.detail["sessions_ended"] == 1


def test_guessing_the_current_password_is_cut_short(viewer):
    client = _signed_in(viewer)
    data = {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(5):
        client.post(reverse("accounts:password_change"), data)
    data["old_password"] = PASSWORD
    response = client.post(reverse("accounts:password_change"), data)
    assert response.status_code == 429
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)


# Password reset ----------------------------------------------------------------------------------


def _ask_reset(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


def test_a_reset_answers_the_same_whether_or_not_the_address_exists(client, viewer):
    known = _ask_reset(client, viewer.email)
    unknown = _ask_reset(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [viewer.email]
    assert AuditEvent.objects.filter(action="auth.password_reset_request", actor=viewer).exists()


def test_a_reset_link_sets_a_new_password_once_and_signs_out_everywhere(client, viewer):
    signed_in = _signed_in(viewer)
    _ask_reset(client, viewer.email)
    link = re.search(r"http://testserver(/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    form_url = form_page.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password(NEW_PASSWORD)
    assert signed_in.get(reverse("accounts:profile")).status_code == 302
    assert not MemberSession.objects.filter(user=viewer).exists()
    assert AuditEvent.objects.filter(action="auth.password_reset", actor=viewer).exists()
    again = Client().get(link, follow=True)
    assert not again.context["validlink"]


def test_reset_requests_are_rate_limited_per_address_and_per_client(client, viewer):
    for _ in range(5):
        assert _ask_reset(client, viewer.email).status_code == 302
    assert len(mail.outbox) == 3  # per address: the rest are answered the same, and not sent
    for number in range(5):
        _ask_reset(client, f"someone{number}@example.com")
    limited = _ask_reset(client, "another@example.com")
    assert limited.status_code == 429


def test_no_reset_token_reaches_a_log_line(client, viewer, caplog):
    caplog.set_level(logging.DEBUG)
    _ask_reset(client, viewer.email)
    link = re.search(r"http://testserver(/\S+/)", mail.outbox[0].body).group(1)
    token = link.rstrip("/").split("/")[-1]
    client.get(link, follow=True)
    lines = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "/accounts/password/reset/" in lines
    assert token not in lines


# Sessions and the security history ---------------------------------------------------------------


def test_the_security_page_lists_the_sessions_and_ends_one(viewer):
    other = _signed_in(viewer, ip="198.51.100.8", agent="Other browser 1.0")
    client = _signed_in(viewer, agent="This browser 2.0")
    page = client.get(reverse("accounts:security"))
    html = page.content.decode()
    assert "Other browser 1.0" in html and "198.51.100.8" in html and "This session" in html
    assert other.cookies["sessionid"].value not in html  # sessions are named by a hash only
    ended = [s for s in page.context["sessions"] if not s.current][0]
    response = client.post(reverse("accounts:session_end", args=[ended.id]))
    assert response.status_code == 302
    assert other.get(reverse("accounts:profile")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.session_end", actor=viewer).exists()


def test_one_cannot_end_another_members_session(viewer, admin):
    theirs = _signed_in(admin)
    client = _signed_in(viewer)
    session = MemberSession.objects.get(user=admin)
    from accounts.sessions import public_id

    client.post(reverse("accounts:session_end", args=[public_id(session.session_key)]))
    assert theirs.get(reverse("accounts:profile")).status_code == 200


def test_signing_out_everywhere_else(viewer):
    others = [_signed_in(viewer, agent=f"B{n}") for n in range(2)]
    client = _signed_in(viewer)
    client.post(reverse("accounts:sessions_end_others"))
    assert all(o.get(reverse("accounts:profile")).status_code == 302 for o in others)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_security_history_shows_the_members_own_sign_ins_and_failures(client, viewer, admin):
    client.post(reverse("accounts:login"), {"username": viewer.username, "password": "typo"})
    _signed_in(admin)
    mine = _signed_in(viewer)
    html = mine.get(reverse("accounts:security")).content.decode()
    actions = re.findall(r'data-action="([^"]+)"', html)
    assert "auth.login" in actions and "auth.login_failed" in actions
    assert "adam" not in html  # another member's sign-ins are theirs


def test_the_team_audit_shows_a_members_sign_ins_only_since_they_joined(team, admin, make_user):
    """The repro: a new team's admins saw the member's whole sign-in history."""
    victim = make_user("victim")
    with origin(Origin(ip="203.0.113.7", user_agent="Victim's laptop")):
        for _ in range(3):
            audit_record(action="auth.login", actor=victim, team=None, target=victim)
    Membership.objects.create(team=team, user=victim, role="viewer")
    seen = audit_events_for_team(team).filter(actor=victim)
    assert not seen.filter(action="auth.login").exists()
    audit_record(action="auth.login", actor=victim, team=None, target=victim)
    assert seen.filter(action="auth.login").count() == 1


# Invitations -------------------------------------------------------------------------------------


@pytest.fixture
def invitation_link(team, owner):
    from accounts.services import _token_hash

    Invitation.objects.create(
        team=team,
        email="invited@example.com",
        role="admin",
        token_hash=_token_hash("t" * 43),
        invited_by=owner,
    )
    return reverse("accounts:invitation_accept", args=["t" * 43])


def test_an_invitation_cannot_be_redeemed_by_another_signed_in_user(
    login, make_user, team, invitation_link
):
    stranger = make_user("stranger")
    client = login(stranger)
    page = client.get(invitation_link)
    assert page.status_code == 403 and "invited@example.com" in page.content.decode()
    assert client.post(invitation_link).status_code == 403
    assert not Membership.objects.filter(team=team, user=stranger).exists()


def test_the_invited_address_signs_in_and_joins(login, make_user, team, invitation_link):
    from accounts.services import user_create

    invited = user_create(username="invited", email="Invited@Example.com", password=PASSWORD)
    client = login(invited)
    assert client.post(invitation_link).status_code == 302
    assert Membership.objects.get(team=team, user=invited).role == "admin"


def test_no_invitation_token_reaches_a_log_line_even_on_a_crash(
    client, invitation_link, monkeypatch, caplog
):
    from accounts import services

    def boom(token):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "invitation_for_token", boom)
    caplog.set_level(logging.DEBUG)
    client.raise_request_exception = False
    assert client.get(invitation_link).status_code == 500
    lines = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "Internal Server Error" in lines
    assert "t" * 43 not in lines


# "Confirm it's you" ------------------------------------------------------------------------------


def _age_confirmation(client, seconds):
    session = client.session
    session[RECENT_AUTH_KEY] = time.time() - seconds
    session.save()


def test_changing_a_role_needs_a_recent_confirmation(login, owner, viewer, team):
    client = login(owner)
    _age_confirmation(client, RECENT_AUTH_SECONDS + 1)
    membership = Membership.objects.get(team=team, user=viewer)
    url = reverse("accounts:member_role", args=[membership.pk])
    response = client.post(url, {"role": "admin"}, HTTP_REFERER="http://testserver/team/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    membership.refresh_from_db()
    assert membership.role == "viewer"

    confirm = client.post(response["Location"], {"secret": PASSWORD})
    assert confirm["Location"] == "/team/"
    client.post(url, {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert AuditEvent.objects.filter(action="auth.reauthenticate", actor=owner).exists()


def test_a_wrong_password_does_not_confirm(login, owner):
    client = login(owner, confirmed=False)
    response = client.post(reverse("accounts:reauthenticate"), {"secret": "nope"})
    assert response.status_code == 200
    assert RECENT_AUTH_KEY not in client.session
    assert AuditEvent.objects.filter(action="auth.reauthenticate", outcome="failure").exists()


def test_transferring_ownership_needs_a_recent_confirmation(login, owner, admin, team):
    client = login(owner, confirmed=False)
    membership = Membership.objects.get(team=team, user=admin)
    client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "owner"})
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_changing_a_connections_key_needs_a_recent_confirmation(login, admin, connection):
    client = login(admin, confirmed=False)
    before = connection.key_ciphertext
    url = reverse("accounts:connection_edit", args=[connection.pk])
    response = client.post(
        url, {"label": "Main", "dialect": connection.dialect, "api_key": "another-key-1234"}
    )
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    connection.refresh_from_db()
    assert connection.key_ciphertext == before
    # A new label alone is no sensitive change.
    client.post(url, {"label": "Renamed", "dialect": connection.dialect, "api_key": ""})
    connection.refresh_from_db()
    assert connection.label == "Renamed"


def test_revealing_a_vps_root_password_needs_a_recent_confirmation(login, operator, connection):
    client = login(operator, confirmed=False)
    url = reverse("vps:password_reset", args=[connection.pk, "34-177054"])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    client.post(reverse("accounts:reauthenticate"), {"secret": PASSWORD})
    assert client.get(url).status_code == 200


def test_a_code_from_the_authenticator_also_confirms(login, owner, settings):
    from django_otp.oath import totp

    from accounts.models import AuthenticatorDevice

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = login(owner)
    client.get(reverse("accounts:two_factor"))
    device = AuthenticatorDevice.objects.get(user=owner)

    def code(offset):
        value = totp(device.bin_key, step=30, t0=0, digits=6, drift=offset)
        return f"{value:06d}"

    client.post(reverse("accounts:two_factor"), {"code": code(0)})
    _age_confirmation(client, RECENT_AUTH_SECONDS + 1)
    response = client.post(reverse("accounts:reauthenticate"), {"secret": code(1)})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.reauthenticate", detail__with="code").exists()
