"""Fault injection through /_sandbox/: latency, status, hang, malformed, times, matching, reset."""

from __future__ import annotations

import time

import pytest
import requests

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import VPS, call, get, post


def test_health_needs_no_key(sandbox: Sandbox) -> None:
    assert requests.get(f"{sandbox.url}/_sandbox/health", timeout=5).json() == {"ok": True}


def test_latency_delays_the_answer(sandbox: Sandbox) -> None:
    sandbox.fault(path=r"^/api/account/balance$", latency=0.3)
    started = time.monotonic()
    assert get(sandbox, "account/balance")["currency"] == "EUR"
    assert time.monotonic() - started >= 0.3


def test_status_answers_that_status_without_reaching_the_api(sandbox: Sandbox) -> None:
    sandbox.fault(path="vps/stop", status=503)
    response = call(sandbox, "POST", f"vps/stop/{VPS}/")
    assert response.status_code == 503
    assert sandbox.count("POST", f"/api/vps/stop/{VPS}/") == 1  # it reached the sandbox...
    sandbox.clear_faults()
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "on"}  # ...but changed nothing


def test_hang_outlasts_a_client_timeout(sandbox: Sandbox) -> None:
    sandbox.fault(path="orders/list", hang=True)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        call(sandbox, "GET", "orders/list", timeout=0.3)
    assert time.monotonic() - started < 2
    # Other paths still answer while one request hangs.
    assert get(sandbox, "account/info")["name"]


def test_reset_ends_a_hang_early(sandbox: Sandbox) -> None:
    sandbox.fault(path="orders/list", hang=True)
    with pytest.raises(requests.exceptions.ReadTimeout):
        call(sandbox, "GET", "orders/list", timeout=0.2)
    sandbox.reset()
    assert get(sandbox, "orders/list")


def test_malformed_answers_200_with_a_body_that_is_not_json(sandbox: Sandbox) -> None:
    sandbox.fault(path="account/info", malformed=True)
    response = call(sandbox, "GET", "account/info")
    assert response.status_code == 200
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()


