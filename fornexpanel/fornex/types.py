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

    def points(self) -> tuple[tuple[int, float | None], ...]:
        """(timestamp_ms, value) pairs, value None where Fornex has a gap."""
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
