"""The sandbox answers URL forms as Fornex's Django server does: a GET without the trailing slash
is redirected to the slashed path (APPEND_SLASH), and a DNS record's host is taken relative to
its zone however it is written."""

from __future__ import annotations

import pytest
import requests

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import DOMAIN, FULL, VPS, call, error, get
from tests.sandbox.test_v2_api import ok, v2

ENTRIES = f"dns/domain/{DOMAIN}/entry_set/"


def _raw_get(sandbox: Sandbox, path: str, **kwargs) -> requests.Response:
    return requests.get(
        f"{sandbox.api_url}/{path}",
        headers={"Authorization": f"Api-Key {FULL}"},
        allow_redirects=False,
        timeout=5,
        **kwargs,
    )


@pytest.mark.parametrize(
    "path", ["orders", f"vps/{VPS}/status", "dns/domain", f"dns/domain/{DOMAIN}/entry_set"]
)
def test_a_get_without_the_trailing_slash_is_redirected_to_it(sandbox: Sandbox, path) -> None:
    response = _raw_get(sandbox, path)
    assert response.status_code == 301
    assert response.headers["Location"] == f"/api/{path}/"


def test_the_redirect_keeps_the_query_and_the_client_lands_on_the_list(sandbox: Sandbox) -> None:
    response = _raw_get(sandbox, "orders", params={"page_size": "2", "page": "2"})
    assert response.status_code == 301
    assert response.headers["Location"] == "/api/orders/?page_size=2&page=2"
    followed = v2(sandbox, "GET", "orders", params={"page_size": "2"})
    assert followed.history and followed.history[0].status_code == 301
    assert len(ok(followed)["results"]) == 2


def test_paths_that_exist_without_a_slash_are_answered_not_redirected(sandbox: Sandbox) -> None:
    assert _raw_get(sandbox, "account/balance").status_code == 200
    assert get(sandbox, "account/balance")["currency"]  # the legacy path too


def test_unknown_paths_and_writes_are_not_redirected(sandbox: Sandbox) -> None:
    assert _raw_get(sandbox, "no/such/thing").status_code == 404
    response = requests.post(
        f"{sandbox.api_url}/ssh_keys",
        headers={"Authorization": f"Api-Key {FULL}"},
        json={"title": "x", "key": "y"},
        allow_redirects=False,
        timeout=5,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("www2", "www2"),
        ("@", ""),
        ("", ""),
        (DOMAIN, ""),
        (f"{DOMAIN}.", ""),
        (f"www2.{DOMAIN}", "www2"),
        (f"www2.{DOMAIN}.", "www2"),
        (f"WWW2.{DOMAIN.upper()}.", "www2"),
        (f"*.dev.{DOMAIN}", "*.dev"),
    ],
)
def test_a_record_host_is_stored_and_listed_relative_to_the_zone(
    sandbox: Sandbox, written: str, stored: str
) -> None:
    added = ok(v2(sandbox, "POST", ENTRIES, json={"host": written, "type": "TXT", "value": "t"}), 201)  # fmt: skip
    assert added["host"] == stored
    listed = ok(v2(sandbox, "GET", ENTRIES))
    assert any(r["id"] == added["id"] and r["host"] == stored for r in listed)


def test_an_edit_takes_the_fully_qualified_name_too(sandbox: Sandbox) -> None:
    added = ok(v2(sandbox, "POST", ENTRIES, json={"host": "a1", "type": "A", "value": "192.0.2.1"}), 201)  # fmt: skip
    body = {"host": f"b1.{DOMAIN}.", "type": "A", "value": "192.0.2.1"}
    assert ok(v2(sandbox, "PUT", f"{ENTRIES}{added['id']}/", json=body))["host"] == "b1"


def test_the_legacy_api_takes_the_fully_qualified_name_too(sandbox: Sandbox) -> None:
    response = call(
        sandbox,
        "POST",
        f"dns/v0.1/{DOMAIN}/entry_set/add/",
        host=f"legacy.{DOMAIN}.",
        type="A",
        value="192.0.2.9",  # fmt: skip
    )
    assert response.status_code == 200, response.text
    listed = get(sandbox, f"dns/v0.1/{DOMAIN}/entry_set.json")["entry_set"]
    assert any(r["host"] == "legacy" and r["value"] == "192.0.2.9" for r in listed)


def test_a_fully_qualified_name_outside_the_zone_is_refused(sandbox: Sandbox) -> None:
    response = v2(sandbox, "POST", ENTRIES, json={"host": "www.example.com.", "type": "A", "value": "192.0.2.1"})  # fmt: skip
    assert response.status_code == 400
    assert "not in the zone" in str(response.json())
    legacy = call(sandbox, "POST", f"dns/v0.1/{DOMAIN}/entry_set/add/", host="www.example.com.", type="A", value="192.0.2.1")  # fmt: skip
    assert "not in the zone" in error(legacy, 400)
