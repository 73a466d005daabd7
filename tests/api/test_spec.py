"""Every operation the endpoint offers, called over HTTP, and each answer validated against the
official spec's schema for its operation and status code, with the validator the sandbox's v2
tests use (tests/sandbox/v2_spec.py); the bodies sent are checked against the spec too."""

from __future__ import annotations

import pytest

from api.endpoint.routes import ROUTES
from api.scopes import Scopes
from tests.api.conftest import DOMAIN, VPS
from tests.sandbox.v2_spec import errors, operation_for, request_schema, response_schema

NEW_RECORD = {"host": "_acme-challenge", "type": "TXT", "value": "token-1", "ttl": None}
CHANGED = {"host": "_acme-challenge", "type": "TXT", "value": "token-2", "ttl": 300}


def check(response, sent=None) -> str:
    """The operationId behind the exchange, after validating it; fails on any mismatch."""
    path = response.request.path_url.split("?")[0].removeprefix("/fornex")
    found = operation_for(response.request.method, path)
    assert found, path
    operation_id, operation = found
    media, schema = response_schema(operation, response.status_code)
    if schema is None:
        assert response.content == b""
    else:
        assert response.headers["Content-Type"].split(";")[0] == media
        problems = errors(schema, response.json())
        assert not problems, (operation_id, problems)
    if sent is not None:
        problems = errors(request_schema(operation), sent)
        assert not problems, (operation_id, "request", problems)
    return operation_id


@pytest.mark.parametrize("dialect", ["legacy", "v2"], indirect=True)
def test_every_answer_matches_the_official_spec(api, owner, make_token, sandbox_api, dialect):
    _token, api.token = make_token(owner, Scopes(all=True))
    seen = set()

    def call(method, path, body=None, status=200):
        response = api(method, path, json=body)
        assert response.status_code == status, (method, path, response.text)
        seen.add(check(response, body))
        return response

    call("GET", "account/balance")
    domains = call("GET", "dns/domain/?page_size=2").json()
    assert domains["count"] == 4 and len(domains["results"]) == 2 and domains["next"]
    call("GET", "dns/domain/?q=northwind&tag=production")
    call("POST", "dns/domain/", {"name": "example-shop.com", "ip": "203.0.113.10"}, 201)
    call("DELETE", "dns/domain/example-shop.com/", status=204)
    call("GET", f"dns/domain/{DOMAIN}/entry_set/")
    call("GET", f"dns/domain/{DOMAIN}/entry_set/?type=MX")
    added = call("POST", f"dns/domain/{DOMAIN}/entry_set/", NEW_RECORD, 201).json()
    changed = call("PUT", f"dns/domain/{DOMAIN}/entry_set/{added['id']}/", CHANGED).json()
    assert (changed["value"], changed["ttl"]) == ("token-2", 300)
    call("DELETE", f"dns/domain/{DOMAIN}/entry_set/{added['id']}/", status=204)
    orders = call("GET", "orders/?page_size=100&ordering=expired").json()
    assert orders["count"] == len(orders["results"]) > 5
    call("GET", f"orders/{VPS}/")
    call("GET", f"vps/{VPS}/status/")
    job = call("POST", f"vps/{VPS}/restart/").json()
    call("GET", f"vps/{VPS}/log_details/{job['pk']}/")
    for action in ("stop", "start", "hard_reset"):
        call("POST", f"vps/{VPS}/{action}/")
    call("GET", "ssh_keys/")

    assert seen == {route.operation_id for route in ROUTES}
