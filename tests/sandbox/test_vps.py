"""VPS power jobs, job logs, password resets, statistics and dedicated-server traffic."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

import pytest

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import DS, VPN, VPS, VPS_OFF, call, error, get, post

MOSCOW = timezone(timedelta(hours=3))


def status(sandbox: Sandbox, order_id: str = VPS) -> str:
    return get(sandbox, f"vps/status/{order_id}/")["status"]


def last_job(sandbox: Sandbox, order_id: str) -> dict:
    # The password reset's resp_id is the newest pk; the job just before it is the power job.
    return get(sandbox, f"vps/log_details/{order_id}/", log_id=newest_pk(sandbox) - 1)


def newest_pk(sandbox: Sandbox) -> int:
    sandbox.advance(5)  # let any running job finish so the reset is accepted
    return get(sandbox, "vps/passwd_reset/34-177055/")["resp_id"]


def test_seeded_power_states_are_mostly_on_with_one_off(sandbox: Sandbox) -> None:
    vpses = [order["id"] for order in get(sandbox, "orders/list") if order["type"] == "vps"]
    states = {order_id: status(sandbox, order_id) for order_id in vpses}
    assert len(vpses) >= 6
    assert [order_id for order_id, state in states.items() if state == "off"] == [VPS_OFF]


def test_stop_runs_a_job_and_the_vps_is_off_once_it_completes(sandbox: Sandbox) -> None:
    assert post(sandbox, f"vps/stop/{VPS}/") == {"ok": "True"}
    assert status(sandbox) == "stopping"
    sandbox.advance(1.5)
    assert status(sandbox) == "off"
    assert sandbox.count("POST", f"/api/vps/stop/{VPS}/") == 1


@pytest.mark.parametrize(
    ("action", "order_id", "during", "after"),
    [
        ("start", VPS_OFF, "starting", "on"),
        ("restart", VPS, "restarting", "on"),
        ("hard_reset", VPS, "restarting", "on"),
        ("hard_reset", VPS_OFF, "restarting", "on"),
    ],
)
def test_power_actions(
    sandbox: Sandbox, action: str, order_id: str, during: str, after: str
) -> None:
    post(sandbox, f"vps/{action}/{order_id}/")
    assert status(sandbox, order_id) == during
    sandbox.advance(1.5)
    assert status(sandbox, order_id) == after


def test_a_job_is_logged_ready_then_done(sandbox: Sandbox) -> None:
    reset = get(sandbox, f"vps/passwd_reset/{VPS}/")
    assert isinstance(reset["passwd"], str) and len(reset["passwd"]) >= 12
    entry = get(sandbox, f"vps/log_details/{VPS}/", log_id=reset["resp_id"])
    assert entry["pk"] == reset["resp_id"]
    assert (entry["job_action"], entry["job_state"], entry["completed"]) == (
        "set_root_passwd",
        "ready",
        False,
    )
    assert entry["user"] == "northwind"
    sandbox.advance(1.5)
    entry = get(sandbox, f"vps/log_details/{VPS}/", log_id=reset["resp_id"])
    assert (entry["job_state"], entry["completed"]) == ("done", True)
    assert status(sandbox) == "on"  # a password reset leaves the power alone


def test_job_ids_increase(sandbox: Sandbox) -> None:
    first = get(sandbox, f"vps/passwd_reset/{VPS}/")["resp_id"]
    second = get(sandbox, f"vps/passwd_reset/{VPS_OFF}/")["resp_id"]
    assert second > first


def test_power_jobs_are_logged_with_their_action(sandbox: Sandbox) -> None:
    post(sandbox, f"vps/stop/{VPS}/")
    entry = last_job(sandbox, VPS)
    assert (entry["action"], entry["job_action"], entry["completed"]) == ("Stop VPS", "stop", True)


@pytest.mark.parametrize(
    ("action", "order_id"), [("start", VPS), ("stop", VPS_OFF), ("restart", VPS_OFF)]
)
def test_a_power_action_that_makes_no_sense_is_refused(
    sandbox: Sandbox, action: str, order_id: str
) -> None:
    error(call(sandbox, "POST", f"vps/{action}/{order_id}/"), 400)
    assert sandbox.count("POST", f"vps/{action}/{order_id}/") == 1


def test_one_job_at_a_time_per_vps(sandbox: Sandbox) -> None:
    post(sandbox, f"vps/stop/{VPS}/")
    assert "already running" in error(call(sandbox, "POST", f"vps/start/{VPS}/"), 400)
    error(call(sandbox, "GET", f"vps/passwd_reset/{VPS}/"), 400)
    sandbox.advance(1.5)
    post(sandbox, f"vps/start/{VPS}/")


@pytest.mark.parametrize("order_id", [DS, VPN, "375-13"])
def test_power_and_password_on_another_kind_of_order_is_refused(
    sandbox: Sandbox, order_id: str
) -> None:
    error(call(sandbox, "POST", f"vps/stop/{order_id}/"), 400)
    error(call(sandbox, "GET", f"vps/passwd_reset/{order_id}/"), 400)
    error(call(sandbox, "GET", f"vps/status/{order_id}/"), 400)


def test_log_details_checks_its_log_id(sandbox: Sandbox) -> None:
    pk = get(sandbox, f"vps/passwd_reset/{VPS}/")["resp_id"]
    error(call(sandbox, "GET", f"vps/log_details/{VPS}/"), 400)
    error(call(sandbox, "GET", f"vps/log_details/{VPS}/", log_id="abc"), 400)
    error(call(sandbox, "GET", f"vps/log_details/{VPS}/", log_id=pk + 1000), 404)
    # A job of another VPS is not this VPS's job.
    error(call(sandbox, "GET", f"vps/log_details/{VPS_OFF}/", log_id=pk), 404)


# Statistics ----------------------------------------------------------------------------------


def stat(sandbox: Sandbox, field: str, start: date, end: date) -> dict:
    return get(sandbox, f"vps_stat/{VPS}/{field}/{start}--{end}.json")


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("cpu", ["CPU"]),
        ("memory", ["Used", "Cached"]),
        ("traffic", ["Incoming", "Outgoing"]),
        ("disk", ["Read", "Write"]),
        ("inodes", ["Used"]),
        ("io", ["Read", "Write"]),
    ],
)
def test_each_field_has_its_series(sandbox: Sandbox, field: str, names: list[str]) -> None:
    body = stat(sandbox, field, date(2015, 11, 16), date(2015, 11, 17))
    assert [series["name"] for series in body["series"]] == names
    assert (
        body["subtitle"] == "November 16, 2015, 00:00 - November 18, 2015, 00:00 (Europe / Moscow)"
    )


@pytest.mark.parametrize(
    ("days", "interval"), [(1, 300), (2, 300), (3, 1800), (8, 1800), (30, 7200), (366, 7200)]
)
def test_points_agree_with_their_interval(sandbox: Sandbox, days: int, interval: int) -> None:
    start = date(2020, 1, 1)
    body = stat(sandbox, "traffic", start, start + timedelta(days=days - 1))
    for series in body["series"]:
        count = len(series["data"])
        assert series["pointInterval"] == interval * 1000
        # The end day is included: the points cover whole days.
        assert count == days * 86400 // interval
        assert series["pointEnd"] == series["pointStart"] + (count - 1) * series["pointInterval"]
        assert all(isinstance(value, float) and value >= 0 for value in series["data"])
    assert body["series"][0]["pointStart"] == 1577826000000  # 2020-01-01 00:00 Moscow time


def test_statistics_are_stable_and_stop_at_now(sandbox: Sandbox) -> None:
    today = datetime.now(MOSCOW).date()  # the sandbox's dates are Moscow dates
    first = stat(sandbox, "cpu", today - timedelta(days=1), today)
    again = stat(sandbox, "cpu", today - timedelta(days=1), today)
    assert first["series"][0]["data"][:100] == again["series"][0]["data"][:100]
    assert first["series"][0]["pointEnd"] <= time.time() * 1000  # no points in the future
    assert len(first["series"][0]["data"]) > 288  # but yesterday is all there


@pytest.mark.parametrize(
    "tail",
    [
        "nope/2020-01-01--2020-01-02.json",
        "cpu/2020-01-02--2020-01-01.json",
        "cpu/2020-01-01--2021-01-02.json",
        "cpu/2020-13-01--2020-12-02.json",
        "cpu/20200101--20200102.json",
        "cpu/yesterday--today.json",
    ],
)
def test_statistics_refuse_a_bad_field_or_range(sandbox: Sandbox, tail: str) -> None:
    error(call(sandbox, "GET", f"vps_stat/{VPS}/{tail}"), 400)


def test_a_whole_leap_year_is_allowed(sandbox: Sandbox) -> None:
    body = stat(sandbox, "io", date(2020, 1, 1), date(2020, 12, 31))
    assert len(body["series"][0]["data"]) == 366 * 12


# Dedicated servers and VPN -------------------------------------------------------------------


@pytest.mark.parametrize(("period", "days"), [(None, 30), ("month", 30), ("year", 365)])
def test_dedicated_traffic_by_day(sandbox: Sandbox, period: str | None, days: int) -> None:
    params = {"period": period} if period else {}
    body = get(sandbox, f"ds/{DS}/traffic.json", **params)
    assert body["period"] == (period or "month")
    assert body["order"] == "34-1234 DS XeonSAS (storage-1.northwind.io)"
    assert len(body["data"]) == days
    dates = [day for day, _ in body["data"]]
    assert dates == sorted(dates) and len(set(dates)) == days
    assert all(values["input"] > 0 and values["output"] > 0 for _, values in body["data"])


def test_dedicated_traffic_per_port(sandbox: Sandbox) -> None:
    port0 = get(sandbox, f"ds/{DS}/traffic.json", port=0)["data"]
    port1 = get(sandbox, f"ds/{DS}/traffic.json", port=1)["data"]
    assert port0 != port1
    error(call(sandbox, "GET", f"ds/{DS}/traffic.json", port=2), 400)
    error(call(sandbox, "GET", f"ds/{DS}/traffic.json", period="week"), 400)
    error(call(sandbox, "GET", f"ds/{VPS}/traffic.json"), 400)


def test_traffic_used_is_consistent(sandbox: Sandbox) -> None:
    body = get(sandbox, f"ds/{DS}/traffic_used.json")
    assert body["used_rate"] == pytest.approx(body["used"] / body["limit"])
    assert 0 < body["used_rate"] < 1
    start, end = date.fromisoformat(body["range_start"]), date.fromisoformat(body["range_end"])
    assert 28 <= (end - start).days <= 31
    # The month's use is the sum of the public port's daily traffic over the same days.
    daily = get(sandbox, f"ds/{DS}/traffic.json", period="year")["data"]
    in_range = [v for day, v in daily if start <= date.fromisoformat(day) <= end]
    assert body["used"] == pytest.approx(sum(v["input"] + v["output"] for v in in_range))


@pytest.mark.parametrize("proto", ["udp", "tcp"])
def test_vpn_config_is_an_openvpn_profile(sandbox: Sandbox, proto: str) -> None:
    response = call(sandbox, "GET", f"vpn/{VPN}/config-{proto}.ovpn")
    assert response.headers["Content-Type"].startswith("text/plain")
    vpn_ip = next(o for o in get(sandbox, "orders/list") if o["id"] == VPN)["ipaddress_set"][0]
    assert f"remote {vpn_ip} 443 {proto}" in response.text
    assert response.text.startswith("client\ndev tun\n<connection>")


def test_vpn_config_refuses_another_protocol_or_order(sandbox: Sandbox) -> None:
    error(call(sandbox, "GET", f"vpn/{VPN}/config-icmp.ovpn"), 400)
    error(call(sandbox, "GET", f"vpn/{VPS}/config-udp.ovpn"), 400)
