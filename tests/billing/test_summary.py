"""The orders' summary (counts, spend by type, runway, expiring orders) is computed once per fetch
of the orders and cached with it, not on every page view; the dashboard shows the first ten
expiring orders and links to the rest."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from billing import selectors
from fornexpanel.core.formats import FORNEX_TIME_ZONE
from tests.scale.conftest import cache_answer, orders


def _expiring_soon(count: int):
    now = timezone.now().astimezone(FORNEX_TIME_ZONE).replace(tzinfo=None)
    return [
        replace(order, expiration_date=now + timedelta(days=1 + number % 25, hours=1))
        for number, order in enumerate(orders(count))
    ]


def _count_summaries(monkeypatch) -> list[int]:
    calls = []
    original = selectors.OrdersSummary.of.__func__

    def counted(cls, *args, **kwargs):
        calls.append(1)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(selectors.OrdersSummary, "of", classmethod(counted))
    return calls


def test_the_summary_is_computed_once_per_fetch_not_per_view(login, owner, connection, monkeypatch):
    cache_answer(connection, "orders", orders(40))
    calls = _count_summaries(monkeypatch)
    client = login(owner)
    for url in ("dashboard", "billing:billing", "dashboard", "billing:billing"):
        assert client.get(reverse(url)).status_code == 200
    assert len(calls) == 1
    cache_answer(connection, "orders", orders(41))  # a new fetch: a new summary
    body = client.get(reverse("dashboard")).content.decode()
    assert len(calls) == 2 and "41 orders" in body


def test_the_cached_summary_has_the_figures_of_the_orders(connection):
    fetched_orders = orders(8)  # 6 VPS, 2 DS at 4.00 each
    cache_answer(connection, "orders", fetched_orders)
    from vps.selectors import orders as read_orders

    summary = selectors.orders_summary(connection, read_orders(connection))
    assert summary.count == 8 and summary.order_counts == [("ds", 2), ("vps", 6)]
    assert str(summary.spend) == "32.00"
    assert [(row.type, row.count) for row in summary.spend_by_type] == [("vps", 6), ("ds", 2)]


def test_the_dashboard_shows_ten_expiring_orders_and_links_to_the_rest(login, owner, connection):
    cache_answer(connection, "orders", _expiring_soon(37))
    body = login(owner).get(reverse("dashboard")).content.decode()
    table = body[body.index('data-testid="expiring-orders"') :]
    table = table[: table.index("</table>")]
    assert len(re.findall(r"<tr data-order=", table)) == 10
    assert 'data-testid="expiring-more"' in body and "See all 37 expiring orders" in body
    billing = login(owner).get(reverse("billing:billing")).content.decode()
    assert billing.count("<tr data-order=") == 37


def test_days_left_follow_the_clock_not_the_fetch(connection):
    now = timezone.now().astimezone(FORNEX_TIME_ZONE).replace(tzinfo=None)
    order = replace(orders(1)[0], expiration_date=now + timedelta(days=10, hours=1))
    cache_answer(connection, "orders", [order])
    from vps.selectors import orders as read_orders

    summary = selectors.orders_summary(connection, read_orders(connection))
    (soon,) = summary.expiring()
    (later,) = summary.expiring(now=timezone.now() + timedelta(days=5))
    assert later.days_left == soon.days_left - 5
    assert soon.days_left == 10 and not later.expired
    assert not summary.expiring(now=timezone.now() - timedelta(days=25))


def test_the_first_expiring_and_their_count_are_those_of_the_whole_list(connection):
    now = timezone.now().astimezone(FORNEX_TIME_ZONE).replace(tzinfo=None)
    spread = [
        replace(order, expiration_date=now + timedelta(days=number * 3 - 5, hours=1))
        for number, order in enumerate(orders(20))
    ]
    cache_answer(connection, "orders", spread)
    from vps.selectors import orders as read_orders

    summary = selectors.orders_summary(connection, read_orders(connection))
    for moment in (timezone.now(), timezone.now() + timedelta(days=9)):
        whole = summary.expiring(now=moment)
        assert summary.expiring(now=moment, first=4) == whole[:4]
        assert summary.expiring_count(now=moment) == len(whole)
        assert any(item.expired for item in whole)
    page = selectors.ConnectionSummary(connection, *(read_orders(connection),) * 3)
    first, count = page.expiring_first, page.expiring_count  # before the whole list is made
    assert count == len(page.expiring) > 10 and first == page.expiring[:10]


def test_the_dashboards_figures_follow_a_new_balance(login, owner, connection):
    from decimal import Decimal

    from fornexpanel.fornex import Balance

    client = login(owner)
    cache_answer(connection, "orders", orders(8))
    cache_answer(connection, "balance", Balance(Decimal("64.00"), "EUR"))
    first = client.get(reverse("dashboard")).content.decode()
    assert "64.00" in first or "64,00" in first
    cache_answer(connection, "balance", Balance(Decimal("12.50"), "EUR"))
    again = client.get(reverse("dashboard")).content.decode()
    assert ("12.50" in again or "12,50" in again) and "64.00" not in again
