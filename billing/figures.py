"""Money figures computed from what Fornex sends: monthly spend, runway, expiring orders.

Plain functions over the client's typed results (no Django queries), so they are easy to check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from fornexpanel.core import formats
from fornexpanel.fornex import Order

DAYS_PER_MONTH = Decimal(30)
EXPIRING_WINDOW_DAYS = 30


def monthly_spend(orders: Iterable[Order]) -> Decimal:
    """The sum of the orders' monthly cost (`cost_month`, extras included)."""
    return sum((order.cost_month for order in orders), Decimal(0))


def runway_days(balance: Decimal, spend: Decimal) -> Decimal | None:
    """Days the balance covers at `spend` a month: balance / (spend / 30). None without spend."""
    if spend <= 0:
        return None
    if balance <= 0:
        return Decimal(0)
    return (balance * DAYS_PER_MONTH / spend).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def runs_out_on(runway: Decimal | None, now: datetime | None = None) -> datetime | None:
    if runway is None:
        return None
    return (now or timezone.now()) + timedelta(days=float(runway))


@dataclass(frozen=True)
class TypeSpend:
    type: str
    count: int
    spend: Decimal
    share: Decimal  # percent of the total, 0..100


def spend_by_type(orders: Iterable[Order]) -> list[TypeSpend]:
    """Monthly spend per order type, biggest first."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for order in orders:
        totals[order.type] += order.cost_month
        counts[order.type] += 1
    grand = sum(totals.values(), Decimal(0))
    rows = [
        TypeSpend(
            type=kind,
            count=counts[kind],
            spend=amount,
            share=(amount * 100 / grand).quantize(Decimal("0.1")) if grand else Decimal(0),
        )
        for kind, amount in totals.items()
    ]
    return sorted(rows, key=lambda row: (-row.spend, row.type))


def expires_at(order: Order) -> datetime | None:
    """When the order expires, with its zone (Fornex's when it sent none)."""
    return None if order.expiration_date is None else formats.aware(order.expiration_date)


@dataclass(frozen=True)
class Expiring:
    order: Order
    expires_at: datetime
    days_left: int  # whole days to go; once expired, minus the whole days since
    expired: bool


def expiring_orders(
    orders: Iterable[Order], within_days: int = EXPIRING_WINDOW_DAYS, now: datetime | None = None
) -> list[Expiring]:
    """Orders whose expiration is at most `within_days` away, soonest first.

    Orders already past their date stay in the list (marked expired): an order that lapsed is
    more urgent than one about to, not less.
    """
    now = now or timezone.now()
    limit = now + timedelta(days=within_days)
    found = []
    for order in orders:
        moment = expires_at(order)
        if moment is not None and moment <= limit:
            expired = moment < now
            days_left = -(now - moment).days if expired else (moment - now).days
            found.append(
                Expiring(order=order, expires_at=moment, days_left=days_left, expired=expired)
            )
    return sorted(found, key=lambda item: item.expires_at)
