"""One way to show dates, numbers and amounts across the panel.

The template filters of `panel` (moment, day, since, number, money, days) and the sentences built
in Python (alerts, audit sentences, job messages) all go through these functions, so a date or
an amount reads the same in a table, in an alert and in an email: in the language that is active
and, for times, in the member's time zone (activated by accounts' middleware).

Fornex sends naive times in its own zone (Moscow); they are read as such before they are shown
in the member's zone. A value that cannot be read is shown as it is, a missing one as "—".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Fornex sends naive times in its own zone (Moscow: the sandbox and vps_stat subtitles agree).
FORNEX_TIME_ZONE = ZoneInfo("Europe/Moscow")
MISSING = "—"
# The one format of each kind (Django's, per language: "11/28/2026 2:30 p.m.", "28.11.2026 14:30").
MOMENT_FORMAT = "SHORT_DATETIME_FORMAT"
DAY_FORMAT = "SHORT_DATE_FORMAT"


def _missing(value: Any) -> bool:
    return value is None or value == ""


def _parsed(value: Any) -> date | datetime | None:
    """A date or a time from a value, or from ISO 8601 text (as stored in JSON); None if not."""
    if isinstance(value, datetime | date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def aware(value: datetime) -> datetime:
    """A time with its zone: a naive one is Fornex's (Moscow)."""
    if timezone.is_naive(value):
        return value.replace(tzinfo=FORNEX_TIME_ZONE)
    return value


def local(value: datetime) -> datetime:
    """The time in the member's (active) time zone."""
    return timezone.localtime(aware(value))


def member_zone(user: Any) -> ZoneInfo | None:
    """The member's time zone, for what is written outside a request (an email); None (the
    default zone) when it is unset or unknown."""
    try:
        return ZoneInfo(getattr(user, "timezone", "") or "")
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


def moment(value: Any) -> str:
    """A date and time, in the member's time zone: "11/28/2026 2:30 p.m.", "28.11.2026 14:30".
    A plain date is shown as a day."""
    if _missing(value):
        return MISSING
    found = _parsed(value)
    if found is None:
        return str(value)
    if not isinstance(found, datetime):
        return day(found)
    return date_format(local(found), MOMENT_FORMAT)


def day(value: Any) -> str:
    """A date: the member's day of a time ("11/28/2026", "28.11.2026"); a date as it is."""
    if _missing(value):
        return MISSING
    found = _parsed(value)
    if found is None:
        return str(value)
    if isinstance(found, datetime):
        found = local(found).date()
    return date_format(found, DAY_FORMAT)


def since(value: Any) -> str:
    """How long ago, without the "ago" (the sentence around says it): "3 minutes"."""
    if _missing(value):
        return MISSING
    found = _parsed(value)
    if not isinstance(found, datetime):
        return str(value)
    return timesince(aware(found))


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        found = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() else None


def number(value: Any, decimals: int | None = None) -> str:
    """A number in the page's language, grouped: "1,234.5", "1 234,5". `decimals` fixes the
    places shown (rounded half up); None keeps the value's own."""
    if _missing(value):
        return MISSING
    found = _decimal(value)
    if found is None:
        return str(value)
    if decimals is not None:
        found = found.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(found, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def money(amount: Any, currency: str = "", decimals: int | None = 2) -> str:
    """An amount and its currency: "474.84 EUR", "474,84 EUR". `decimals` None: at least two
    places, more where the amount has them (a price per GB: "0.005 EUR")."""
    if _missing(amount):
        return MISSING
    found = _decimal(amount)
    if found is None:
        return str(amount)
    if decimals is None:
        exponent = found.normalize().as_tuple().exponent
        decimals = max(2, -exponent if isinstance(exponent, int) else 0)
    return f"{number(found, decimals)} {currency or ''}".strip()


def days(value: Any, decimals: int = 1) -> str:
    """A number of days: "5 days", "5 дней"; with a fraction (cut, never rounded up: a
    runway never claims more than it has) "5.7 days", "5,7 дн."."""
    if _missing(value):
        return MISSING
    found = _decimal(value)
    if found is None:
        return str(value)
    found = found.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)
    if found == found.to_integral_value():
        whole = int(found)
        return ngettext("%(days)s day", "%(days)s days", whole) % {"days": number(whole, 0)}
    return _("%(days)s days") % {"days": number(found, decimals)}
