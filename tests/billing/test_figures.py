"""Spend, runway and expiring orders, computed from orders as Fornex sends them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from billing import figures
from fornexpanel.core.formats import FORNEX_TIME_ZONE
from fornexpanel.fornex import Order

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def order(order_id="34-1", *, cost="10.00", type="vps", expires: datetime | None = None) -> Order:
    return Order(
        id=order_id,
        type=type,
        status="active",
        name=order_id,
        hostname=None,
        tariff=None,
        tariff_id=None,
        tariff_price=Decimal(cost),
        cost_month=Decimal(cost),
        expiration_date=expires,
        ip_addresses=(),
    )


def test_monthly_spend_is_the_sum_of_the_orders_monthly_cost():
    orders = [order(cost="17.00"), order(cost="2.92"), order(cost="0.92")]
    assert figures.monthly_spend(orders) == Decimal("20.84")
    assert figures.monthly_spend([]) == Decimal(0)


def test_runway_is_the_balance_over_a_thirtieth_of_the_monthly_spend():
    assert figures.runway_days(Decimal("91"), Decimal("474.84")) == Decimal("5.7")
    assert figures.runway_days(Decimal("300"), Decimal("30")) == Decimal("300.0")


def test_runway_is_unknown_without_spend_and_zero_without_money():
    assert figures.runway_days(Decimal("91"), Decimal(0)) is None
    assert figures.runway_days(Decimal("-5"), Decimal("30")) == Decimal(0)


def test_spend_by_type_adds_up_each_type_with_its_share():
    rows = figures.spend_by_type(
        [order(cost="30", type="vps"), order(cost="10", type="vps"), order(cost="60", type="ds")]
    )
    assert [(r.type, r.count, r.spend, r.share) for r in rows] == [
        ("ds", 1, Decimal("60"), Decimal("60.0")),
        ("vps", 2, Decimal("40"), Decimal("40.0")),
    ]


def test_expiring_orders_are_those_within_the_window_soonest_first_expired_included():
    moscow = FORNEX_TIME_ZONE
    local = NOW.astimezone(moscow).replace(tzinfo=None)  # Fornex sends naive Moscow time
    orders = [
        order("later", expires=local + timedelta(days=45)),
        order("soon", expires=local + timedelta(days=9, hours=2)),
        order("lapsed", expires=local - timedelta(days=6, hours=3)),
        order("undated", expires=None),
    ]
    found = figures.expiring_orders(orders, within_days=30, now=NOW)
    assert [(item.order.id, item.days_left, item.expired) for item in found] == [
        ("lapsed", -6, True),
        ("soon", 9, False),
    ]
    assert found[1].expires_at == NOW + timedelta(days=9, hours=2)
