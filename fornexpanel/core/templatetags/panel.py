"""Template helpers used across the panel."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.http import QueryDict

from accounts import access
from fornexpanel.core import formats, i18n

register = template.Library()


@register.filter
def can(request, action: str) -> bool:
    """{% if request|can:"vps.power" %}: show a button only to members allowed to use it."""
    return access.can(request, action)


@register.simple_tag
def worker_running() -> bool:
    """{% worker_running as running %}: False only when no worker's heartbeat is recent (a
    cache that cannot tell is not taken for a missing worker)."""
    from fornexpanel.core.health import worker_running as alive

    return alive() is not False


@register.simple_tag
def operation_form_token():
    """A fresh one-time token in an action's form: posting the form twice starts one operation
    (operations/idempotency.py)."""
    from django.utils.html import format_html

    from operations.idempotency import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag
def queue_expiry_minutes() -> int:
    from django.conf import settings

    return settings.OPERATIONS_QUEUE_EXPIRY_MINUTES


# Dates, numbers and amounts: one way each, the same as the sentences built in Python say them
# (fornexpanel/core/formats.py). `|date:'c'` stays for machine-readable attributes only.


@register.filter
def moment(value) -> str:
    """{{ op.created_at|moment }}: a date and time in the member's zone and language."""
    return formats.moment(value)


@register.filter
def day(value) -> str:
    """{{ order.expiration_date|day }}: a date (the member's day of a time)."""
    return formats.day(value)


@register.filter
def since(value) -> str:
    """{% blocktranslate with ago=x|since %}{{ ago }} ago{% endblocktranslate %}"""
    return formats.since(value)


@register.filter
def number(value, decimals=None) -> str:
    """{{ value|number:3 }}: a number in the page's language."""
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def money(amount, currency: str = "") -> str:
    """{{ balance|money:"EUR" }}: "474.84 EUR", "474,84 EUR"."""
    return formats.money(amount, currency)


@register.filter
def unit_price(amount, currency: str = "") -> str:
    """{{ plan.price_per_gb|unit_price:"EUR" }}: a price of one unit, with all its places."""
    return formats.money(amount, currency, decimals=None)


@register.filter
def days(value) -> str:
    """{{ runway|days }}: "5 days", "5,7 дн."."""
    return formats.days(value)


@register.filter
def fornex_said(text):
    """{{ entry.note|fornex_said }}: text that came from Fornex, marked as Fornex's words."""
    if text is None or text == "":
        return ""
    return i18n.fornex_words(str(text))


@register.filter
def with_fornex_words(text, words):
    """{{ op.message|with_fornex_words:op.result }}: a stored message whose quoted Fornex phrases
    (kept beside it, under "fornex_words" in a result, or given as a list) are marked as Fornex's
    words. A result rather than its key: a missing filter argument would be an error."""
    if isinstance(words, Mapping):
        words = words.get(i18n.FORNEX_WORDS)
    return i18n.with_fornex_words(text, words)


@register.filter
def operation_message(op) -> str:
    """{{ op|operation_message }}: the job's message in the reader's language where it was stored
    as a code (operations/job_messages.py), otherwise as stored."""
    from operations.job_messages import message_for

    return message_for(op)


@register.filter
def job_step_message(step) -> str:
    """{{ change|job_step_message }}: the message kept in one step of a job's result (a change
    of a DNS plan's run), in the reader's language where it was stored as a code."""
    from operations.job_messages import message_in

    if not isinstance(step, Mapping):
        return ""
    return message_in(step, step.get("message") or "")


@register.filter
def operation_label(op) -> str:
    """{{ op|operation_label }}: what the operation does, in the reader's language ("Restart"),
    or its kind when no handler knows it any more."""
    from operations.registry import handler_for

    try:
        return str(handler_for(op.kind).label or op.kind)
    except LookupError:
        return op.kind


@register.inclusion_tag("includes/fetch_status.html", takes_context=True)
def fetch_status(context, *fetched):
    """The "fetched … ago · refresh" line and, when Fornex failed, the stale or error banner."""
    items = [item for item in fetched if item is not None]
    times = [item.fetched_at for item in items if item.fetched_at]
    request = context.get("request")
    # Refreshing keeps the page's filters, sorting and page number.
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query["refresh"] = "1"
    return {
        "request": request,
        "fetched_at": min(times) if times else None,
        "stale": next((item for item in items if item.stale), None),
        "refresh_query": query.urlencode(),
    }


@register.simple_tag
def stale_shown(stale) -> str:
    """In includes/fetch_status.html: this page says itself that it shows stale data."""
    from fornexpanel import gateway

    notes = gateway.page_notes()
    if stale and notes is not None:
        notes.shown = True
    return ""


@register.inclusion_tag("includes/stale_notice.html")
def stale_notice() -> dict:
    """In base.html, after the content: the stale banner for a page that served stale data
    without showing its own (a form or confirmation page that read the orders, say)."""
    from fornexpanel import gateway

    notes = gateway.page_notes()
    return {"stale": notes.unshown if notes is not None else None}
