"""Links into Fornex's own customer area (settings.FORNEX_ACCOUNT_URL): paying is done there."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()

PAGES = {
    "top_up": "billing/",
    "invoices": "invoices/",
}


@register.simple_tag
def fornex_url(page: str, order_id: str = "") -> str:
    """The address of a page of Fornex's customer area: "top_up", "invoices" or "order"."""
    base = settings.FORNEX_ACCOUNT_URL.rstrip("/")
    if page == "order":
        return f"{base}/orders/{order_id}/"
    return f"{base}/{PAGES[page]}"
