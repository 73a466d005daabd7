"""Teams, members, roles and invitations."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Invitation, Membership, Team, User


@pytest.fixture
def _invite(django_capture_on_commit_callbacks):
    """Post the invitation form; the email leaves once the transaction commits."""

    def invite(client, email="new.member@example.com", role="viewer"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("accounts:invitation_create"), {"email": email, "role": role}
            )

    return invite


def _link_from_mail() -> str:
    return re.search(r"http://testserver(/invitations/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_every_user_gets_a_personal_team(make_user):
    user = make_user("newbie")
    membership = Membership.objects.get(user=user)
    assert membership.team.is_personal and membership.role == "owner"


def test_an_admin_invites_by_email_with_a_single_use_link(login, admin, team, client, _invite):
    response = _invite(login(admin))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.member@example.com"]
    link = _link_from_mail()
    invitation = Invitation.objects.get()
    assert link.split("/")[2] not in invitation.token_hash  # only a hash is stored

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Ops team" in page.content.decode()
    response = client.post(
        link,
        {
            "username": "newmember",
            "password1": "a long enough pass 42",
            "password2": "a long enough pass 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newmember")
    assert user.email == "new.member@example.com"
    assert Membership.objects.get(team=team, user=user).role == "viewer"
    assert Membership.objects.filter(user=user, team__is_personal=True).exists()

    client.logout()
    assert client.get(link).status_code == 410  # used up
    assert AuditEvent.objects.filter(action="invitation.accept", team=team).exists()


def test_a_signed_in_user_joins_with_one_click(login, admin, make_user, team, _invite):
    _invite(login(admin), email="existing@example.com", role="operator")
    link = _link_from_mail()
    existing = make_user("existing")
    client = login(existing)
    assert "Join" in client.get(link).content.decode()
    client.post(link)
    assert Membership.objects.get(team=team, user=existing).role == "operator"


def test_an_expired_invitation_cannot_be_used(login, admin, client, _invite):
    _invite(login(admin))
    link = _link_from_mail()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    assert client.get(link).status_code == 410


def test_sign_up_checks_the_password(login, admin, client, _invite):
    _invite(login(admin))
    link = _link_from_mail()
    client.logout()
    response = client.post(link, {"username": "weak", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert 'data-field-error="password1"' in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_admins_cannot_invite_owners(login, admin, _invite):
    _invite(login(admin), role="owner")
    assert not Invitation.objects.exists()


def test_an_owner_raises_a_viewer_to_operator(login, owner, viewer, team):
    membership = Membership.objects.get(team=team, user=viewer)
    login(owner).post(reverse("accounts:member_role", args=[membership.pk]), {"role": "operator"})
    membership.refresh_from_db()
    assert membership.role == "operator"
    event = AuditEvent.objects.get(action="member.role_change")
    assert event.detail == {"before": "viewer", "after": "operator"}


def test_an_admin_cannot_touch_an_owner(login, admin, owner, team):
    membership = Membership.objects.get(team=team, user=owner)
    client = login(admin)
    client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "viewer"})
    client.post(reverse("accounts:member_remove", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_the_last_owner_cannot_leave_or_step_down(login, owner, team):
    client = login(owner)
    membership = Membership.objects.get(team=team, user=owner)
    response = client.post(reverse("accounts:team_leave"), follow=True)
    assert "last owner" in response.content.decode()
    client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "admin"})
    assert Membership.objects.filter(team=team, user=owner, role="owner").exists()


def test_members_can_be_removed(login, admin, viewer, team):
    membership = Membership.objects.get(team=team, user=viewer)
    login(admin).post(reverse("accounts:member_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="member.remove", target_label=viewer.username).exists()


def test_the_header_switches_teams_and_pages_show_the_current_team(login, owner, make_user):
    client = login(owner)
    second = Team.objects.create(name="Second team")
    Membership.objects.create(team=second, user=owner, role="viewer")
    assert "Ops team" in client.get(reverse("accounts:team")).content.decode()
    client.post(reverse("accounts:team_switch"), {"team": second.pk, "next": "/team/"})
    html = client.get(reverse("accounts:team")).content.decode()
    assert "Second team" in html and "olga" in html


def test_one_cannot_switch_to_a_team_one_is_not_in(login, owner, other_team):
    response = login(owner).post(reverse("accounts:team_switch"), {"team": other_team.pk})
    assert response.status_code == 404


def test_deleting_a_team_needs_its_name_and_keeps_the_audit_history(login, owner, team):
    client = login(owner)
    client.post(reverse("accounts:team_delete"), {"confirm": "nope"})
    assert Team.objects.filter(pk=team.pk).exists()
    client.post(reverse("accounts:team_delete"), {"confirm": "Ops team"})
    assert not Team.objects.filter(pk=team.pk).exists()
    assert AuditEvent.objects.filter(action="team.delete", team_id=team.pk).exists()


@pytest.mark.parametrize("persona", ["viewer", "operator"])
def test_members_below_admin_see_no_management_controls(request, login, persona):
    user = request.getfixturevalue(persona)
    html = login(user).get(reverse("accounts:team")).content.decode()
    assert 'data-testid="invite"' not in html
    assert 'data-testid="change-role"' not in html
