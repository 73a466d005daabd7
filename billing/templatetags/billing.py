"""Template helpers of the billing pages."""

from __future__ import annotations

from typing import Any

from django import template

from billing.alerts import describe

register = template.Library()


@register.simple_tag
def alert_text(alert) -> str:
    """The alert's sentence in the reader's language (autoescaped by the template)."""
    return describe(alert)


@register.filter
def cell(row: dict[str, Any], key: str) -> Any:
    """{{ row|cell:column.key }}: a plan row's value for a column, as Fornex words it if it did
    ("4 × 300 GB SAS 15k" rather than the 1200 it sorts by)."""
    text = row.get(f"{key}_text")
    return text if text is not None else row.get(key)


@register.filter
def expiring_key(expiring) -> tuple:
    """{% fragment "expiring-table" …|expiring_key %}: what the expiring orders' table shows of
    each row (its order's fields, the date, the days left), cheaper to name than every row's own
    fragment key."""
    return tuple(
        (
            item.order.id,
            item.order.name,
            item.order.hostname,
            item.order.type,
            item.order.cost_month,
            item.expires_at,
            item.days_left,
            item.expired,
        )
        for item in expiring
    )