def test_truncate_cuts_the_real_answer_with_a_matching_length(sandbox: Sandbox) -> None:
    whole = call(sandbox, "GET", "account/info").content
    sandbox.fault(path="account/info", truncate=0.5, times=1)
    response = call(sandbox, "GET", "account/info")
    assert response.status_code == 200
    assert response.content == whole[: len(whole) // 2]
    assert response.headers["Content-Length"] == str(len(whole) // 2)


@pytest.mark.parametrize("value", [0, 1, 1.5, -0.2, True])
def test_truncate_is_a_fraction_between_0_and_1(sandbox: Sandbox, value: object) -> None:
    with pytest.raises(requests.HTTPError):
        sandbox.fault(path="account/info", truncate=value)


def test_times_limits_a_fault_to_the_next_requests(sandbox: Sandbox) -> None:
    sandbox.fault(path="account/balance", status=502, times=2)
    statuses = [call(sandbox, "GET", "account/balance").status_code for _ in range(3)]
    assert statuses == [502, 502, 200]
    assert sandbox.faults() == []


def test_a_fault_matches_its_method_only(sandbox: Sandbox) -> None:
    sandbox.fault(path="tickets/webhook", method="POST", status=500)
    assert call(sandbox, "GET", "tickets/webhook_info/").status_code == 200
    assert call(sandbox, "POST", "tickets/webhook_set/", url="").status_code == 500


def test_a_fault_matches_its_path_only(sandbox: Sandbox) -> None:
    sandbox.fault(path=r"^/api/plans/vps$", status=500)
    assert call(sandbox, "GET", "plans/vps").status_code == 500
    assert call(sandbox, "GET", "plans/vpn").status_code == 200


def test_several_faults_can_be_active(sandbox: Sandbox) -> None:
    first = sandbox.fault(path="plans/vps", status=500)
    second = sandbox.fault(path="plans/vpn", status=429)
    assert first != second
    assert call(sandbox, "GET", "plans/vps").status_code == 500
    assert call(sandbox, "GET", "plans/vpn").status_code == 429
    assert [fault["id"] for fault in sandbox.faults()] == [first, second]


def test_clear_faults_and_reset_remove_them(sandbox: Sandbox) -> None:
    sandbox.fault(status=500)
    assert call(sandbox, "GET", "plans/vps").status_code == 500
    sandbox.clear_faults()
    assert call(sandbox, "GET", "plans/vps").status_code == 200
    sandbox.fault(status=500)
    sandbox.reset()
    assert call(sandbox, "GET", "plans/vps").status_code == 200


def test_control_endpoints_are_never_faulted(sandbox: Sandbox) -> None:
    sandbox.fault(path="", status=503)
    assert sandbox.requests() == {}
    sandbox.clear_faults()


def test_request_counters_by_method_and_path(sandbox: Sandbox) -> None:
    get(sandbox, "account/balance")
    get(sandbox, "account/balance")
    post(sandbox, f"vps/stop/{VPS}/")
    call(sandbox, "GET", "no/such/path")
    assert sandbox.requests() == {
        "GET /api/account/balance": 2,
        f"POST /api/vps/stop/{VPS}/": 1,
        "GET /api/no/such/path": 1,
    }
    assert sandbox.count("POST", f"vps/stop/{VPS}/") == 1
    assert sandbox.count("GET", "/api/account/balance?apikey=x") == 2
    sandbox.reset()
    assert sandbox.requests() == {}


def test_reset_restores_the_seeded_state(sandbox: Sandbox) -> None:
    before = get(sandbox, "dns/v0.1/domain_list.json")
    post(sandbox, "dns/v0.1/northwind.io/delete_domain/")
    post(sandbox, f"vps/stop/{VPS}/")
    sandbox.advance(10)
    sandbox.reset()
    assert get(sandbox, "dns/v0.1/domain_list.json") == before
    assert get(sandbox, f"vps/status/{VPS}/") == {"status": "on"}


@pytest.mark.parametrize(
    "spec",
    [
        {"path": "("},
        {"path": "x"},
        {"status": 99},
        {"status": "503"},
        {"latency": -1},
        {"hang": "yes"},
        {"status": 500, "times": 0},
        {"status": 500, "method": "FETCH"},
        {"status": 500, "colour": "red"},
        [],
    ],
)
def test_a_bad_fault_is_refused(sandbox: Sandbox, spec: object) -> None:
    response = requests.post(f"{sandbox.url}/_sandbox/faults", json=spec, timeout=5)
    assert response.status_code == 400 and response.json()["error"]


def test_clock_refuses_a_bad_advance(sandbox: Sandbox) -> None:
    for payload in ({}, {"advance": -1}, {"advance": "1"}):
        response = requests.post(f"{sandbox.url}/_sandbox/clock", json=payload, timeout=5)
        assert response.status_code == 400


def test_unknown_control_endpoint_and_method(sandbox: Sandbox) -> None:
    assert requests.get(f"{sandbox.url}/_sandbox/nothing", timeout=5).status_code == 404
    assert requests.get(f"{sandbox.url}/_sandbox/reset", timeout=5).status_code == 405


def test_reset_closes_the_connection_without_an_answer(sandbox: Sandbox) -> None:
    sandbox.fault(path="account/balance", reset=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        call(sandbox, "GET", "account/balance")


def test_truncated_sends_half_of_the_real_answer(sandbox: Sandbox) -> None:
    whole = call(sandbox, "GET", "orders/list").content
    sandbox.fault(path="orders/list", truncated=True)
    response = call(sandbox, "GET", "orders/list")
    assert response.status_code == 200 and response.content == whole[: len(whole) // 2]


def test_reshaped_sends_json_of_the_wrong_shape(sandbox: Sandbox) -> None:
    sandbox.fault(path="orders/list|account/balance", reshaped=True)
    assert isinstance(call(sandbox, "GET", "orders/list").json(), dict)
    assert isinstance(call(sandbox, "GET", "account/balance").json(), list)
