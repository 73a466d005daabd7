"""How the endpoint answers, as Fornex's server does: URL forms, methods, bodies, hosts, pages,
errors, the rate limit; and never a 500 for what a script may send."""

from __future__ import annotations

import json

import pytest

from accounts.models import AuditEvent
from api.scopes import DnsLimits, Scopes
from tests.api.conftest import DOMAIN, VPS
from tests.dns.conftest import find, sandbox_records

BASE = "/fornex/api/"


@pytest.fixture
def call(client, owner, make_token):
    _token, plain = make_token(owner, Scopes(all=True))

    def send(method: str, path: str, body=None, *, raw: str | None = None, token=plain, **extra):
        headers = {"HTTP_AUTHORIZATION": f"Api-Key {token}"} if token else {}
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return client.generic(
            method, BASE + path, data, content_type="application/json", **headers, **extra
        )

    send.token = plain
    return send


def test_a_get_without_its_trailing_slash_is_redirected_with_its_query(call):
    response = call("GET", f"dns/domain/{DOMAIN}/entry_set?type=TXT&q=x", token=None)
    assert response.status_code == 301
    assert response["Location"] == f"{BASE}dns/domain/{DOMAIN}/entry_set/?type=TXT&q=x"
    assert call("GET", "schema", token=None)["Location"] == f"{BASE}schema/"
    # Other methods are not redirected (their body would be lost): the path is unknown.
    assert call("POST", f"dns/domain/{DOMAIN}/entry_set", {}).status_code == 404


def test_unknown_paths_and_methods_answer_as_drf_does(call):
    missing = call("GET", "plans/vps")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    assert call("GET", "").status_code == 404
    wrong = call("PATCH", "dns/domain/")
    assert wrong.status_code == 405 and wrong["Allow"] == "GET, POST"
    assert wrong.json() == {"detail": 'Method "PATCH" not allowed.'}
    assert call("GET", "dns/domain/x/entry_set/12ab/").status_code == 404


def test_a_record_s_host_may_be_relative_at_or_fully_qualified(call, sandbox_api):
    for host, stored in (
        ("relative", "relative"),
        (f"full.{DOMAIN}", "full"),
        (f"dotted.{DOMAIN}.", "dotted"),
        ("@", ""),
        (DOMAIN, ""),
    ):
        value = f"v-{host}"
        body = {"host": host, "type": "TXT", "value": value, "ttl": None}
        response = call("POST", f"dns/domain/{DOMAIN}/entry_set/", body)
        assert response.status_code == 201, response.content
        assert response.json()["host"] == stored
        assert find(sandbox_records(sandbox_api), value=value)[0]["host"] == stored


def test_bad_bodies_get_400_with_the_field_named(call, sandbox_api):
    before = sandbox_records(sandbox_api)
    path = f"dns/domain/{DOMAIN}/entry_set/"
    cases = [
        ({"type": "A", "value": "not-an-address"}, "value"),
        ({"type": "BOGUS", "value": "x"}, "type"),
        ({"value": "x"}, "type"),
        ({"type": "TXT"}, "value"),
        ({"type": "TXT", "value": "x", "ttl": 5}, "ttl"),
        ({"type": "MX", "value": "mx.example.com"}, "prio"),
        ({"type": "CNAME", "host": "www", "value": "example.com"}, "host"),  # www has an A
        ({"type": "TXT", "value": ["x"]}, "value"),
        ({"type": "TXT", "value": "x" * 1025}, "value"),
    ]
    for body, field in cases:
        response = call("POST", path, body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json(), (body, response.json())
    assert call("POST", path, raw="{not json").status_code == 400
    assert call("POST", path, raw="[1, 2]").json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }
    assert call("POST", "dns/domain/", {"name": "x", "ip": "y"}).status_code == 400
    assert sandbox_records(sandbox_api) == before


def test_lists_are_paged_as_fornex_pages_them(call):
    first = call("GET", "orders/?page_size=5").json()
    assert len(first["results"]) == 5 and first["previous"] is None
    assert first["next"].startswith("http://testserver/fornex/api/orders/?")
    second = call("GET", "orders/?page_size=5&page=2").json()
    assert second["previous"] and second["results"][0] != first["results"][0]
    for page in ("99", "0", "x"):
        response = call("GET", f"orders/?page={page}")
        assert response.status_code == 404 and response.json() == {"detail": "Invalid page."}
    assert call("GET", "orders/?cancel_mark=true").status_code == 400
    assert call("GET", f"dns/domain/{DOMAIN}/entry_set/?type=txt").status_code == 400


def test_a_fornex_failure_is_a_clear_5xx_never_a_500(call, sandbox_api):
    sandbox_api.fault(path="entry_set", status=503)
    response = call("GET", f"dns/domain/{DOMAIN}/entry_set/")
    assert response.status_code == 503 and "Fornex" in response.json()["detail"]
    assert call("GET", "dns/domain/nowhere.example/entry_set/").status_code in (404, 503)
    missing = call("GET", "orders/34-999999/")
    assert missing.status_code == 404


def test_a_token_over_its_rate_limit_gets_429_with_retry_after(call, settings):
    settings.API_RATE_LIMIT = 2
    assert call("GET", f"vps/{VPS}/status/").status_code == 200
    assert call("GET", f"vps/{VPS}/status/").status_code == 200
    for _ in range(3):
        throttled = call("GET", f"vps/{VPS}/status/")
        assert throttled.status_code == 429
        assert 1 <= int(throttled["Retry-After"]) <= settings.API_RATE_WINDOW
        assert throttled.json()["detail"].startswith("Request was throttled.")
    # The refusal is audited once per window, not once per refused request.
    assert AuditEvent.objects.filter(action="api.call", detail__status=429).count() == 1


def test_the_rate_limit_counts_per_token(call, owner, make_token, settings):
    settings.API_RATE_LIMIT = 1
    _other, other = make_token(owner, Scopes(dns=DnsLimits()), name="second")
    assert call("GET", "dns/domain/").status_code == 200
    assert call("GET", "dns/domain/").status_code == 429
    assert call("GET", "dns/domain/", token=other).status_code == 200


def test_bodies_may_also_be_forms_as_fornex_takes_them(call, client, sandbox_api):
    added = call("POST", f"dns/domain/{DOMAIN}/entry_set/", raw="type=TXT&host=form&value=v1")
    assert added.status_code == 400  # a form body sent as JSON is no JSON
    token = call.token
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {token}"}
    path = f"{BASE}dns/domain/{DOMAIN}/entry_set/"
    added = client.post(path, {"type": "TXT", "host": "form", "value": "v1"}, **headers)
    assert added.status_code == 201, added.content
    changed = client.generic(
        "PUT",
        f"{path}{added.json()['id']}/",
        "type=TXT&host=form&value=v2&ttl=600",
        content_type="application/x-www-form-urlencoded",
        **headers,
    )
    assert changed.status_code == 200 and changed.json()["value"] == "v2"
    assert find(sandbox_records(sandbox_api), host="form")[0]["value"] == "v2"


def test_a_refused_token_is_rate_limited_too(call, owner, make_token, settings):
    from api.services import token_revoke

    settings.API_RATE_LIMIT = 2
    token, plain = make_token(owner, Scopes(read=True), name="old cron")
    token_revoke(actor=owner, token=token)
    statuses = [call("GET", "orders/", token=plain).status_code for _ in range(5)]
    assert statuses == [401, 401, 429, 429, 429]
    refusals = AuditEvent.objects.filter(action="api.call", target_id=str(token.pk))
    assert sorted(e.detail["status"] for e in refusals) == [401, 401, 429]
