"""The sandbox's v2 API over raw HTTP: authentication, DRF errors, pagination, the shapes, the
rules only v2 has, and the state it shares with the legacy API."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import DOMAIN, DS, FULL, NODNS, OTHER, VPS, VPS_OFF, get

VPS_SMALL = VPS_OFF  # staging: SSD Cloud 1GB, off


def v2(
    sandbox: Sandbox,
    method: str,
    path: str,
    key: str | None = FULL,
    *,
    params: dict | None = None,
    json: Any = None,
    **kwargs: Any,
) -> requests.Response:
    headers = {"Authorization": f"Api-Key {key}"} if key is not None else {}
    url = f"{sandbox.api_url}/{path.lstrip('/')}"
    return requests.request(
        method, url, headers=headers, params=params, json=json, timeout=5, **kwargs
    )


def ok(response: requests.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text)
    return response.json() if response.content else None


def drf(response: requests.Response, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


# Authentication and errors


def test_a_missing_key_is_401_with_detail(sandbox: Sandbox) -> None:
    body = drf(v2(sandbox, "GET", "orders/", key=None), 401)
    assert body == {"detail": "Authentication credentials were not provided."}


def test_an_unknown_key_is_401(sandbox: Sandbox) -> None:
    response = v2(sandbox, "GET", "vps/34-177054/status/", key="nope")
    assert drf(response, 401) == {"detail": "Invalid API key."}
    assert response.headers["WWW-Authenticate"] == "Api-Key"


def test_the_legacy_apikey_parameter_still_works_on_v2_paths(sandbox: Sandbox) -> None:
    response = v2(sandbox, "GET", f"vps/{VPS}/status/", key=None, params={"apikey": FULL})
    assert ok(response) == {"status": "on"}


def test_dns_without_the_grant_is_403_with_detail(sandbox: Sandbox) -> None:
    for method, path in [("GET", "dns/domain/"), ("POST", "dns/order/375-13/change_ns/")]:
        body = drf(v2(sandbox, method, path, key=NODNS), 403)
        assert body == {"detail": "You do not have permission to perform this action."}


def test_unknown_paths_objects_and_methods(sandbox: Sandbox) -> None:
    assert drf(v2(sandbox, "GET", "orders/34-999999/"), 404) == {"detail": "Not found."}
    assert drf(v2(sandbox, "GET", "vps/34-177054/log_details/1/"), 404)["detail"]
    response = v2(sandbox, "PUT", f"orders/{VPS}/cancel/")
    assert drf(response, 405) == {"detail": 'Method "PUT" not allowed.'}
    assert response.headers["Allow"] == "DELETE, POST"


def test_another_accounts_order_is_not_found(sandbox: Sandbox) -> None:
    drf(v2(sandbox, "GET", f"orders/{VPS}/", key=OTHER), 404)


def test_a_broken_json_body_is_400(sandbox: Sandbox) -> None:
    headers = {"Authorization": f"Api-Key {FULL}", "Content-Type": "application/json"}
    response = requests.post(f"{sandbox.api_url}/ssh_keys/", data=b"{", headers=headers, timeout=5)
    assert "JSON parse error" in drf(response, 400)["detail"]


def test_invalid_fields_answer_field_errors(sandbox: Sandbox) -> None:
    path = f"dns/domain/{DOMAIN}/entry_set/"
    body = drf(v2(sandbox, "POST", path, json={"type": "A", "host": "x", "value": "1.2.3"}), 400)
    assert list(body) == ["value"] and "IPv4" in body["value"][0]
    body = drf(v2(sandbox, "POST", path, json={"type": "A", "value": "1.2.3.4", "ttl": 5}), 400)
    assert list(body) == ["ttl"]


def test_a_rule_broken_answers_detail(sandbox: Sandbox) -> None:
    body = drf(v2(sandbox, "POST", f"vps/{VPS}/start/"), 400)
    assert body == {"detail": f"VPS {VPS} is already running"}


# Pagination


def test_lists_are_paginated_with_absolute_links(sandbox: Sandbox) -> None:
    first = ok(v2(sandbox, "GET", "orders/", params={"page_size": 5}))
    assert first["count"] == 14 and len(first["results"]) == 5 and first["previous"] is None
    assert first["next"] == f"{sandbox.api_url}/orders/?page_size=5&page=2"
    second = ok(
        requests.get(first["next"], headers={"Authorization": f"Api-Key {FULL}"}, timeout=5)
    )
    assert second["previous"] == f"{sandbox.api_url}/orders/?page_size=5"
    last = ok(v2(sandbox, "GET", "orders/", params={"page_size": 5, "page": 3}))
    assert len(last["results"]) == 4 and last["next"] is None
    ids = [o["id"] for page in (first, second, last) for o in page["results"]]
    assert len(set(ids)) == 14


def test_the_default_page_size_is_10_and_a_page_past_the_end_is_404(sandbox: Sandbox) -> None:
    assert len(ok(v2(sandbox, "GET", "orders/"))["results"]) == 10
    assert drf(v2(sandbox, "GET", "orders/", params={"page": 9}), 404) == {
        "detail": "Invalid page."
    }


def test_links_never_carry_the_key(sandbox: Sandbox) -> None:
    response = v2(sandbox, "GET", "orders/", key=None, params={"apikey": FULL, "page_size": 2})
    assert "apikey" not in ok(response)["next"]


# Shapes and shared state


def test_a_shared_path_answers_by_where_the_key_is(sandbox: Sandbox) -> None:
    legacy = get(sandbox, "ssh_keys/")
    current = ok(v2(sandbox, "GET", "ssh_keys/"))
    assert [k["id"] for k in legacy] == [k["id"] for k in current]
    assert "user" not in legacy[0] and current[0]["user"] == "northwind"
    assert get(sandbox, "plans/dedicated")[0]["location"] == "DE"
    assert ok(v2(sandbox, "GET", "plans/dedicated"))[0]["locations"] == [["DE", "Germany"]]


def test_the_plan_catalogues_need_no_key(sandbox: Sandbox) -> None:
    response = requests.get(f"{sandbox.api_url}/plans/vps", headers={"Authorization": "Api-Key "}, timeout=5)  # fmt: skip
    assert ok(response)[0]["disk_class"]["disk_type"] == "nvme"


def test_a_vps_stopped_through_v2_is_off_through_legacy(sandbox: Sandbox) -> None:
    entry = ok(v2(sandbox, "POST", f"vps/{VPS}/stop/"))
    assert (entry["job_action"], entry["completed"], entry["job_state"]) == ("stop", False, "ready")
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "stopping"}
    sandbox.advance(5)
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "off"}
    log = ok(v2(sandbox, "GET", f"vps/{VPS}/log_details/{entry['pk']}/"))
    assert (log["completed"], log["job_state"]) == (True, "done")
    legacy = get(sandbox, f"vps/log_details/{VPS}/", log_id=entry["pk"])
    assert legacy["completed"] is True


def test_a_record_added_through_v2_is_listed_through_legacy(sandbox: Sandbox) -> None:
    path = f"dns/domain/{DOMAIN}/entry_set/"
    added = ok(v2(sandbox, "POST", path, json={"host": DOMAIN, "type": "TXT", "value": "v2"}), 201)
    assert added["host"] == ""  # the domain itself is the apex
    legacy = get(sandbox, f"dns/v0.1/{DOMAIN}/entry_set.json")["entry_set"]
    assert any(r["id"] == added["id"] and r["value"] == "v2" for r in legacy)
    assert ok(v2(sandbox, "DELETE", f"{path}{added['id']}/"), 204) is None


def test_bodies_may_be_form_encoded_or_multipart(sandbox: Sandbox) -> None:
    path = f"dns/domain/{DOMAIN}/entry_set/"
    form = ok(v2(sandbox, "POST", path, data={"type": "A", "host": "f", "value": "192.0.2.7"}), 201)
    multipart = {"type": (None, "A"), "host": (None, "m"), "value": (None, "192.0.2.8")}
    parts = ok(v2(sandbox, "POST", path, files=multipart), 201)
    assert (form["host"], parts["host"]) == ("f", "m")


def test_the_domain_search_is_looser_than_the_legacy_one(sandbox: Sandbox) -> None:
    ip = get(sandbox, "orders/list")[0]["ipaddress_set"][0]
    partial = ip.rsplit(".", 1)[0]
    assert get(sandbox, "dns/v0.1/domain_list.json", q=partial) == []
    assert ok(v2(sandbox, "GET", "dns/domain/", params={"q": partial}))["count"] >= 1


def test_stats_answer_time_value_pairs(sandbox: Sandbox) -> None:
    params = {"start": "2025-03-10", "end": "2025-03-10"}
    body = ok(v2(sandbox, "GET", f"vps/{VPS}/stats/traffic/", params=params))
    incoming, outgoing = body["series"]
    assert (
        len(incoming["data"]) == 288 and incoming["data"][1][0] - incoming["data"][0][0] == 300000
    )
    assert outgoing["type"] == "areaspline" and body["subtitle"]
    recent = ok(v2(sandbox, "GET", f"vps/{VPS}/stats/cpu/"))  # the last hour by default
    assert 1 <= len(recent["series"][0]["data"]) <= 13
    assert drf(v2(sandbox, "GET", f"vps/{VPS}/stats/inodes/"), 400)["detail"]


def test_ds_traffic_used_is_in_whole_bytes(sandbox: Sandbox) -> None:
    used = ok(v2(sandbox, "GET", f"orders/ds/{DS}/traffic_used/"))
    assert isinstance(used["limit"], int) and isinstance(used["used"], int)


# What only v2 has


def test_rescue_mode_is_a_job_in_and_out(sandbox: Sandbox) -> None:
    entry = ok(v2(sandbox, "POST", f"vps/{VPS}/rescue_mode/"))
    assert entry["job_action"] == "rescue_mode"
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "restarting"}
    sandbox.advance(5)
    assert drf(v2(sandbox, "POST", f"vps/{VPS}/rescue_mode/"), 400)["detail"].endswith("already in rescue mode")  # fmt: skip
    assert (
        ok(v2(sandbox, "POST", f"vps/{VPS}/stop_rescue_mode/"))["job_action"] == "stop_rescue_mode"
    )
    sandbox.advance(5)
    assert "not in rescue mode" in drf(v2(sandbox, "POST", f"vps/{VPS}/stop_rescue_mode/"), 400)["detail"]  # fmt: skip


def test_reinstall_options_and_their_requirements(sandbox: Sandbox) -> None:
    templates = ok(v2(sandbox, "GET", f"vps/{VPS}/reinstall/templates/"))
    assert templates["count"] == 12 and templates["next"]
    windows = next(t for t in ok(v2(sandbox, "GET", f"vps/{VPS}/reinstall/templates/", params={"page": 2}))["results"] if t["name"].startswith("Windows"))  # fmt: skip
    body = drf(v2(sandbox, "POST", f"vps/{VPS_SMALL}/reinstall/reinstall/", json={"template": windows["id"]}), 400)  # fmt: skip
    assert "needs at least 4 GB of RAM" in body["template"][0]
    assert drf(v2(sandbox, "POST", f"vps/{VPS}/reinstall/reinstall/", json={"template": 41, "app": 301}), 400) == {"non_field_errors": ["Give exactly one of template, app or snapshot."]}  # fmt: skip
    assert "does not exist" in drf(v2(sandbox, "POST", f"vps/{VPS}/reinstall/reinstall/", json={"app": 9}), 400)["app"][0]  # fmt: skip


def test_a_reinstall_runs_as_a_job(sandbox: Sandbox) -> None:
    snapshot = ok(v2(sandbox, "GET", f"vps/{VPS}/reinstall/snapshots/"))["results"][0]
    started = ok(v2(sandbox, "POST", f"vps/{VPS}/reinstall/reinstall/", json={"snapshot": snapshot["id"]}))  # fmt: skip
    assert started["display_name"] == snapshot["name"] and started["status"] == "new"
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "reinstalling"}
    assert drf(v2(sandbox, "POST", f"vps/{VPS}/restart/"), 400)["detail"].startswith("Another task")
    sandbox.advance(5)
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "on"}


def test_snapshots_are_the_accounts_own(sandbox: Sandbox) -> None:
    mine = ok(v2(sandbox, "GET", f"vps/{VPS}/reinstall/snapshots/"))["results"][0]["id"]
    other_vps = "34-181500"
    body = drf(v2(sandbox, "POST", f"vps/{other_vps}/reinstall/reinstall/", OTHER, json={"snapshot": mine}), 400)  # fmt: skip
    assert "does not exist" in body["snapshot"][0]


def test_cancel_mark_set_listed_and_removed(sandbox: Sandbox) -> None:
    answer = ok(v2(sandbox, "POST", f"orders/{VPS}/cancel/", json={"when": "expired", "save_backup": False}))  # fmt: skip
    assert answer == {"status": "cancel_pending", "message": "Order will be canceled after expiration."}  # fmt: skip
    marked = ok(v2(sandbox, "GET", "orders/", params={"cancel_mark": "true"}))
    assert [o["id"] for o in marked["results"]] == [VPS]
    assert drf(v2(sandbox, "POST", f"orders/{VPS}/cancel/"), 400)["detail"].endswith("already has a cancel mark")  # fmt: skip
    assert ok(v2(sandbox, "DELETE", f"orders/{VPS}/cancel/"), 204) is None
    assert ok(v2(sandbox, "GET", f"orders/{VPS}/"))["cancel_mark"] is False
    assert drf(v2(sandbox, "DELETE", f"orders/{VPS}/cancel/"), 400)["detail"].endswith("has no cancel mark")  # fmt: skip


def test_instant_cancel_is_refused_unless_unpaid(sandbox: Sandbox) -> None:
    body = drf(v2(sandbox, "POST", f"orders/{VPS}/cancel/", json={"when": "now"}), 400)
    assert body == {"when": ["Instant order cancelation is not yet supported."]}
    unpaid = ok(v2(sandbox, "POST", "orders/401-2286/cancel/", json={"when": "now"}))
    assert unpaid["status"] == "canceled"
    assert next(o for o in get(sandbox, "orders/list") if o["id"] == "401-2286")["status"] == "canceled"  # fmt: skip


def test_tickets_are_created_and_kept(sandbox: Sandbox) -> None:
    ticket = ok(v2(sandbox, "POST", "tickets/ticket/", json={"subject": "Help", "message": "Disk full", "order": VPS}), 201)  # fmt: skip
    assert (ticket["status"], ticket["priority"], ticket["order"]) == ("new", 1, VPS)
    assert ticket["url"].endswith(f"/{ticket['id']}/")
    kept = requests.get(f"{sandbox.url}/_sandbox/tickets", timeout=5).json()
    assert kept[FULL] == [ticket] and kept[OTHER] == []
    assert drf(v2(sandbox, "POST", "tickets/ticket/", json={"message": "x"}), 400) == {"subject": ["This field is required."]}  # fmt: skip
    assert list(drf(v2(sandbox, "POST", "tickets/ticket/", json={"subject": "s", "message": "m", "order": "34-1"}), 400)) == ["order"]  # fmt: skip


def test_ip_addresses_follow_the_orders(sandbox: Sandbox) -> None:
    addresses = ok(v2(sandbox, "GET", "network/ip-address/"))
    orders = get(sandbox, "orders/list")
    assert [a["ip"] for a in addresses] == [ip for o in orders for ip in o["ipaddress_set"]]
    assert addresses[0]["order"]["unique_number"] == orders[0]["id"]
    v6 = ok(v2(sandbox, "GET", "network/ip-address/", params={"type": "ipv6"}))
    assert v6 and all(":" in a["ip"] for a in v6)


# Faults and counters


@pytest.mark.parametrize("status", [500, 503])
def test_faults_apply_to_v2_paths(sandbox: Sandbox, status: int) -> None:
    sandbox.fault(path=r"/stop/$", method="POST", status=status, times=1)
    assert v2(sandbox, "POST", f"vps/{VPS}/stop/").status_code == status
    assert sandbox.count("POST", f"/api/vps/{VPS}/stop/") == 1
    assert ok(v2(sandbox, "GET", f"vps/{VPS}/status/")) == {"status": "on"}  # nothing changed


def test_malformed_and_latency_faults_apply_too(sandbox: Sandbox) -> None:
    sandbox.fault(path=r"^/api/orders/$", malformed=True, times=1)
    response = v2(sandbox, "GET", "orders/")
    assert response.status_code == 200
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()
