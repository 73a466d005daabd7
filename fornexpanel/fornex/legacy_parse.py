"""Turning legacy-API JSON into typed results. Every function raises ShapeError on a wrong shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .shape import (
    ShapeError,
    boolean,
    each,
    ident,
    integer,
    iso_date,
    iso_datetime,
    items,
    money,
    number,
    obj,
    ok_flag,
    string,
    strings,
)
from .types import (
    AccountInfo,
    BackupPlan,
    Balance,
    DedicatedPlan,
    DnsRecord,
    Domain,
    DomainAdded,
    DsTraffic,
    DsTrafficDay,
    DsTrafficUsed,
    HostingPlan,
    Invoices,
    LogEntry,
    Order,
    PasswordReset,
    RecordAdded,
    SshKey,
    StatSeries,
    VpnPlan,
    VpsPlan,
    VpsStats,
    VpsStatus,
    WebhookInfo,
)

# The doc shows "03.01.2019 11:10"; the others are tolerated variants of the same.
_LOG_TIME_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def ack(data: Any) -> None:
    """`{"ok": true}` (any spelling). Failures were already raised by the transport."""
    if ok_flag(obj(data).get("ok")) is not True:
        raise ShapeError("field 'ok' is missing or not true")


def ack_list(data: Any) -> None:
    """change_ns answers `[{"ok": true}]`; a bare object is accepted too."""
    for item in items(data) if isinstance(data, list) else [data]:
        ack(item)
    if isinstance(data, list) and not data:
        raise ShapeError("answer: expected at least one result")


def balance(data: Any) -> Balance:
    d = obj(data)
    return Balance(amount=money(d, "balance"), currency=string(d, "currency"))


def account_info(data: Any) -> AccountInfo:
    d = obj(data)
    return AccountInfo(email=string(d, "email"), name=string(d, "name"))


def invoices(data: Any) -> Invoices:
    d = obj(data)
    return Invoices(
        unpaid_count=integer(d, "unpaid_invoices_count"),
        unpaid_amount=money(d, "unpaid_invoices_amount"),
        currency=string(d, "currency"),
    )


def order(data: Any) -> Order:
    d = obj(data, "order")
    return Order(
        id=ident(d, "id"),
        type=string(d, "type"),
        status=string(d, "status"),
        name=string(d, "name", optional=True),
        hostname=string(d, "hostname", optional=True),
        tariff=string(d, "tariff", optional=True),
        tariff_id=integer(d, "tariff_id", optional=True),
        tariff_price=money(d, "tariff_price"),
        cost_month=money(d, "cost_month"),
        expiration_date=iso_datetime(d, "expiration_date"),
        ip_addresses=strings(d, "ipaddress_set"),
    )


def backup_plan(data: Any) -> BackupPlan:
    d = obj(data, "plan")
    return BackupPlan(price=money(d, "price"), space=integer(d, "space"), units=string(d, "units"))


def dedicated_plan(data: Any) -> DedicatedPlan:
    d = obj(data, "plan")
    return DedicatedPlan(
        id=integer(d, "id"),
        name=string(d, "name"),
        price=money(d, "price"),
        cpu_model=string(d, "cpu_model"),
        cpu_count=integer(d, "cpu_count"),
        ram=string(d, "ram"),
        disk=string(d, "disk"),
        bandwidth=string(d, "bandwidth"),
        location=string(d, "location", optional=True),
    )


def vpn_plan(data: Any) -> VpnPlan:
    d = obj(data, "plan")
    return VpnPlan(
        id=integer(d, "id"),
        type=string(d, "type"),
        price=money(d, "price"),
        available_locations=strings(d, "available_locations"),
    )


def vps_plan(data: Any) -> VpsPlan:
    d = obj(data, "plan")
    return VpsPlan(
        id=integer(d, "id"),
        name=string(d, "name"),
        price=money(d, "price"),
        cpu_count=integer(d, "cpu_count"),
        ram=string(d, "ram"),
        disk=string(d, "disk"),
        bandwidth=string(d, "bandwidth"),
    )


def hosting_plan(data: Any) -> HostingPlan:
    d = obj(data, "plan")
    counts = {
        name: integer(d, name, optional=True)
        for name in ("cpu_cores", "databases", "hdd_space", "mail_domains", "mailboxes", "sites")
    }
    return HostingPlan(
        id=integer(d, "id"),
        name=string(d, "name"),
        price=money(d, "price"),
        available_locations=strings(d, "available_locations"),
        **counts,
    )


def log_entry(data: Any) -> LogEntry:
    d = obj(data)
    raw_time = string(d, "time", optional=True)
    return LogEntry(
        pk=integer(d, "pk"),
        action=string(d, "action"),
        completed=boolean(d, "completed"),
        job_action=string(d, "job_action", optional=True),
        job_state=string(d, "job_state", optional=True),
        note=string(d, "note", optional=True),
        time=_log_time(raw_time),
        time_raw=raw_time,
        user=string(d, "user", optional=True),
    )


def _log_time(raw: str | None) -> datetime | None:
    for fmt in _LOG_TIME_FORMATS:
        try:
            return datetime.strptime(raw or "", fmt)
        except ValueError:
            continue
    return None


def password_reset(data: Any) -> PasswordReset:
    d = obj(data)
    return PasswordReset(resp_id=integer(d, "resp_id"), password=string(d, "passwd"))


def vps_status(data: Any) -> VpsStatus:
    return VpsStatus(status=string(obj(data), "status"))


def stat_series(data: Any) -> StatSeries:
    d = obj(data, "series")
    values = items(d.get("data"), "field 'data'")
    for value in values:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ShapeError("field 'data': expected numbers or nulls")
    return StatSeries(
        name=string(d, "name"),
        color=string(d, "color", optional=True),
        data=tuple(None if v is None else float(v) for v in values),
        point_start=integer(d, "pointStart"),
        point_end=integer(d, "pointEnd", optional=True),
        point_interval=integer(d, "pointInterval"),
        type=string(d, "type", optional=True),
    )


def vps_stats(data: Any) -> VpsStats:
    d = obj(data)
    return VpsStats(
        series=each(d.get("series"), stat_series, "field 'series'"),
        subtitle=string(d, "subtitle", optional=True),
    )


def ssh_key(data: Any) -> SshKey:
    d = obj(data, "ssh key")
    return SshKey(
        id=integer(d, "id"),
        title=string(d, "title"),
        key=string(d, "key"),
        date=string(d, "date", optional=True),
    )


def webhook_info(data: Any) -> WebhookInfo:
    d = obj(data)
    return WebhookInfo(
        url=string(d, "url", optional=True),
        last_error_date=string(d, "last_error_date", optional=True),
        last_error_message=string(d, "last_error_message", optional=True),
    )


def dns_record(data: Any) -> DnsRecord:
    d = obj(data, "record")
    return DnsRecord(
        id=integer(d, "id"),
        # Fornex sends "" for the zone apex.
        host=string(d, "host", optional=True) or "",
        type=string(d, "type"),
        value=string(d, "value"),
        ttl=integer(d, "ttl", optional=True),
        prio=integer(d, "prio", optional=True),
    )


def domain(data: Any) -> Domain:
    d = obj(data, "domain")
    return Domain(
        name=string(d, "name"),
        created=iso_datetime(d, "created"),
        updated=iso_datetime(d, "updated"),
        records=each(d.get("entry_set", []), dns_record, "field 'entry_set'"),
        tags=tuple(_tag(t) for t in items(d.get("tags") or [], "field 'tags'")),
    )


def _tag(value: Any) -> str:
    # The doc only shows an empty list; accept plain names and {"name": ...} objects.
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    raise ShapeError("field 'tags': expected tag names")


def dns_records(data: Any) -> tuple[DnsRecord, ...]:
    return each(obj(data).get("entry_set"), dns_record, "field 'entry_set'")


def domain_added(data: Any) -> DomainAdded:
    d = obj(data)
    ack(d)
    return DomainAdded(name=string(d, "name"))


def record_added(data: Any) -> RecordAdded:
    d = obj(data)
    ack(d)
    return RecordAdded(pk=integer(d, "pk"))


def ds_traffic(data: Any) -> DsTraffic:
    d = obj(data)
    days = []
    for row in items(d.get("data"), "field 'data'"):
        if not isinstance(row, list) or len(row) != 2:
            raise ShapeError("field 'data': expected [date, {input, output}] pairs")
        counters = obj(row[1], "field 'data'")
        days.append(
            DsTrafficDay(
                date=iso_date(row[0], "field 'data'"),
                input=number(counters, "input"),
                output=number(counters, "output"),
            )
        )
    return DsTraffic(order=ident(d, "order"), period=string(d, "period"), days=tuple(days))


def ds_traffic_used(data: Any) -> DsTrafficUsed:
    d = obj(data)
    return DsTrafficUsed(
        order=ident(d, "order"),
        limit=number(d, "limit", optional=True),
        used=number(d, "used"),
        used_rate=number(d, "used_rate"),
        range_start=iso_date(d.get("range_start"), "field 'range_start'"),
        range_end=iso_date(d.get("range_end"), "field 'range_end'"),
    )
