"""The sandbox's in-memory data: accounts and what they own, plus the clock that drives jobs.

Plain dataclasses; the rules that change them live in ``state.py``. Everything here is guarded by
the application lock (``app.SandboxApp.lock``), so nothing in this module locks on its own.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

# Fornex shows local times in Moscow time (the statistics subtitle says "Europe / Moscow").
# Moscow has kept UTC+3 all year since 2014, so a fixed offset needs no tz database.
MSK = timezone(timedelta(hours=3), "MSK")

# English month names spelled out here because strftime("%B") follows the process locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_iso(moment: datetime) -> str:
    """``2015-12-18T17:21:46``: orders' ``expiration_date``, domains' ``created``/``updated``."""
    return moment.astimezone(MSK).strftime("%Y-%m-%dT%H:%M:%S")


def format_log_time(moment: datetime) -> str:
    """``03.01.2019 11:10``: the ``time`` of a job log entry."""
    return moment.astimezone(MSK).strftime("%d.%m.%Y %H:%M")


def format_long_date(day: date) -> str:
    """``December 19, 2017``: the ``date`` of an SSH key."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


class Clock:
    """Monotonic time for job completion plus wall time for display, both movable forward.

    ``advance()`` exists so tests (and ``POST /_sandbox/clock``) can finish jobs without sleeping;
    unit tests may also pass their own ``monotonic``/``wall`` functions.
    """

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._monotonic = monotonic
        self._wall = wall
        self.offset = 0.0

    def now(self) -> float:
        return self._monotonic() + self.offset

    def wall(self) -> datetime:
        return datetime.fromtimestamp(self._wall() + self.offset, MSK)

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass(frozen=True)
class JobKind:
    action: str  # the log's human text, e.g. "Stop VPS"
    note: str
    power_after: str | None  # "on"/"off" once done; None leaves the power alone
    status_while_running: str | None  # what vps/status shows meanwhile; None shows the power


JOB_KINDS = {
    "start": JobKind("Start VPS", "Starting server", "on", "starting"),
    "stop": JobKind("Stop VPS", "Stopping server", "off", "stopping"),
    "restart": JobKind("Restart VPS", "Restarting server", "on", "restarting"),
    "hard_reset": JobKind("Hard reset VPS", "Hard resetting server", "on", "restarting"),
    "set_root_passwd": JobKind("Set root password", "Resetting root password", None, None),
    # Only through the v2 API (sandbox/v2.py).
    "rescue_mode": JobKind("Start rescue mode", "Booting into rescue mode", "on", "restarting"),
    "stop_rescue_mode": JobKind(
        "Stop rescue mode", "Booting from the disk again", "on", "restarting"
    ),
    "reinstall": JobKind(
        "Reinstall VPS", "Reinstalling the operating system", "on", "reinstalling"
    ),
}


@dataclass
class Job:
    """One entry of a VPS's job log (what ``log_details`` shows)."""

    pk: int
    order_id: str
    job_action: str  # a key of JOB_KINDS
    user: str
    created: float  # Clock.now() when the job was queued
    created_at: datetime  # wall time shown as "time"

    @property
    def kind(self) -> JobKind:
        return JOB_KINDS[self.job_action]


@dataclass
class Order:
    id: str
    type: str  # vps, ds, vpn, domain, hosting, backup
    name: str
    hostname: str
    status: str  # active, suspended, pending
    tariff: str
    tariff_id: int
    tariff_price: int
    cost_month: float
    expiration: datetime
    ips: list[str] = field(default_factory=list)
    power: str = "on"  # VPS power state once every job has settled
    running_job: int | None = None  # pk of the VPS's unfinished job, if any
    ssh_keys: list[int] = field(default_factory=list)  # keys attached to a VPS
    nameservers: list[str] = field(default_factory=list)  # domain orders (change_ns)
    # Only the v2 API shows or changes these (sandbox/v2_state.py).
    cancel_mark: bool = False
    rescue: bool = False  # booted (or booting) into rescue mode
    ready_at: float | None = None  # a VPS just ordered: Clock.now() when it is up (v2_orders.py)
    private_network: bool = False  # a VPS joined to the account's private network
    project: dict | None = None  # the account's project it belongs to (v2_networks.py)
    tags: list[str] = field(default_factory=list)  # PATCH /orders/{id}/ (sandbox/v2_storage.py)


@dataclass
class Record:
    id: int
    host: str  # "" is the apex, as in the documented examples
    type: str
    ttl: int | None
    prio: int | None
    value: str


@dataclass
class Domain:
    name: str
    created: datetime
    updated: datetime
    tags: list[str]
    records: dict[int, Record] = field(default_factory=dict)


@dataclass
class SshKey:
    id: int
    title: str
    key: str
    created: date


@dataclass
class Account:
    key: str
    username: str
    name: str
    email: str
    balance: float
    unpaid_invoices_count: int
    unpaid_invoices_amount: float
    dns_allowed: bool
    webhook_url: str | None
    orders: dict[str, Order] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    ssh_keys: dict[int, SshKey] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    currency: str = "EUR"
    tickets: list[dict] = field(default_factory=list)  # opened through v2, kept for tests
    private_networks: list[int] = field(default_factory=list)  # v2_networks.py
    projects: dict[int, dict] = field(default_factory=dict)  # id -> the API's Project shape
    s3_orders: dict[str, Any] = field(default_factory=dict)  # sandbox/v2_storage.py


@dataclass
class World:
    """Everything one sandbox process serves; rebuilt from the seed on reset."""

    accounts: dict[str, Account]
    clock: Clock
    job_seconds: float
    anchor: datetime  # the seeded data's "now": dates in the seed are relative to it
    rng: random.Random  # run-time randomness (new passwords), reseeded on reset
    seed: int
    next_job_pk: int = 222280
    next_record_id: int = 366100
    next_key_id: int = 60
    next_ticket: int = 0
    next_network_id: int = 4100
    next_project_id: int = 870

    def take_job_pk(self) -> int:
        self.next_job_pk += 1
        return self.next_job_pk

    def take_record_id(self) -> int:
        self.next_record_id += 1
        return self.next_record_id

    def take_key_id(self) -> int:
        self.next_key_id += 1
        return self.next_key_id
