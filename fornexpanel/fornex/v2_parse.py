"""Turning v2-API JSON into the same typed results as the legacy dialect (and the v2-only ones).

Where v2 answers exactly like the legacy API (balance, invoices, password reset, statuses, DS
traffic, most plan catalogues) the legacy parsers are reused; the functions here cover what
differs. Every function raises ShapeError on a wrong shape.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime
from typing import Any

from . import legacy_parse
from .legacy_parse import _log_time
from .shape import (
    ShapeError,
    boolean,
    each,
    ident,
    integer,
    iso_datetime,
    items,
    money,
    number,
    obj,
    string,
    strings,
)
from .types import (
    AccountInfo,
    DedicatedPlan,
    DnsRecord,
    Domain,
    HostingPlan,
    IpAddress,
    LogEntry,
    Order,
    OrderCancelled,
    OrderDetails,
    ReinstallOption,
    ReinstallStarted,
    SshKey,
    StatSeries,
    TicketCreated,
    VpsStats,
    WebhookInfo,
)


def apex_host(host: str | None, domain: str) -> str:
    """A record's host with every spelling of the zone apex ("", "@", the domain) made ""."""
    text = (host or "").strip()
    bare = text.removesuffix(".").lower()
    if bare in ("", "@") or bare == domain.lower().removesuffix("."):
        return ""
    return text


def account_info(data: Any) -> AccountInfo:
    d = obj(data)
    # v2 marks only `name` as required.
    return AccountInfo(email=string(d, "email", optional=True) or "", name=string(d, "name"))


def _order_fields(d: Any) -> dict[str, Any]:
    cost_month = money(d, "cost_month")
    # v2 allows a null tariff price; the cost is then the best figure there is.
    tariff_price = money(d, "tariff_price") if d.get("tariff_price") is not None else cost_month
    return {
        "id": ident(d, "id"),
        "type": string(d, "type"),
        "status": string(d, "status"),
        "name": string(d, "name", optional=True),
        "hostname": string(d, "hostname", optional=True),
        "tariff": string(d, "tariff", optional=True),
        "tariff_id": integer(d, "tariff_id", optional=True),
        "tariff_price": tariff_price,
        "cost_month": cost_month,
        "expiration_date": iso_datetime(d, "expiration_date"),
        "ip_addresses": strings(d, "ipaddress_set"),
        "tags": strings(d, "tags"),
    }


def order(data: Any) -> Order:
    return Order(**_order_fields(obj(data, "order")))


def order_details(data: Any) -> OrderDetails:
    d = obj(data, "order")
    project = d.get("project")
    project_name = string(obj(project, "field 'project'"), "name") if project else None
    return OrderDetails(
        **_order_fields(d),
        cancel_mark=boolean(d, "cancel_mark") if d.get("cancel_mark") is not None else False,
        project=project_name,
    )


def dedicated_plan(data: Any) -> DedicatedPlan:
    d = obj(data, "plan")
    # v2 lists [code, label] pairs in `locations`; the legacy dialect's `location` is one code.
    location = string(d, "location", optional=True)
    if location is None:
        for pair in items(d.get("locations") or [], "field 'locations'"):
            if isinstance(pair, list) and pair and isinstance(pair[0], str):
                location = pair[0]
                break
            if isinstance(pair, str):
                location = pair
                break
    return DedicatedPlan(
        id=integer(d, "id"),
        name=string(d, "name"),
        price=money(d, "price"),
        cpu_model=string(d, "cpu_model"),
        cpu_count=integer(d, "cpu_count", optional=True) or 0,
        ram=string(d, "ram"),
        disk=string(d, "disk"),
        bandwidth=string(d, "bandwidth"),
        location=location,
    )


def hosting_plan(data: Any) -> HostingPlan:
    plan = legacy_parse.hosting_plan(data)
    # v2 gives the storage in GB (its schema says so); the legacy catalogue, and so the panel,
    # in MB.
    if plan.hdd_space is None:
        return plan
    return replace(plan, hdd_space=plan.hdd_space * 1000)


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
        time=_iso_or_log_time(raw_time),
        time_raw=raw_time,
        user=string(d, "user", optional=True),
    )


def _iso_or_log_time(raw: str | None) -> datetime | None:
    # v2 sends ISO 8601 with an offset ("2024-02-15T11:12:11+02:00"); tolerate the legacy form.
    if raw:
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    return _log_time(raw)


