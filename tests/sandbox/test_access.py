"""Keys, rights, accounts kept apart, and the 404/405/403 answers."""

from __future__ import annotations

import pytest
import requests

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import (
    DOMAIN,
    DOMAIN_ORDER,
    FULL,
    NODNS,
    OTHER,
    VPS,
    call,
    error,
    get,
    post,
)
from tests.sandbox.test_operations import OPERATIONS

ACCESS_DENIED = "Access denied: API_KEY is not specified or invalid"
NO_DNS = (
    "Insufficient permissions. To use this method, please contact technical support and request "
    "sufficient rights to edit the DNS."
)


@pytest.mark.parametrize("name", list(OPERATIONS))
@pytest.mark.parametrize("api_key", [None, "", "not-a-sandbox-key"])
def test_every_operation_requires_a_known_key(sandbox: Sandbox, name: str, api_key: str) -> None:
    method, path, _, _ = OPERATIONS[name]
    path = path.replace("{record}", "366101")
    assert error(call(sandbox, method, path, api_key), 403) == ACCESS_DENIED


def test_it_never_echoes_the_key(sandbox: Sandbox) -> None:
    response = call(sandbox, "GET", "account/balance", "sandbox-full-typo")
    assert "sandbox-full-typo" not in response.text


def test_it_takes_the_key_from_the_query_string_on_post_too(sandbox: Sandbox) -> None:
    url = f"{sandbox.api_url}/tickets/webhook_set/?apikey={FULL}"
    response = requests.post(url, data={"url": ""}, timeout=5)
    assert response.json() == {"ok": True}


def test_a_get_ignores_a_key_in_the_body(sandbox: Sandbox) -> None:
    response = requests.get(f"{sandbox.api_url}/account/info", data={"apikey": FULL}, timeout=5)
    assert error(response, 403) == ACCESS_DENIED


@pytest.mark.parametrize(
    "name", [name for name in OPERATIONS if name.startswith(("dns_", "change_ns"))]
)
def test_the_nodns_key_is_refused_every_dns_operation(sandbox: Sandbox, name: str) -> None:
    method, path, params, _ = OPERATIONS[name]
    path = path.replace("{record}", "366101")
    params = {} if callable(params) else params
    assert error(call(sandbox, method, path, NODNS, **params), 403) == NO_DNS


def test_the_nodns_key_sees_the_same_kind_of_account_with_its_own_state(sandbox: Sandbox) -> None:
    assert get(sandbox, "orders/list", NODNS) == get(sandbox, "orders/list", FULL)
    post(sandbox, f"vps/stop/{VPS}/", NODNS)
    sandbox.advance(5)
    assert get(sandbox, f"vps/status/{VPS}/", NODNS) == {"status": "off"}
    assert get(sandbox, f"vps/status/{VPS}/", FULL) == {"status": "on"}


def test_the_other_key_sees_another_account(sandbox: Sandbox) -> None:
    assert get(sandbox, "account/info", OTHER) != get(sandbox, "account/info", FULL)
    assert get(sandbox, "account/balance", OTHER) != get(sandbox, "account/balance", FULL)
    other_orders = {order["id"] for order in get(sandbox, "orders/list", OTHER)}
    full_orders = {order["id"] for order in get(sandbox, "orders/list", FULL)}
    assert other_orders and not other_orders & full_orders
    other_domains = {d["name"] for d in get(sandbox, "dns/v0.1/domain_list.json", OTHER)}
    assert other_domains and DOMAIN not in other_domains
    other_keys = {key["key"] for key in get(sandbox, "ssh_keys/", OTHER)}
    assert not other_keys & {key["key"] for key in get(sandbox, "ssh_keys/", FULL)}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"vps/status/{VPS}/"),
        ("POST", f"vps/stop/{VPS}/"),
        ("GET", f"ssh_keys/{VPS}/"),
        ("GET", f"dns/v0.1/{DOMAIN}/entry_set.json"),
        ("GET", f"dns/v0.1/{DOMAIN}/zone_file/"),
        ("POST", f"dns/v0.1/{DOMAIN}/delete_domain/"),
        ("POST", f"change_ns/{DOMAIN_ORDER}/"),
    ],
)
def test_another_accounts_order_or_domain_is_not_found(
    sandbox: Sandbox, method: str, path: str
) -> None:
    assert error(call(sandbox, method, path, OTHER, nss="ns1.a.com,ns2.a.com"), 404) == "Not found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "vps/status/34-999999/"),
        ("GET", "vps/log_details/34-999999/"),
        ("GET", "dns/v0.1/nowhere.example/entry_set.json"),
        ("POST", f"dns/v0.1/{DOMAIN}/entry_set/1/delete/"),
        ("POST", f"dns/v0.1/{DOMAIN}/entry_set/1/"),
        ("GET", "ds/34-9999/traffic.json"),
        ("GET", "vpn/301-1/config-udp.ovpn"),
    ],
)
def test_unknown_ids_are_not_found(sandbox: Sandbox, method: str, path: str) -> None:
    params = {"host": "x", "type": "A", "value": "192.0.2.1", "log_id": "1"}
    assert error(call(sandbox, method, path, **params), 404) == "Not found"


@pytest.mark.parametrize(
    "path", ["account/balances", "orders/list/", "vps/status/not-an-order/", "", "plans/vps/extra"]
)
def test_an_unknown_path_is_not_found(sandbox: Sandbox, path: str) -> None:
    error(call(sandbox, "GET", path), 404)


def test_a_path_outside_the_api_is_not_found(sandbox: Sandbox) -> None:
    assert requests.get(f"{sandbox.url}/", timeout=5).status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "account/balance", "GET"),
        ("GET", f"vps/stop/{VPS}/", "POST"),
        ("DELETE", "ssh_keys/", "GET"),
        ("GET", "ssh_keys/add/", "POST"),
        ("POST", "vps/passwd_reset/34-177054/", "GET"),
    ],
)
def test_a_wrong_method_is_not_allowed(
    sandbox: Sandbox, method: str, path: str, allow: str
) -> None:
    response = call(sandbox, method, path)
    error(response, 405)
    assert response.headers["Allow"] == allow
