"""Template helpers of the servers area: byte sizes, power-state badges, sort links."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from fornexpanel.core import formats
from operations.job_messages import STATUS_WORDS

register = template.Library()

_UNITS = (
    pgettext_lazy("file size", "%(number)s B"),
    pgettext_lazy("file size", "%(number)s KB"),
    pgettext_lazy("file size", "%(number)s MB"),
    pgettext_lazy("file size", "%(number)s GB"),
    pgettext_lazy("file size", "%(number)s TB"),
    pgettext_lazy("file size", "%(number)s PB"),
)

# VPS status -> (Bootstrap colour, icon)
_STATUS_STYLE = {
    "on": ("success", "bi-play-circle-fill"),
    "off": ("secondary", "bi-stop-circle"),
    "starting": ("info", "bi-arrow-up-circle"),
    "stopping": ("info", "bi-arrow-down-circle"),
    "restarting": ("info", "bi-arrow-repeat"),
    "reinstalling": ("info", "bi-arrow-counterclockwise"),
}


@register.filter
def filesize(value) -> str:
    """Bytes in binary units, in the page's language: 3508146044885 -> "3.19 TB", "3,19 ТБ"."""
    try:
        size = float(value)
    except (TypeError, ValueError):
        return "—"
    unit = 0
    while abs(size) >= 1024 and unit < len(_UNITS) - 1:
        size /= 1024
        unit += 1
    decimals = 0 if unit == 0 else 2
    return _UNITS[unit] % {"number": formats.number(size, decimals)}


@register.filter
def ssh_fingerprint(public_key: str):
    """The key's SHA256 fingerprint as `ssh-keygen -l` prints it, or None."""
    from vps.fingerprints import fingerprint

    return fingerprint(public_key)


@register.filter
def percent(rate) -> str:
    try:
        number = formats.number(float(rate) * 100, 1)
    except (TypeError, ValueError):
        return "—"
    return _("%(number)s %%") % {"number": number}


@register.simple_tag
def power_badge(status: str):
    colour, icon = _STATUS_STYLE.get(status, ("warning", "bi-question-circle"))
    return format_html(
        '<span class="badge text-bg-{} vps-power" data-testid="vps-power" data-status="{}">'
        '<i class="bi {} me-1"></i>{}</span>',
        colour,
        status,
        icon,
        STATUS_WORDS.get(status, status),
    )


@register.simple_tag
def sort_query(params: dict, column: str, current: str) -> str:
    """The query string that sorts by `column` (again: the other way round)."""
    from urllib.parse import urlencode

    sort = f"-{column}" if current == column else column
    query = {name: value for name, value in params.items() if value and name != "sort"}
    query["sort"] = sort
    return urlencode(query)


# Order statuses Fornex documents (OpenAPI OrderStatus and the cancel mark), in the reader's
# language; a status Fornex adds later is shown as Fornex words it.
_ORDER_STATUS = {
    "active": pgettext_lazy("order status", "active"),
    "unpaid": pgettext_lazy("order status", "unpaid"),
    "pending": pgettext_lazy("order status", "pending"),
    "new": pgettext_lazy("order status", "new"),
    "expired": pgettext_lazy("order status", "expired"),
    "disabled": pgettext_lazy("order status", "disabled"),
    "suspended": pgettext_lazy("order status", "suspended"),
    "blocked": pgettext_lazy("order status", "blocked"),
    "canceled": pgettext_lazy("order status", "cancelled"),
    "cancel_pending": pgettext_lazy("order status", "cancellation pending"),
    "noprolong": pgettext_lazy("order status", "not renewed"),
}


@register.filter
def order_status_label(status: str) -> str:
    """{{ order.status|order_status_label }}: "active" -> "активен" for a Russian reader."""
    return str(_ORDER_STATUS.get(status, status or ""))


@register.filter
def order_status_colour(status: str) -> str:
    return {"active": "success", "suspended": "danger", "pending": "warning"}.get(
        status, "secondary"
    )


@register.inclusion_tag("includes/fetch_status.html", takes_context=True)
def fetch_status_of(context, fetched_list):
    """{% fetch_status %} for a list of answers (one per connection)."""
    from fornexpanel.core.templatetags.panel import fetch_status

    return fetch_status(context, *fetched_list)