def stat_series(data: Any) -> StatSeries:
    """v2's `[time_ms, value]` points into the legacy start/interval shape (times kept if uneven)."""
    d = obj(data, "series")
    times: list[int] = []
    values: list[float | None] = []
    for point in items(d.get("data"), "field 'data'"):
        if not isinstance(point, list) or len(point) != 2:
            raise ShapeError("field 'data': expected [time, value] pairs")
        moment, value = point
        if isinstance(moment, bool) or not isinstance(moment, int | float):
            raise ShapeError("field 'data': expected numeric times")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ShapeError("field 'data': expected numbers or nulls")
        times.append(int(moment))
        values.append(None if value is None else float(value))
    steps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    common = Counter(steps).most_common(1)[0][0] if steps else 0
    even = all(step == common for step in steps)
    return StatSeries(
        name=string(d, "name"),
        color=string(d, "color", optional=True),
        data=tuple(values),
        point_start=times[0] if times else 0,
        point_end=times[-1] if times else None,
        point_interval=common,
        type=string(d, "type", optional=True),
        timestamps=None if even else tuple(times),
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
        # Kept as sent, as in the legacy dialect (here an ISO timestamp).
        date=string(d, "date", optional=True),
    )


def webhook_info(data: Any) -> WebhookInfo:
    d = obj(data)
    return WebhookInfo(
        # v2 spells "no webhook" as "" (its `url` is not nullable); the legacy dialect as null.
        url=string(d, "url", optional=True) or None,
        last_error_date=string(d, "last_error_date", optional=True),
        last_error_message=string(d, "last_error_message", optional=True),
    )


def dns_record(data: Any, domain: str) -> DnsRecord:
    d = obj(data, "record")
    return DnsRecord(
        id=integer(d, "id"),
        host=apex_host(string(d, "host", optional=True), domain),
        type=string(d, "type"),
        value=string(d, "value"),
        ttl=integer(d, "ttl", optional=True),
        prio=integer(d, "prio", optional=True),
    )


def domain(data: Any) -> Domain:
    d = obj(data, "domain")
    name = string(d, "name")
    records = items(d.get("entry_set") or [], "field 'entry_set'")
    return Domain(
        name=name,
        created=iso_datetime(d, "created"),
        updated=iso_datetime(d, "updated"),
        records=tuple(dns_record(record, name) for record in records),
        tags=strings(d, "tags"),
    )


def _small_int(d: Any, key: str) -> int | None:
    return integer(d, key, optional=True)


def reinstall_option(kind: str) -> Any:
    def parse(data: Any) -> ReinstallOption:
        d = obj(data, kind)
        return ReinstallOption(
            kind=kind,
            id=integer(d, "id"),
            name=string(d, "name"),
            os=string(d, "os", optional=True),
            panel=string(d, "panel", optional=True) or None,
            arch=string(d, "arch", optional=True),
            min_disk_gb=_small_int(d, "min_storage_space"),
            min_ram_gb=_small_int(d, "min_ram_volume"),
            min_cpu_cores=_small_int(d, "min_cpu_cores"),
            size_gb=number(d, "size_gb", optional=True),
            created_at=iso_datetime(d, "created_at"),
        )

    return parse


def reinstall_started(data: Any) -> ReinstallStarted:
    d = obj(data)
    raw = string(d, "date", optional=True)
    return ReinstallStarted(
        display_name=string(d, "display_name", optional=True) or "",
        status=string(d, "status", optional=True) or "",
        date=iso_datetime(d, "date"),
        date_raw=raw,
    )


def order_cancelled(data: Any) -> OrderCancelled:
    d = obj(data)
    return OrderCancelled(
        status=string(d, "status"), message=string(d, "message", optional=True) or ""
    )


def ticket_created(data: Any) -> TicketCreated:
    d = obj(data)
    order_id = d.get("order")
    return TicketCreated(
        id=ident(d, "id"),
        url=string(d, "url", optional=True),
        status=string(d, "status", optional=True) or "",
        subject=string(d, "subject", optional=True) or "",
        priority=integer(d, "priority", optional=True),
        order_id=None if order_id in (None, "") else ident(d, "order"),
    )


def ip_address(data: Any) -> IpAddress:
    d = obj(data, "ip address")
    location = d.get("location")
    order_ = d.get("order")
    loc = obj(location, "field 'location'") if isinstance(location, dict) else None
    ordered = obj(order_, "field 'order'") if order_ else None
    return IpAddress(
        id=integer(d, "id"),
        ip=string(d, "ip"),
        location=(string(loc, "value", optional=True) if loc else None)
        or (location if isinstance(location, str) else None),
        location_label=string(loc, "label", optional=True) if loc else None,
        rdns=string(d, "rdns", optional=True) or None,
        order_id=_order_number(ordered) if ordered else None,
        order_name=string(ordered, "name", optional=True) if ordered else None,
        order_type=string(ordered, "type", optional=True) if ordered else None,
    )


def _order_number(ordered: Any) -> str | None:
    # `unique_number` is the order number ("34-177054"); `id` is only an internal integer.
    number_ = ordered.get("unique_number")
    if isinstance(number_, str) and number_:
        return number_
    value = ordered.get("id")
    return None if value is None else ident(ordered, "id")
