"""The member's profile: name, email and the time zone times are shown in."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.connections import api_key_for
from accounts.models import Connection, Membership, User


def test_the_time_zone_chosen_in_the_profile_applies_to_pages(login, owner):
    client = login(owner)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Olga", "last_name": "", "email": owner.email, "timezone": "Asia/Tokyo"},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.timezone == "Asia/Tokyo"
    page = client.get(reverse("accounts:profile"))
    assert page.context["TIME_ZONE"] == "Asia/Tokyo"
    timezone.deactivate()


def test_an_email_used_by_another_account_is_refused(login, owner, admin):
    response = login(owner).post(
        reverse("accounts:profile"),
        {"first_name": "", "last_name": "", "email": admin.email, "timezone": "UTC"},
    )
    assert 'data-field-error="email"' in response.content.decode()


def test_the_demo_seed_makes_a_team_with_a_sandbox_connection(db):
    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)  # idempotent
    demo = User.objects.get(username="demo")
    membership = Membership.objects.get(user=demo, team__name="Demo team")
    assert membership.role == "owner"
    connection = Connection.objects.get(team=membership.team, label="Fornex sandbox")
    assert api_key_for(connection) == "sandbox-full"
    assert connection.dialect == "v2"  # the default dialect
    legacy = Connection.objects.get(team=membership.team, dialect="legacy")
    assert api_key_for(legacy) == "sandbox-other"
    assert Connection.objects.filter(team=membership.team).count() == 2
    assert {m.user.username: m.role for m in Membership.objects.filter(team=membership.team)} == {
        "demo": "owner",
        "alice": "admin",
        "bob": "operator",
        "carol": "viewer",
    }
