"""TOTP two-factor sign-in: enrol with confirmation, one-time codes, recovery codes, team rule."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp

from accounts.models import AuditEvent
from accounts.models import AuthenticatorDevice as TOTPDevice
from accounts.twofactor import has_two_factor

PASSWORD = "correct horse battery staple"


def _code(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + offset,
    )
    return f"{value:0{device.digits}d}"


def _enrol(client, user) -> list[str]:
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    return response.context["recovery_codes"]


def test_the_setup_page_shows_a_qr_code_and_the_key(login, owner):
    html = login(owner).get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in html and 'data-testid="totp-secret"' in html
    assert not has_two_factor(owner)


@pytest.fixture
def no_throttle(settings):
    """django-otp slows down guesses after a wrong code; these tests follow one with a right one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_wrong_codes_are_throttled(login, owner):
    client = login(owner)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    client.post(reverse("accounts:two_factor"), {"code": "000000"})
    client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    assert not has_two_factor(owner)


def test_two_factor_is_on_only_after_a_code_is_confirmed(login, owner, no_throttle):
    client = login(owner)
    client.get(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    assert "not valid" in response.content.decode()
    assert not has_two_factor(owner)
    codes = _enrol(client, owner)
    assert has_two_factor(owner) and len(codes) == 10
    assert AuditEvent.objects.filter(action="two_factor.enable", actor=owner).exists()


def test_sign_in_asks_for_the_code_and_refuses_it_the_second_time(client, login, owner):
    _enrol(login(owner), owner)
    client.logout()
    device = TOTPDevice.objects.get(user=owner, confirmed=True)
    response = client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session  # not signed in before the code

    # The enrolment used the current time step: the next step's code signs in...
    code = _code(device, offset=1)
    assert client.post(reverse("accounts:login_verify"), {"code": code}).status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)

    # ...and the same code is refused when tried again.
    client.logout()
    client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    again = client.post(reverse("accounts:login_verify"), {"code": code})
    assert again.status_code == 200
    assert "not valid" in again.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.two_factor_failed", actor=owner).exists()


def test_a_recovery_code_works_once(client, login, owner):
    codes = _enrol(login(owner), owner)
    client.logout()
    for expected in (302, 200):
        client.logout()
        client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
        response = client.post(reverse("accounts:login_verify"), {"code": codes[0]})
        assert response.status_code == expected


def test_the_code_step_expires(client, login, owner, monkeypatch):
    _enrol(login(owner), owner)
    client.logout()
    client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 600)
    response = client.get(reverse("accounts:login_verify"))
    assert response["Location"] == reverse("accounts:login")


def test_turning_it_off_needs_a_code(login, owner, no_throttle):
    client = login(owner)
    codes = _enrol(client, owner)
    client.post(reverse("accounts:two_factor_disable"), {"code": "123456"})
    assert has_two_factor(owner)
    client.post(reverse("accounts:two_factor_disable"), {"code": codes[1]})
    assert not has_two_factor(owner)


@pytest.fixture
def strict_team(team):
    team.require_two_factor = True
    team.save()
    return team


def test_a_team_that_requires_it_sends_members_without_it_to_enrol(login, viewer, strict_team):
    client = login(viewer)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor")
    html = client.get(reverse("accounts:two_factor")).content.decode()
    assert "requires two-factor" in html
    _enrol(client, viewer)
    assert client.get("/").status_code == 200


def test_a_password_only_session_does_not_pass_the_team_requirement(login, viewer, strict_team):
    from django.test import Client

    _enrol(login(viewer), viewer)
    # A session of the enrolled member that entered no code (here: signed in by other means).
    unverified = Client()
    unverified.force_login(viewer)
    for path in (reverse("billing:billing"), reverse("accounts:team"), reverse("dashboard")):
        response = unverified.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:session_verify")), path


def test_a_session_from_before_enrolment_no_longer_gets_in(login, viewer, strict_team):
    from django.test import Client

    old = Client()
    old.force_login(viewer)  # signed in with the password, before the member enrolled
    _enrol(login(viewer), viewer)
    response = old.get(reverse("billing:billing"))
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("billing:billing"))


def test_enrolling_signs_out_the_members_other_sessions(client, login, viewer):
    from django.test import Client

    other = Client()
    other.force_login(viewer)
    assert other.get(reverse("accounts:profile")).status_code == 200
    _enrol(login(viewer), viewer)
    assert other.get(reverse("accounts:profile")).status_code == 302  # signed out
    assert client.get(reverse("accounts:profile")).status_code == 200  # this one stays


def test_an_unverified_session_enters_a_code_and_goes_on(login, viewer, strict_team, no_throttle):
    from django.test import Client

    _enrol(login(viewer), viewer)
    device = TOTPDevice.objects.get(user=viewer, confirmed=True)
    later = Client()
    later.force_login(viewer)  # signed in by other means than the sign-in page
    target = reverse("billing:billing")
    first = later.get(target)
    assert first["Location"].startswith(reverse("accounts:session_verify"))
    response = later.post(first["Location"], {"code": _code(device, offset=1)})
    assert response.status_code == 302 and response["Location"] == target
    assert later.get(target).status_code == 200
    assert AuditEvent.objects.filter(action="auth.session_verify", actor=viewer).exists()
