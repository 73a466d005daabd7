"""VPS power jobs, job log, password reset, status and statistics, through the client."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta

import pytest

from fornexpanel.fornex import (
    STAT_FIELDS,
    BadRequest,
    FornexClient,
    LogEntry,
    NotFound,
    PowerJob,
    VpsStatus,
)
from fornexpanel.sandbox.profiles import NORTHWIND
from tests.contract.helpers import (
    DS,
    MISSING_ORDER,
    MSK,
    OTHER_JOB,
    OTHER_VPS,
    SEEDED_JOBS,
    VPN,
    VPS,
    VPS_2,
    VPS_DB,
    VPS_MON,
    VPS_OFF,
    assert_key_absent,
    raises,
    sandbox_now,
)
from tests.plugins.sandbox import Sandbox

# job_action -> (action, note), as the job log spells them.
JOB_TEXT = {
    "start": ("Start VPS", "Starting server"),
    "stop": ("Stop VPS", "Stopping server"),
    "restart": ("Restart VPS", "Restarting server"),
    "hard_reset": ("Hard reset VPS", "Hard resetting server"),
    "set_root_passwd": ("Set root password", "Resetting root password"),
}
JOB_SECONDS = 1  # tests/plugins/sandbox.py starts the sandbox with --job-seconds 1


def next_log_id(client: FornexClient) -> int:
    """The pk the next job will get: one more than a password reset's resp_id on another VPS."""
    return client.vps_passwd_reset(VPS_MON).resp_id + 1


def assert_recent(entry: LogEntry) -> None:
    assert entry.time is not None and entry.time_raw == entry.time.strftime("%d.%m.%Y %H:%M")
    assert abs(sandbox_now() - entry.time) < timedelta(minutes=2)


# Status ----------------------------------------------------------------------------------------


def test_vps_status_of_every_seeded_vps(client: FornexClient) -> None:
    vpses = [spec for spec in NORTHWIND.orders if spec[1] == "vps"]
    assert len(vpses) == 7
    for spec in vpses:
        assert client.vps_status(spec[0]) == VpsStatus(spec[7])
    assert client.vps_status(VPS_OFF) == VpsStatus("off")


# Power actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "order_id", "before", "during", "after"),
    [
        ("stop", VPS, "on", "stopping", "off"),
        ("start", VPS_OFF, "off", "starting", "on"),
        ("restart", VPS, "on", "restarting", "on"),
        ("hard_reset", VPS, "on", "restarting", "on"),
        ("hard_reset", VPS_OFF, "off", "restarting", "on"),
    ],
)
def test_power_action_runs_a_job_then_settles(
    client: FornexClient,
    sandbox: Sandbox,
    action: str,
    order_id: str,
    before: str,
    during: str,
    after: str,
) -> None:
    assert client.vps_status(order_id).status == before
    log_id = next_log_id(client)

    assert getattr(client, f"vps_{action}")(order_id) == PowerJob(log_id=None)
    assert sandbox.count("POST", f"/api/vps/{action}/{order_id}/") == 1
    assert client.vps_status(order_id).status == during
    running = client.vps_log_details(order_id, log_id)
    text, note = JOB_TEXT[action]
    assert (running.pk, running.action, running.note, running.job_action) == (
        log_id,
        text,
        note,
        action,
    )
    assert (running.completed, running.job_state, running.user) == (False, "ready", "northwind")
    assert_recent(running)

    sandbox.advance(JOB_SECONDS + 0.5)
    assert client.vps_status(order_id) == VpsStatus(after)
    done = client.vps_log_details(order_id, log_id)
    assert (done.completed, done.job_state) == (True, "done")
    assert done.time == running.time and done.action == text


def test_vps_stop_then_start_round_trip(client: FornexClient, sandbox: Sandbox) -> None:
    client.vps_stop(VPS_2)
    sandbox.advance(2)
    assert client.vps_status(VPS_2).status == "off"
    client.vps_start(VPS_2)
    sandbox.advance(2)
    assert client.vps_status(VPS_2).status == "on"


