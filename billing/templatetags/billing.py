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
