"""One way to show dates, numbers and amounts (fornexpanel/core/formats.py), in English and in
Russian, in the member's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from fornexpanel.core import formats

# 23:30 UTC on Nov 27 is 02:30 on Nov 28 in Moscow.
LATE = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _reset():
    yield
    translation.deactivate()


def render(source: str, **context) -> str:
    return Template("{% load panel %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("en", "UTC", "11/27/2026 11:30 p.m."),
        ("en", "Europe/Moscow", "11/28/2026 2:30 a.m."),
        ("ru", "Europe/Moscow", "28.11.2026 02:30"),
        ("ru", "UTC", "27.11.2026 23:30"),
    ],
)
def test_a_moment_is_shown_in_the_members_zone_and_language(language, zone, expected):
    with translation.override(language), timezone.override(zone):
        assert formats.moment(LATE) == expected
        assert formats.moment(LATE.isoformat()) == expected  # as stored in JSON
        assert render("{{ t|moment }}", t=LATE) == expected


def test_a_naive_time_from_fornex_is_moscows():
    naive = datetime(2026, 11, 28, 2, 30)  # Moscow's wall clock
    with translation.override("en"), timezone.override("UTC"):
        assert formats.moment(naive) == "11/27/2026 11:30 p.m."
        assert formats.day(naive) == "11/27/2026"


def test_a_day_is_the_members_day_of_a_time_and_a_date_as_it_is():
    with translation.override("en"), timezone.override("Europe/Moscow"):
        assert formats.day(LATE) == "11/28/2026"
        assert formats.day(date(2026, 11, 27)) == "11/27/2026"
        assert formats.day("2026-11-27") == "11/27/2026"
    with translation.override("ru"), timezone.override("UTC"):
        assert formats.day(LATE) == "27.11.2026"
        assert render("{{ d|day }}", d=LATE) == "27.11.2026"


def test_missing_or_unreadable_values_are_shown_plainly():
    for function in (formats.moment, formats.day, formats.money, formats.number, formats.days):
        assert function(None) == "—" and function("") == "—"
    assert formats.day("December 19, 2017") == "December 19, 2017"  # legacy API text
    assert formats.money("n/a", "EUR") == "n/a"


def test_numbers_and_money_follow_the_language():
    with translation.override("en"):
        assert formats.money(Decimal("474.84"), "EUR") == "474.84 EUR"
        assert formats.money("12345.6", "RUB") == "12,345.60 RUB"
        assert formats.number(Decimal("0.0045"), 3) == "0.005"
        assert render('{{ a|money:"EUR" }} {{ n|number:3 }}', a="91", n="0.0045") == (
            "91.00 EUR 0.005"
        )
    with translation.override("ru"):
        assert formats.money(Decimal("474.84"), "EUR") == "474,84 EUR"
        assert formats.money("12345.6", "RUB") == "12\xa0345,60 RUB"
        assert formats.number(Decimal("0.0045"), 3) == "0,005"
        assert formats.money(Decimal("0.005"), "EUR", decimals=None) == "0,005 EUR"
        assert render('{{ p|unit_price:"EUR" }}', p=Decimal("3")) == "3,00 EUR"


def test_days_agree_with_the_money_beside_them():
    with translation.override("ru"):
        sentence = f"{formats.days(Decimal('5.7'))} при {formats.money('474.84', 'EUR')}"
        assert sentence == "5,7 дн. при 474,84 EUR"
        assert formats.days(5) == "5 дней" and formats.days(1) == "1 день"
        assert render("{{ d|days }}", d=Decimal("5.79")) == "5,7 дн."  # cut, never rounded up
    with translation.override("en"):
        assert formats.days(Decimal("5.7")) == "5.7 days"
        assert formats.days(Decimal("5.0")) == "5 days" and formats.days(1) == "1 day"


def test_since_reads_a_naive_fornex_time_as_moscows():
    now = timezone.now().astimezone(formats.FORNEX_TIME_ZONE).replace(tzinfo=None)
    with translation.override("en"):
        assert formats.since(now) in ("0\xa0minutes", "0 minutes")
