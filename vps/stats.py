"""VPS statistics graphs: the date ranges a member can ask for, the read through the gateway, and
the Highcharts-style series turned into what the chart library draws (columns of numbers, one
shared time axis), averaged down server-side so a long range stays light in the browser."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Connection
from fornexpanel import gateway
from fornexpanel.core.formats import FORNEX_TIME_ZONE
from fornexpanel.fornex import STAT_FIELDS, VpsStats
from fornexpanel.gateway import Fetched

FIELD_LABELS = {
    "cpu": gettext_lazy("CPU"),
    "memory": gettext_lazy("Memory"),
    "traffic": gettext_lazy("Traffic"),
    "disk": gettext_lazy("Disk"),
    "inodes": gettext_lazy("Inodes"),
    "io": gettext_lazy("Disk operations (I/O)"),
}
assert set(FIELD_LABELS) == set(STAT_FIELDS)
# The unit of each field's values as Fornex sends them (its graphs: CPU in per cent, memory in
# megabytes, traffic and disk throughput in bytes a second, inodes counted, I/O in operations a
# second); the page's script writes every axis label and tooltip with it.
FIELD_UNITS = {
    "cpu": "percent",
    "memory": "megabytes",
    "traffic": "bytes_per_second",
    "disk": "bytes_per_second",
    "inodes": "count",
    "io": "per_second",
}
assert set(FIELD_UNITS) == set(STAT_FIELDS)

PRESETS = {
    "24h": (timedelta(hours=24), gettext_lazy("24 hours")),
    "7d": (timedelta(days=7), gettext_lazy("7 days")),
    "30d": (timedelta(days=30), gettext_lazy("30 days")),
}
DEFAULT_PRESET = "24h"
MAX_DAYS = 366  # what Fornex answers for at most
# A chart is a few hundred pixels wide: more points than this only cost bytes and drawing time.
MAX_POINTS = 720


class RangeError(ValueError):
    """A date range the member typed that cannot be asked for; the message says why."""


@dataclass(frozen=True)
class StatRange:
    start: date  # the days asked from Fornex (inclusive, Fornex's calendar)
    end: date
    since: datetime | None = None  # presets cut the answer to the last 24 h / 7 d / 30 d
    preset: str = ""

    @property
    def parts(self) -> tuple[str, str]:
        return (self.start.isoformat(), self.end.isoformat())


def parse_range(params, *, now: datetime | None = None) -> StatRange:
    """From the query string: `range=24h|7d|30d`, or `start` and `end` (YYYY-MM-DD, inclusive)."""
    now = now or timezone.now()
    today = now.astimezone(FORNEX_TIME_ZONE).date()
    start_raw, end_raw = params.get("start", "").strip(), params.get("end", "").strip()
    if not start_raw and not end_raw:
        preset = params.get("range", "") or DEFAULT_PRESET
        if preset not in PRESETS:
            raise RangeError(_("Unknown range: choose 24 hours, 7 days, 30 days or dates."))
        span = PRESETS[preset][0]
        since = now - span
        return StatRange(since.astimezone(FORNEX_TIME_ZONE).date(), today, since, preset)
    try:
        start = date.fromisoformat(start_raw)
        end = date.fromisoformat(end_raw or start_raw)
    except ValueError:
        raise RangeError(_("Dates are written YYYY-MM-DD.")) from None
    if end < start:
        raise RangeError(_("The end date is before the start date."))
    if start > today:
        raise RangeError(_("The start date is in the future."))
    if (end - start).days + 1 > MAX_DAYS:
        raise RangeError(_("At most %(days)d days at a time.") % {"days": MAX_DAYS})
    return StatRange(start, min(end, today))


def read(
    connection: Connection, order_id: str, field: str, span: StatRange, *, refresh: bool = False
) -> Fetched[VpsStats]:
    return gateway.read(
        connection,
        "vps_stats",
        lambda client: client.vps_stat(order_id, field, span.start, span.end),
        parts=(order_id, field, *span.parts),
        refresh=refresh,
    )


def _mean(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def chart_data(
    stats: VpsStats, *, since: datetime | None = None, max_points: int = MAX_POINTS
) -> dict:
    """One shared time axis (Unix seconds) and one column of values per series, None for gaps.

    Series normally share pointStart/pointInterval; when they do not, the axis is the union of
    their times and each series has None where it has no point. Above `max_points` the points are
    averaged in equal buckets (a bucket of gaps stays a gap, so outages still show)."""
    by_series = [dict(series.points()) for series in stats.series]
    times = sorted(set().union(*by_series)) if by_series else []
    outside = 0
    if since is not None:
        cutoff = int(since.timestamp() * 1000)
        kept = [moment for moment in times if moment >= cutoff]
        outside = len(times) - len(kept)  # said on the page when nothing else is left
        times = kept
    columns = [[points.get(moment) for moment in times] for points in by_series]
    total = len(times)
    if total > max_points:
        size = math.ceil(total / max_points)
        times = [times[index] for index in range(0, total, size)]
        columns = [
            [_mean(column[index : index + size]) for index in range(0, total, size)]
            for column in columns
        ]
    return {
        "x": [moment // 1000 for moment in times],
        "series": [
            {
                "name": series.name,
                "color": series.color or "",
                "type": series.type or "line",
                "values": column,
            }
            for series, column in zip(stats.series, columns, strict=True)
        ],
        "points": total,
        "outside": outside,
        "subtitle": stats.subtitle or "",
    }


def _dialect_fields(connection) -> tuple[str, ...]:
    from fornexpanel.fornex import DIALECTS, STAT_FIELDS

    client_class = DIALECTS.get(connection.dialect)
    return getattr(client_class, "stat_fields", STAT_FIELDS)


def offered_fields(connection) -> list[tuple[str, str]]:
    """(field, label) of the graphs the connection's dialect can draw (v2 has no inodes)."""
    offered = _dialect_fields(connection)
    return [(field, label) for field, label in FIELD_LABELS.items() if field in offered]


def missing_fields(connection) -> list[str]:
    """Labels of the graphs the dialect has no statistics for, for the page to say so."""
    offered = _dialect_fields(connection)
    return [str(label) for field, label in FIELD_LABELS.items() if field not in offered]