@pytest.mark.parametrize(
    ("action", "order_id", "message"),
    [
        ("start", VPS, f"VPS {VPS} is already running"),
        ("stop", VPS_OFF, f"VPS {VPS_OFF} is stopped"),
        ("restart", VPS_OFF, f"VPS {VPS_OFF} is stopped"),
        ("stop", DS, f"Order {DS} is not a VPS"),
        ("hard_reset", VPN, f"Order {VPN} is not a VPS"),
    ],
)
def test_power_action_refused_is_bad_request_with_the_api_text(
    client: FornexClient, sandbox: Sandbox, action: str, order_id: str, message: str
) -> None:
    with raises(BadRequest) as caught:
        getattr(client, f"vps_{action}")(order_id)
    error = caught.value
    assert (error.message, error.status, error.operation) == (message, 400, f"vps_{action}")
    assert error.path == f"/vps/{action}/{order_id}/"
    assert_key_absent(error, "sandbox-full")
    assert sandbox.count("POST", f"/api/vps/{action}/{order_id}/") == 1  # never retried


def test_a_second_job_while_one_runs_is_bad_request(client: FornexClient, sandbox: Sandbox) -> None:
    client.vps_restart(VPS)
    busy = f"Another task is already running on VPS {VPS}; try again later"
    for call in (client.vps_hard_reset, client.vps_passwd_reset):
        with raises(BadRequest) as caught:
            call(VPS)
        assert caught.value.message == busy
    sandbox.advance(JOB_SECONDS + 0.5)
    client.vps_hard_reset(VPS)  # accepted once the first job is done


@pytest.mark.parametrize("action", ["stop", "start", "restart", "hard_reset"])
@pytest.mark.parametrize("order_id", [MISSING_ORDER, OTHER_VPS])
def test_power_action_on_an_unknown_order_is_not_found(
    client: FornexClient, action: str, order_id: str
) -> None:
    with raises(NotFound) as caught:
        getattr(client, f"vps_{action}")(order_id)
    assert (caught.value.status, caught.value.message) == (404, "Not found")


# Password reset ----------------------------------------------------------------------------------


def test_vps_passwd_reset_returns_a_password_and_a_log_id(
    client: FornexClient, sandbox: Sandbox
) -> None:
    reset = client.vps_passwd_reset(VPS)
    assert len(reset.password) == 16
    assert set(reset.password) <= set(string.ascii_letters + string.digits)
    assert reset.password not in repr(reset)
    assert client.vps_status(VPS).status == "on"  # a password reset leaves the power alone

    entry = client.vps_log_details(VPS, reset.resp_id)
    assert (entry.pk, entry.job_action, entry.completed, entry.job_state) == (
        reset.resp_id,
        "set_root_passwd",
        False,
        "ready",
    )
    assert (entry.action, entry.note) == JOB_TEXT["set_root_passwd"]
    assert_recent(entry)

    sandbox.advance(JOB_SECONDS + 0.5)
    assert client.vps_log_details(VPS, reset.resp_id).completed is True
    again = client.vps_passwd_reset(VPS)
    assert again.resp_id > reset.resp_id and again.password != reset.password
    assert sandbox.count("GET", f"/api/vps/passwd_reset/{VPS}/") == 2


def test_vps_passwd_reset_works_on_a_stopped_vps(client: FornexClient) -> None:
    reset = client.vps_passwd_reset(VPS_OFF)
    assert client.vps_log_details(VPS_OFF, reset.resp_id).job_action == "set_root_passwd"
    assert client.vps_status(VPS_OFF).status == "off"


