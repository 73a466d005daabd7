"""The token pages, the API page and the OpenAPI subset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Team
from api.endpoint.routes import ROUTES
from api.models import ApiToken
from api.openapi import SCHEMA_FILE, dumps, subset
from api.scopes import Scopes
from tests.api.conftest import DOMAIN

SPEC = Path(__file__).resolve().parents[1] / "sandbox" / "spec" / "openapi-v2.3.28.json"


def _form(connection, **fields):
    from django.utils import timezone

    return {
        "name": "deploy",
        "connection": connection.pk,
        "expires_on": (timezone.localdate() + timezone.timedelta(days=30)).isoformat(),
        **fields,
    }


@pytest.mark.django_db
def test_members_see_their_own_tokens_and_admins_everyone_s(login, operator, admin, make_token):
    make_token(operator, Scopes(read=True), name="operator's")
    make_token(admin, Scopes(read=True), name="admin's")
    mine = login(operator).get(reverse("api:tokens")).content.decode()
    assert "operator&#x27;s" in mine and "admin&#x27;s" not in mine
    everyone = login(admin).get(reverse("api:tokens")).content.decode()
    assert "operator&#x27;s" in everyone and "admin&#x27;s" in everyone


@pytest.mark.django_db
def test_a_viewer_may_make_only_read_tokens(login, viewer, connection):
    client = login(viewer)
    page = client.get(reverse("api:token_create")).content.decode()
    assert 'name="scope_dns"' in page and "Needs the Operator role." in page
    refused = client.post(
        reverse("api:token_create"), _form(connection, scope_dns="on", dns_domains=DOMAIN)
    )
    assert "no-store" in refused["Cache-Control"]
    assert not ApiToken.objects.exists()
    made = client.post(reverse("api:token_create"), _form(connection, scope_read="on"))
    assert made.status_code == 200 and 'data-testid="new-token-value"' in made.content.decode()
    token = ApiToken.objects.get()
    assert token.user == viewer and token.scopes["read"] is True
    assert AuditEvent.objects.filter(action="api_token.create", target_id=str(token.pk)).exists()


@pytest.mark.django_db
def test_making_a_token_needs_a_recent_confirmation(login, operator, connection):
    client = login(operator, confirmed=False)
    shown = client.get(reverse("api:token_create"))
    assert shown.status_code == 302
    assert shown["Location"].startswith(reverse("accounts:reauthenticate"))
    asked = client.post(reverse("api:token_create"), _form(connection, scope_read="on"))
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_form_checks_scopes_limits_and_networks(login, operator, connection):
    client = login(operator)
    cases = [
        (_form(connection), "Choose at least one scope."),
        (_form(connection, scope_all="on", scope_read="on"), "already includes"),
        (_form(connection, scope_read="on", dns_domains=DOMAIN), "Tick the scope above"),
        (_form(connection, scope_dns="on", dns_hosts="bad host!"), "is not a host pattern"),
        (_form(connection, scope_dns="on", dns_domains="not a domain"), "not a domain"),
        (_form(connection, scope_power="on", power_servers="34/1"), "not an order number"),
        (_form(connection, scope_read="on", allowed_networks="10.0.0.300"), "not an IP"),
        (_form(connection, scope_read="on", expires_on="2000-01-01"), "from today on"),
    ]
    for data, message in cases:
        page = client.post(reverse("api:token_create"), data).content.decode()
        assert message in page or message.replace("not a domain", "valid") in page, message
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_dns01_link_fills_in_a_challenge_only_token(login, operator, connection):
    page = login(operator).get(reverse("api:token_create") + "?preset=dns01&domain=example.com")
    html = page.content.decode()
    assert 'value="_acme-challenge _acme-challenge.*"' in html
    assert 'name="scope_dns" class="form-check-input" id="id_scope_dns" checked' in html


@pytest.mark.django_db
def test_a_member_revokes_their_own_token_from_their_page(login, operator, make_token, team):
    elsewhere = Team.objects.create(name="Side project")
    Membership.objects.create(team=elsewhere, user=operator, role="owner")
    token, _plain = make_token(operator, Scopes(read=True), name="cron")
    client = login(operator)
    listed = client.get(reverse("api:my_tokens")).content.decode()
    assert "cron" in listed and token.prefix in listed and team.name in listed
    url = reverse("api:token_revoke", args=[token.pk])
    assert "Revoke “cron”?" in client.get(url).content.decode()
    response = client.post(url, {"next": reverse("api:my_tokens")})
    assert response.status_code == 302 and response["Location"] == reverse("api:my_tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by_name == operator.username


@pytest.mark.django_db
def test_the_api_page_says_what_it_offers_and_how_to_point_a_hook_at_it(login, viewer):
    html = login(viewer).get(reverse("api:docs")).content.decode()
    assert "http://testserver/fornex/api" in html
    for route in ROUTES:
        assert route.path in html
    assert "dns_fornexpanel" in html and "FORNEX_API_URL=" in html
    assert reverse("api:schema") in html


def test_the_schema_is_the_official_spec_narrowed_to_what_the_endpoint_offers(client):
    expected = dumps(subset(json.loads(SPEC.read_text())))
    assert SCHEMA_FILE.read_text() == expected, (
        "api/openapi.json is out of date: run "
        "`python manage.py api_schema tests/sandbox/spec/openapi-v2.3.28.json`"
    )
    served = client.get(reverse("api:schema"))
    assert served["Content-Type"] == "application/json"
    schema = served.json()
    offered = {(path, method.upper()) for path, item in schema["paths"].items() for method in item}
    assert offered == {(route.path, route.method) for route in ROUTES}
    assert schema["servers"] == [{"url": "/fornex/api"}]
