"""Which tokens the endpoint takes: checked on every request, never remembered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.access import AccessDenied
from accounts.models import AuditEvent, Membership
from accounts.services import member_change_role, member_remove
from api.models import ApiToken
from api.scopes import DnsLimits, PowerLimits, Scopes
from api.services import token_revoke
from api.tokens import PREFIX, token_digest
from tests.api.conftest import DOMAIN, detail


def test_without_a_token_or_with_an_unknown_one_it_answers_401(api, operator, client):
    missing = api.get("dns/domain/", token=None)
    assert missing.status_code == 401
    assert detail(missing) == "Authentication credentials were not provided."
    assert missing.headers["WWW-Authenticate"] == "Api-Key"
    for header in ("Api-Key fxp_nope_nope", "Bearer x", "Api-Key", "Token abc"):
        refused = api.get("dns/domain/", token=None, headers={"Authorization": header})
        assert refused.status_code == 401 and detail(refused) == "Invalid API key."
    # A session is no way in: the endpoint takes tokens only.
    client.force_login(operator)
    assert client.get("/fornex/api/dns/domain/").status_code == 401
    assert not AuditEvent.objects.filter(action="api.call").exists()


def test_an_expired_or_revoked_token_gets_401(api, operator, admin, make_token):
    token, plain = make_token(operator, Scopes(read=True))
    assert api.get("dns/domain/", token=plain).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = api.get("dns/domain/", token=plain)
    assert expired.status_code == 401 and detail(expired) == "This token has expired."

    token, plain = make_token(operator, Scopes(read=True), name="other")
    assert token_revoke(actor=admin, token=token)
    revoked = api.get("dns/domain/", token=plain)
    assert revoked.status_code == 401 and detail(revoked) == "This token was revoked."
    refusals = AuditEvent.objects.filter(action="api.call", outcome="denied")
    assert refusals.count() == 2 and {e.actor_id for e in refusals} == {operator.pk}


def test_a_token_from_a_network_it_is_not_allowed_from_gets_403(api, operator, make_token):
    _token, plain = make_token(operator, Scopes(read=True), networks=["203.0.113.0/24"])
    refused = api.get("dns/domain/", token=plain)
    assert refused.status_code == 403
    assert detail(refused) == "This token may not be used from 127.0.0.1."
    token, plain = make_token(operator, Scopes(read=True), name="here", networks=["127.0.0.1"])
    assert api.get("dns/domain/", token=plain).status_code == 200
    token.refresh_from_db()
    assert token.last_used_ip == "127.0.0.1" and token.last_used_at is not None


def test_a_removed_member_s_token_stops_at_once(api, operator, admin, make_token, team):
    _token, plain = make_token(operator, Scopes(read=True))
    assert api.get("orders/", token=plain).status_code == 200
    member_remove(actor=admin, membership=Membership.objects.get(team=team, user=operator))
    refused = api.get("orders/", token=plain)
    assert refused.status_code == 401
    assert detail(refused) == "This token's member is no longer in the team."
    # Joining again does not bring an old token back.
    Membership.objects.create(team=team, user=operator, role="operator")
    assert api.get("orders/", token=plain).status_code == 401


def test_a_member_whose_role_no_longer_allows_the_scopes_loses_the_token(
    api, operator, admin, make_token, team
):
    _dns_token, dns_plain = make_token(operator, Scopes(dns=DnsLimits(domains=(DOMAIN,))))
    _read_token, read_plain = make_token(operator, Scopes(read=True), name="reader")
    assert api.get(f"dns/domain/{DOMAIN}/entry_set/", token=dns_plain).status_code == 200
    member_change_role(
        actor=admin, membership=Membership.objects.get(team=team, user=operator), role="viewer"
    )
    refused = api.get(f"dns/domain/{DOMAIN}/entry_set/", token=dns_plain)
    assert refused.status_code == 401 and "role" in detail(refused)
    # A read token needs no more than a viewer's role.
    assert api.get(f"dns/domain/{DOMAIN}/entry_set/", token=read_plain).status_code == 200


def test_a_team_requiring_two_factor_stops_tokens_of_members_without_it(
    api, operator, make_token, team
):
    _token, plain = make_token(operator, Scopes(read=True))
    team.require_two_factor = True
    team.save()
    refused = api.get("orders/", token=plain)
    assert refused.status_code == 401 and "two-factor" in detail(refused)


@pytest.mark.django_db
def test_a_token_is_stored_as_a_keyed_hash_with_a_visible_prefix(operator, make_token, settings):
    token, plain = make_token(operator, Scopes(read=True))
    assert plain.startswith(token.prefix + "_") and token.prefix.startswith(PREFIX)
    assert len(plain) == len(PREFIX) + 8 + 1 + 40
    assert token.digest == token_digest(plain) and plain not in token.digest
    # Keyed: another key gives another digest, so the database alone cannot check a guess.
    settings.API_TOKEN_KEY = "another key"
    assert token_digest(plain) != token.digest


@pytest.mark.django_db
def test_a_token_is_never_wider_than_its_member_s_role(viewer, operator, make_token):
    for scopes in (Scopes(dns=DnsLimits()), Scopes(power=PowerLimits())):
        with pytest.raises(ValidationError):
            make_token(viewer, scopes)
    assert AuditEvent.objects.filter(action="access.denied", actor=viewer).count() == 2
    make_token(viewer, Scopes(read=True))
    make_token(viewer, Scopes(all=True))
    with pytest.raises(ValidationError):
        make_token(operator, Scopes(read=True), days=367)
    with pytest.raises(ValidationError):
        make_token(operator, Scopes())


@pytest.mark.django_db
def test_only_its_member_and_the_team_s_admins_revoke_a_token(
    owner, admin, operator, viewer, make_token
):
    token, _plain = make_token(operator, Scopes(read=True))
    with pytest.raises(AccessDenied):
        token_revoke(actor=viewer, token=token)
    assert AuditEvent.objects.filter(action="access.denied", actor=viewer).exists()
    assert token_revoke(actor=admin, token=token)
    assert not token_revoke(actor=operator, token=token)  # already revoked
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert (event.actor_id, event.target_id, event.detail["owner"]) == (
        admin.pk,
        str(token.pk),
        operator.username,
    )
