"""Statistics: VPS graphs (Highcharts series) and dedicated-server traffic, made up but stable.

A value depends only on the seed, the order, the series and the point's timestamp (or day), so two
overlapping ranges agree where they overlap and the same request always gives the same answer.
Values follow daily and weekly waves plus hourly noise interpolated between knots, which keeps the
curves smooth enough to look like a real server's.
"""

from __future__ import annotations

import calendar
import math
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fornexpanel.sandbox.models import MONTHS, MSK, Order
from fornexpanel.sandbox.validation import bad_request, parse_day, parse_int

_MASK = (1 << 64) - 1


def _unit(key: int, step: int) -> float:
    """A pseudo-random number in [0, 1) for (key, step): splitmix64, cheap and stable."""
    x = (key * 0x9E3779B97F4A7C15 + step + 0x632BE59BD9B4E5) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return (x ^ (x >> 31)) / 2.0**64


def _key(*parts: object) -> int:
    return zlib.crc32(":".join(str(part) for part in parts).encode())


@dataclass(frozen=True)
class Wave:
    base: float
    daily: float  # amplitude of the day/night cycle
    weekly: float
    noise: float
    high: float = math.inf

    def at(self, key: int, seconds: float) -> float:
        phase = (key % 1000) / 1000 * math.tau
        hour, frac = divmod(seconds / 3600, 1)
        noise = _unit(key, int(hour)) * (1 - frac) + _unit(key, int(hour) + 1) * frac
        value = (
            self.base
            + self.daily * math.sin(seconds / 86400 * math.tau + phase)
            + self.weekly * math.sin(seconds / 604800 * math.tau + phase / 2)
            + self.noise * (noise - 0.5) * 2
        )
        # float() so that a clamped value is still a JSON float, never the int 0 or 100.
        return round(float(min(max(value, 0.0), self.high)), 6)


# field -> [(series name, color, Highcharts type or None, wave)]
FIELDS: dict[str, list[tuple[str, str, str | None, Wave]]] = {
    "cpu": [("CPU", "#60B5FF", None, Wave(18, 10, 4, 8, high=100.0))],
    "memory": [
        ("Used", "#60B5FF", None, Wave(1450, 180, 60, 90)),  # MB
        ("Cached", "#61D561", "areaspline", Wave(620, 90, 30, 40)),
    ],
    "traffic": [
        ("Incoming", "#60B5FF", None, Wave(62000, 21000, 6000, 9000)),  # bytes/s
        ("Outgoing", "#61D561", "areaspline", Wave(4600, 1500, 500, 700)),
    ],
    "disk": [
        ("Read", "#60B5FF", None, Wave(210000, 90000, 20000, 60000)),  # bytes/s
        ("Write", "#61D561", "areaspline", Wave(780000, 250000, 80000, 150000)),
    ],
    "inodes": [("Used", "#60B5FF", None, Wave(128000, 1500, 4000, 600))],
    "io": [
        ("Read", "#60B5FF", None, Wave(14, 6, 2, 5)),  # operations/s
        ("Write", "#61D561", "areaspline", Wave(41, 15, 5, 10)),
    ],
}
MAX_DAYS = 366


def interval_for(days: int) -> int:
    """Seconds between points: a 366-day range stays under 4,400 points."""
    if days <= 2:
        return 300
    if days <= 8:
        return 1800
    return 7200


def _subtitle_time(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}, {moment:%H:%M}"


def vps_series(
    seed: int, order_id: str, field: str, start_raw: str, end_raw: str, now: datetime
) -> dict:
    """The ``vps_stat`` answer. The end day is included; points stop at ``now``."""
    if field not in FIELDS:
        raise bad_request(f"Invalid field {field[:20]!r}: must be one of {', '.join(FIELDS)}")
    start, end = parse_day(start_raw, "start"), parse_day(end_raw, "end")
    if end < start:
        raise bad_request("The end date is before the start date")
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise bad_request(f"The range is {days} days long; at most {MAX_DAYS} days")
    interval = interval_for(days)
    range_start = datetime.combine(start, time(), MSK)
    range_end = datetime.combine(end + timedelta(days=1), time(), MSK)
    first = int(range_start.timestamp())
    # Points up to the last full interval before now; a range in the future still has one point.
    last = min(int(range_end.timestamp()) - interval, int(now.timestamp()))
    count = max(1, (last - first) // interval + 1)
    series = []
    for name, color, chart_type, wave in FIELDS[field]:
        key = _key(seed, order_id, field, name)
        data = [wave.at(key, first + i * interval) for i in range(count)]
        item: dict = {
            "color": color,
            "data": data,
            "name": name,
            "pointEnd": (first + (count - 1) * interval) * 1000,
            "pointInterval": interval * 1000,
            "pointStart": first * 1000,
        }
        if chart_type:
            item["type"] = chart_type
        series.append(item)
    shown_end = max(range_start, min(range_end, now.astimezone(MSK)))
    subtitle = f"{_subtitle_time(range_start)} - {_subtitle_time(shown_end)} (Europe / Moscow)"
    return {"series": series, "subtitle": subtitle}


# Dedicated servers ---------------------------------------------------------------------------

TRAFFIC_LIMIT = float(13 * 2**40)  # 13 TiB a month, the documented example's limit
# port -> (input, output) bytes a day, on average
_PORT_BYTES = {0: (1.4e10, 9.5e10), 1: (2.1e9, 1.6e9)}


def _day_traffic(seed: int, order_id: str, port: int, day: date) -> dict[str, float]:
    weekday_factor = 0.75 if day.weekday() >= 5 else 1.0
    values = {}
    for direction, mean in zip(("input", "output"), _PORT_BYTES[port], strict=True):
        noise = _unit(_key(seed, order_id, port, direction), day.toordinal())
        values[direction] = mean * weekday_factor * (0.7 + 0.6 * noise)
    return values


def _order_label(order: Order) -> str:
    return f"{order.id} {order.tariff} ({order.hostname})"


def ds_traffic(
    seed: int, order: Order, period_raw: str | None, port_raw: str | None, today: date
) -> dict:
    period = period_raw or "month"
    if period not in ("month", "year"):
        raise bad_request(f"Invalid period {period[:20]!r}: must be 'month' or 'year'")
    port = parse_int(port_raw or "0", "port", 0, len(_PORT_BYTES) - 1)
    days = 30 if period == "month" else 365
    data = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        data.append([day.isoformat(), _day_traffic(seed, order.id, port, day)])
    return {"data": data, "order": _order_label(order), "period": period}


def _month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    # 31 March -> 28 (or 29) February: clamp to the last day of the shorter month.
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ds_traffic_used(seed: int, order: Order, today: date) -> dict:
    """Billing month to date on the public port; ``used_rate`` is ``used / limit``."""
    range_start = _month_before(today)
    used = 0.0
    day = range_start
    while day <= today:
        values = _day_traffic(seed, order.id, 0, day)
        used += values["input"] + values["output"]
        day += timedelta(days=1)
    return {
        "limit": TRAFFIC_LIMIT,
        "order": _order_label(order),
        "range_end": today.isoformat(),
        "range_start": range_start.isoformat(),
        "used": used,
        "used_rate": used / TRAFFIC_LIMIT,
    }
