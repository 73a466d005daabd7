"""The sandbox's pieces without HTTP: validation, zone files, series, jobs on a controlled clock."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest

from fornexpanel.sandbox import state, stats
from fornexpanel.sandbox.faults import Faults, FaultSpecError
from fornexpanel.sandbox.models import MSK, Clock, Domain, Record, format_long_date
from fornexpanel.sandbox.seed import FULL_KEY, SeedConfig, build_world
from fornexpanel.sandbox.validation import (
    ApiError,
    parse_host,
    parse_record,
    parse_ssh_public_key,
    parse_ttl,
)
from fornexpanel.sandbox.zonefile import txt_rdata, zone_file

ANCHOR = datetime(2024, 5, 1, 12, tzinfo=MSK)


class FakeTime:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("raw", "host"),
    [("@", ""), ("", ""), (None, ""), ("*", "*"), ("WWW", "www"), ("*.dev", "*.dev")],
)
def test_hosts(raw: str | None, host: str) -> None:
    assert parse_host(raw) == host


@pytest.mark.parametrize("raw", ["a.*", "-a", "a-", "a..b", "a b", "x" * 64, "é"])
def test_bad_hosts(raw: str) -> None:
    with pytest.raises(ApiError):
        parse_host(raw)


def test_ttl_is_optional_but_from_the_documented_set() -> None:
    assert parse_ttl(None) is None and parse_ttl("") is None and parse_ttl("600") == 600
    with pytest.raises(ApiError, match="120, 300"):
        parse_ttl("601")


def test_records_are_normalised() -> None:
    caa = parse_record({"host": "@", "type": "caa", "value": "0 ISSUE letsencrypt.org"})
    assert caa == {
        "host": "",
        "type": "CAA",
        "value": '0 issue "letsencrypt.org"',
        "ttl": None,
        "prio": None,
    }
    mx = parse_record({"type": "MX", "value": "Mail.Example.com.", "prio": "5"})
    assert (mx["value"], mx["prio"]) == ("mail.example.com", 5)
    # prio means nothing for an A record; the documented example sends one anyway.
    assert parse_record({"type": "A", "value": "1.2.3.4", "prio": "5"})["prio"] is None


def test_ssh_keys_must_name_their_own_type() -> None:
    ed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4 a b"
    assert parse_ssh_public_key(f"  {ed}\n") == (ed, "a b")
    with pytest.raises(ApiError):
        parse_ssh_public_key(ed.replace("ssh-ed25519", "ssh-rsa", 1))


def test_txt_rdata_escapes_and_splits_by_bytes() -> None:
    assert txt_rdata('a"b\\c') == '"a\\"b\\\\c"'
    assert txt_rdata("é") == '"\\195\\169"'
    # 254 ASCII bytes then a two-byte character: the character moves whole to the next string.
    assert txt_rdata("a" * 254 + "é") == f'"{"a" * 254}" "\\195\\169"'


def test_zone_file_writes_the_default_ttl_and_relative_names() -> None:
    domain = Domain("example.com", ANCHOR, ANCHOR, [])
    domain.records[1] = Record(1, "", "CNAME", None, None, "target")  # not valid DNS, just format
    domain.records[2] = Record(2, "www", "MX", 600, 10, "mail.example.com")
    text = zone_file(domain)
    assert "2024050148 ; serial" in text
    assert "\n@                        3600   IN CNAME  target\n" in text
    assert "\nwww                      600    IN MX     10 mail.example.com.\n" in text


def test_series_points_follow_the_range() -> None:
    now = datetime(2030, 1, 1, tzinfo=MSK)
    body = stats.vps_series(1, "34-1", "cpu", "2024-01-01", "2024-01-30", now)
    (series,) = body["series"]
    assert series["pointInterval"] == 7_200_000 and len(series["data"]) == 30 * 12
    assert all(0.0 <= value <= 100.0 for value in series["data"])
    # A sub-range gives the same values at the same instants.
    day = stats.vps_series(1, "34-1", "cpu", "2024-01-02", "2024-01-31", now)["series"][0]["data"]
    assert day[:20] == series["data"][12:32]


def test_series_stop_at_now() -> None:
    now = datetime(2024, 1, 1, 1, 2, tzinfo=MSK)
    body = stats.vps_series(1, "34-1", "traffic", "2024-01-01", "2024-01-01", now)
    assert [len(s["data"]) for s in body["series"]] == [13, 13]  # 00:00 to 01:00 every 5 min
    assert body["subtitle"] == "January 1, 2024, 00:00 - January 1, 2024, 01:02 (Europe / Moscow)"


def test_month_before_clamps_to_the_shorter_month() -> None:
    used = stats.ds_traffic_used(
        1,
        build_world(SeedConfig(), Clock(), 1, ANCHOR).accounts[FULL_KEY].orders["34-1234"],
        date(2024, 3, 31),
    )
    assert used["range_start"] == "2024-02-29"


def test_jobs_complete_lazily_on_the_clock() -> None:
    fake = FakeTime()
    world = build_world(
        SeedConfig(), Clock(monotonic=fake, wall=lambda: ANCHOR.timestamp()), 3.0, ANCHOR
    )
    account = world.accounts[FULL_KEY]
    job = state.vps_power(world, account, "34-177054", "stop")
    assert state.vps_status(world, account, "34-177054") == "stopping"
    fake.now += 2.9
    assert not state.job_done(world, job)
    fake.now += 0.1
    assert state.job_done(world, job)
    assert state.vps_status(world, account, "34-177054") == "off"
    world.clock.advance(100)  # the control endpoint's way of moving time
    job = state.vps_power(world, account, "34-177054", "start")
    world.clock.advance(3)
    assert state.vps_status(world, account, "34-177054") == "on"


def test_change_ns_stores_the_names() -> None:
    world = build_world(SeedConfig(), Clock(), 1, ANCHOR)
    account = world.accounts[FULL_KEY]
    state.change_ns(account, "375-13", " NS1.Company.com ,ns2.company.com. ")
    assert account.orders["375-13"].nameservers == ["ns1.company.com", "ns2.company.com"]


def test_long_dates_do_not_depend_on_the_locale() -> None:
    assert format_long_date(date(2017, 12, 19)) == "December 19, 2017"


def test_faults_use_up_their_times() -> None:
    faults = Faults()
    faults.add({"path": "^/api/x$", "status": 500, "times": 1})
    faults.add({"path": "x", "latency": 0.5})
    effect = faults.take("GET", "/api/x")
    assert effect is not None and (effect.status, effect.latency) == (500, 0.5)
    assert [f["path"] for f in faults.listing()] == ["x"]
    with pytest.raises(FaultSpecError):
        faults.add({"method": "GET"})  # a fault that does nothing


def test_waking_sleepers_ends_a_hang_at_once() -> None:
    faults = Faults()
    woken: list[bool] = []
    sleeper = threading.Thread(target=lambda: woken.append(faults.sleep(30)))
    sleeper.start()
    time.sleep(0.05)
    faults.wake_sleepers()
    sleeper.join(timeout=2)
    assert woken == [True]
    assert faults.sleep(0.01) is False  # later sleeps are not woken by the old wake-up
