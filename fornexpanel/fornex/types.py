"""Typed results of the Fornex client: frozen dataclasses, independent of the API dialect.

Money is Decimal. Fields whose meaning the documentation leaves open are kept close to what the
API sends (strings), rather than guessed into a richer type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Balance:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class AccountInfo:
    email: str
    name: str


@dataclass(frozen=True)
class Invoices:
    unpaid_count: int
    unpaid_amount: Decimal
    currency: str


@dataclass(frozen=True)
class Order:
    id: str
    type: str
    status: str
    name: str | None
    hostname: str | None
    tariff: str | None
    tariff_id: int | None
    tariff_price: Decimal
    cost_month: Decimal
    # Naive: the API sends no zone (Fornex's own time, Europe/Moscow judging by vps_stat).
    expiration_date: datetime | None
    ip_addresses: tuple[str, ...]
    # v2 lists every order's tags; the legacy dialect has none.
    tags: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class BackupPlan:
    price: Decimal
    space: int
    units: str


@dataclass(frozen=True)
class DedicatedPlan:
    id: int
    name: str
    price: Decimal
    cpu_model: str
    cpu_count: int
    ram: str
    disk: str
    bandwidth: str
    location: str | None


@dataclass(frozen=True)
class VpnPlan:
    id: int
    type: str
    price: Decimal
    available_locations: tuple[str, ...]


@dataclass(frozen=True)
class VpsPlan:
    id: int
    name: str
    price: Decimal
    cpu_count: int
    ram: str
    disk: str
    bandwidth: str


@dataclass(frozen=True)
class HostingPlan:
    id: int
    name: str
    price: Decimal
    available_locations: tuple[str, ...]
    # None where Fornex sends null (presumably "unlimited"; the doc does not say).
    cpu_cores: int | None
    databases: int | None
    hdd_space: int | None
    mail_domains: int | None
    mailboxes: int | None
    sites: int | None


@dataclass(frozen=True)
class LogEntry:
    """One VPS job log record: poll it until `completed`."""

    pk: int
    action: str
    completed: bool
    job_action: str | None
    job_state: str | None
    note: str | None
    # Parsed from the doc's "03.01.2019 11:10" (naive); None when absent or in another format,
    # in which case `time_raw` still has what Fornex sent, so polling never breaks on it.
    time: datetime | None
    time_raw: str | None
    user: str | None


@dataclass(frozen=True, repr=False)
class PasswordReset:
    resp_id: int
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"PasswordReset(resp_id={self.resp_id!r}, passwd=***)"


@dataclass(frozen=True)
class VpsStatus:
    status: str


@dataclass(frozen=True)
class StatSeries:
    """One Highcharts series; times are Unix milliseconds."""

    name: str
    color: str | None
    data: tuple[float | None, ...]
    point_start: int
    point_end: int | None
    point_interval: int
    type: str | None
    # The v2 API sends [time, value] pairs: when their times are not evenly spaced they are kept
    # here (one per value) and `points()` uses them instead of start + index * interval.
    timestamps: tuple[int, ...] | None = None

    def points(self) -> tuple[tuple[int, float | None], ...]:
        """(timestamp_ms, value) pairs, value None where Fornex has a gap."""
        if self.timestamps is not None:
            return tuple(zip(self.timestamps, self.data, strict=True))
        return tuple(
            (self.point_start + index * self.point_interval, value)
            for index, value in enumerate(self.data)
        )


@dataclass(frozen=True)
class VpsStats:
    series: tuple[StatSeries, ...]
    subtitle: str | None


@dataclass(frozen=True)
class SshKey:
    id: int
    title: str
    key: str
    # Kept as sent ("December 19, 2017"): a localized display string, not a timestamp.
    date: str | None


@dataclass(frozen=True)
class WebhookInfo:
    url: str | None
    # Kept as sent: the doc only ever shows null, so the format is unknown.
    last_error_date: str | None
    last_error_message: str | None


@dataclass(frozen=True)
class DnsRecord:
    id: int
    host: str
    type: str
    value: str
    ttl: int | None
    prio: int | None


@dataclass(frozen=True)
class Domain:
    name: str
    created: datetime | None
    updated: datetime | None
    records: tuple[DnsRecord, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class DomainAdded:
    name: str


@dataclass(frozen=True)
class RecordAdded:
    pk: int


@dataclass(frozen=True)
class DsTrafficDay:
    date: date
    input: float  # bytes
    output: float  # bytes


@dataclass(frozen=True)
class DsTraffic:
    order: str  # a label such as "34-1234 DS HyperXeon (example.net)", not just the id
    period: str
    days: tuple[DsTrafficDay, ...]


@dataclass(frozen=True)
class DsTrafficUsed:
    order: str
    limit: float | None  # bytes; None where Fornex sends null
    used: float
    used_rate: float  # used / limit, 0..1
    range_start: date
    range_end: date


# Results that only the v2 dialect gives (the legacy dialect raises Unsupported for them), and the
# handle a power action returns on both.


@dataclass(frozen=True)
class PowerJob:
    """What a power action (or rescue mode) started: the job log id to follow, when the dialect
    gives one (v2 does, through `vps_log_details`; legacy does not: follow `vps_status`)."""

    log_id: int | None


@dataclass(frozen=True)
class OrderDetails(Order):
    """One order as v2's order detail shows it: the list fields plus the cancel mark."""

    cancel_mark: bool
    project: str | None  # the project's name, when the order belongs to one


@dataclass(frozen=True)
class ReinstallOption:
    """Something a VPS can be reinstalled from: an OS template, an application or a snapshot."""

    kind: str  # "template", "app" or "snapshot": the keyword to pass to vps_reinstall
    id: int
    name: str
    os: str | None  # templates and applications
    panel: str | None  # templates: the control panel it ships, if any
    arch: str | None  # templates
    min_disk_gb: int | None  # templates: what the VPS needs at least
    min_ram_gb: int | None
    min_cpu_cores: int | None
    size_gb: float | None  # snapshots
    created_at: datetime | None  # snapshots


@dataclass(frozen=True)
class ReinstallStarted:
    """Fornex accepted a reinstall request (v2 gives no job log id for it)."""

    display_name: str
    status: str
    date: datetime | None
    date_raw: str | None


@dataclass(frozen=True)
class OrderCancelled:
    status: str  # "cancel_pending" (marked, cancelled when the paid period ends) or "canceled"
    message: str


@dataclass(frozen=True)
class TicketCreated:
    id: str
    url: str | None
    status: str
    subject: str
    priority: int | None
    order_id: str | None


@dataclass(frozen=True)
class IpAddress:
    id: int
    ip: str
    location: str | None  # a code such as "DE"
    location_label: str | None
    rdns: str | None
    order_id: str | None  # the order number ("34-177054"), None for an unassigned address
    order_name: str | None
    order_type: str | None
