"""Template helpers of the servers area: byte sizes, power-state badges, sort links."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

_UNITS = ("B", "KB", "MB", "GB", "TB", "PB")

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
    """Bytes in binary units: 3508146044885 -> "3.19 TB"."""
    try:
        size = float(value)
    except (TypeError, ValueError):
        return "—"
    unit = 0
    while abs(size) >= 1024 and unit < len(_UNITS) - 1:
        size /= 1024
        unit += 1
    decimals = 0 if unit == 0 else 2
    return f"{number_format(size, decimal_pos=decimals, use_l10n=True)} {_UNITS[unit]}"


@register.filter
def percent(rate) -> str:
    try:
        return f"{number_format(float(rate) * 100, decimal_pos=1, use_l10n=True)} %"
    except (TypeError, ValueError):
        return "—"


@register.simple_tag
def power_badge(status: str):
    labels = {
        "on": _("running"),
        "off": _("stopped"),
        "starting": _("starting"),
        "stopping": _("stopping"),
        "restarting": _("restarting"),
        "reinstalling": _("reinstalling"),
    }
    colour, icon = _STATUS_STYLE.get(status, ("warning", "bi-question-circle"))
    return format_html(
        '<span class="badge text-bg-{} vps-power" data-testid="vps-power" data-status="{}">'
        '<i class="bi {} me-1"></i>{}</span>',
        colour,
        status,
        icon,
        labels.get(status, status),
    )


@register.simple_tag
def sort_query(params: dict, column: str, current: str) -> str:
    """The query string that sorts by `column` (again: the other way round)."""
    from urllib.parse import urlencode

    sort = f"-{column}" if current == column else column
    query = {name: value for name, value in params.items() if value and name != "sort"}
    query["sort"] = sort
    return urlencode(query)


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