@pytest.mark.parametrize(
    ("order_id", "error", "message"),
    [
        (MISSING_ORDER, NotFound, "Not found"),
        (OTHER_VPS, NotFound, "Not found"),
        (DS, BadRequest, f"Order {DS} is not a VPS"),
    ],
)
def test_vps_passwd_reset_errors(
    client: FornexClient, order_id: str, error: type, message: str
) -> None:
    with raises(error) as caught:
        client.vps_passwd_reset(order_id)
    assert caught.value.message == message


# Job log ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("log_id", SEEDED_JOBS)
def test_vps_log_details_of_the_seeded_jobs(client: FornexClient, log_id: int) -> None:
    order_id, job_action, days_ago = SEEDED_JOBS[log_id]
    entry = client.vps_log_details(order_id, log_id)
    action, note = JOB_TEXT[job_action]
    assert entry == LogEntry(
        pk=log_id,
        action=action,
        completed=True,
        job_action=job_action,
        job_state="done",
        note=note,
        time=entry.time,
        time_raw=entry.time_raw,
        user="northwind",
    )
    # Queued `days_ago` days before the seed anchor (the sandbox's start, rounded down to the
    # hour), minus up to 600 minutes; the margin allows for a long test session.
    assert entry.time is not None
    age = sandbox_now() - entry.time
    assert timedelta(days=days_ago) <= age <= timedelta(days=days_ago, hours=13)


@pytest.mark.parametrize(
    ("order_id", "log_id"),
    [
        (VPS, 1),  # no such job
        (VPS, 222282),  # a job of another VPS (db-primary's restart)
        (VPS, 222284),  # sandbox-nodns's copy of web-1's job: another account's log
        (VPS, OTHER_JOB),  # Blue Harbor's job
        (MISSING_ORDER, 222281),  # no such order
        (OTHER_VPS, OTHER_JOB),  # Blue Harbor's VPS and job
    ],
)
def test_vps_log_details_of_an_unknown_log_id_is_not_found(
    client: FornexClient, order_id: str, log_id: int
) -> None:
    with raises(NotFound) as caught:
        client.vps_log_details(order_id, log_id)
    assert (caught.value.status, caught.value.operation) == (404, "vps_log_details")


@pytest.mark.parametrize(
    ("order_id", "log_id", "message"),
    [
        (VPS, 0, "Invalid log_id 0: must be between 1 and "),  # the upper bound is the pk range
        (DS, 222281, f"Order {DS} is not a VPS"),
    ],
)
def test_vps_log_details_bad_request(
    client: FornexClient, order_id: str, log_id: int, message: str
) -> None:
    with raises(BadRequest) as caught:
        client.vps_log_details(order_id, log_id)
    assert caught.value.message.startswith(message)
    assert (caught.value.status, caught.value.operation) == (400, "vps_log_details")


# Statistics -------------------------------------------------------------------------------------

SERIES_NAMES = {
    "cpu": ["CPU"],
    "memory": ["Used", "Cached"],
    "traffic": ["Incoming", "Outgoing"],
    "disk": ["Read", "Write"],
    "inodes": ["Used"],
    "io": ["Read", "Write"],
}
MONTHS = "January February March April May June July August September October November December"


def msk_midnight_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=MSK).timestamp()) * 1000


def subtitle_day(day: date) -> str:
    return f"{MONTHS.split()[day.month - 1]} {day.day}, {day.year}, 00:00"


def test_stat_fields_are_the_documented_ones() -> None:
    assert set(STAT_FIELDS) == set(SERIES_NAMES)


@pytest.mark.parametrize("field", STAT_FIELDS)
def test_vps_stat_for_each_field(client: FornexClient, field: str) -> None:
    start = datetime.now(MSK).date() - timedelta(days=10)
    end = start + timedelta(days=1)  # two whole days: a point every 5 minutes
    stats = client.vps_stat(VPS, field, start, end)
    assert [series.name for series in stats.series] == SERIES_NAMES[field]
    for index, series in enumerate(stats.series):
        assert series.point_interval == 300_000
        assert series.point_start == msk_midnight_ms(start)
        assert len(series.data) == 2 * 288
        assert series.point_end == series.point_start + (len(series.data) - 1) * 300_000
        assert series.point_end == msk_midnight_ms(end + timedelta(days=1)) - 300_000
        assert series.points()[-1] == (series.point_end, series.data[-1])
        assert series.type == (None if index == 0 else "areaspline")
        assert series.color == ("#60B5FF" if index == 0 else "#61D561")
        assert all(value is not None and value >= 0 for value in series.data)
        if field == "cpu":
            assert max(series.data) <= 100
    assert stats.subtitle == (
        f"{subtitle_day(start)} - {subtitle_day(end + timedelta(days=1))} (Europe / Moscow)"
    )
    # The same range again gives the same numbers.
    assert client.vps_stat(VPS, field, start, end) == stats


@pytest.mark.parametrize(("days", "interval"), [(2, 300), (8, 1800), (30, 7200), (366, 7200)])
def test_vps_stat_point_interval_follows_the_range(
    client: FornexClient, days: int, interval: int
) -> None:
    end = datetime.now(MSK).date() - timedelta(days=2)
    start = end - timedelta(days=days - 1)
    (series,) = client.vps_stat(VPS_DB, "cpu", start, end).series
    assert series.point_interval == interval * 1000
    assert len(series.data) == days * 86400 // interval
    assert series.point_end == series.point_start + (len(series.data) - 1) * interval * 1000


def test_vps_stat_up_to_today_stops_at_now(client: FornexClient) -> None:
    today = datetime.now(MSK).date()
    series = client.vps_stat(VPS, "traffic", today - timedelta(days=1), today).series
    now_ms = datetime.now(MSK).timestamp() * 1000
    for item in series:
        assert item.point_end is not None
        assert now_ms - 2 * 300_000 < item.point_end <= now_ms
        assert item.point_end == item.point_start + (len(item.data) - 1) * item.point_interval


def test_overlapping_vps_stat_ranges_agree(client: FornexClient) -> None:
    day = datetime.now(MSK).date() - timedelta(days=20)
    one = client.vps_stat(VPS, "memory", day, day).series[0]
    two = client.vps_stat(VPS, "memory", day - timedelta(days=1), day).series[0]
    assert dict(two.points())[one.point_start] == one.data[0]
    assert set(one.points()) <= set(two.points())


@pytest.mark.parametrize(
    ("order_id", "start", "end", "error", "message"),
    [
        (VPS, date(2025, 3, 11), date(2025, 3, 10), BadRequest, "The end date is before the start date"),
        (VPS, date(2024, 1, 1), date(2025, 1, 1), BadRequest, "The range is 367 days long; at most 366 days"),
        (DS, date(2025, 3, 10), date(2025, 3, 11), BadRequest, f"Order {DS} is not a VPS"),
        (MISSING_ORDER, date(2025, 3, 10), date(2025, 3, 11), NotFound, "Not found"),
        (OTHER_VPS, date(2025, 3, 10), date(2025, 3, 11), NotFound, "Not found"),
    ],
)  # fmt: skip
def test_vps_stat_errors(
    client: FornexClient, order_id: str, start: date, end: date, error: type, message: str
) -> None:
    with raises(error) as caught:
        client.vps_stat(order_id, "cpu", start, end)
    assert caught.value.message == message


@pytest.mark.parametrize("call", ["vps_status", "vps_ssh_keys"])
@pytest.mark.parametrize(
    ("order_id", "error", "message"),
    [
        (MISSING_ORDER, NotFound, "Not found"),
        (OTHER_VPS, NotFound, "Not found"),
        (DS, BadRequest, f"Order {DS} is not a VPS"),
    ],
)
def test_vps_reads_on_a_wrong_order(
    client: FornexClient, call: str, order_id: str, error: type, message: str
) -> None:
    with raises(error) as caught:
        getattr(client, call)(order_id)
    assert caught.value.message == message
