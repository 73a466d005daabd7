"""Job messages stored as a code with parameters, shown in the reader's language.

A job's message is written by the worker, in the language of whoever started the job; a member
reading in another language should not see it in that one. Beside the text, the handler stores
`result["message_code"] = {"code": ..., "params": {...}, "text": <the text it stored>}`; a page
renders the code in its own language while the stored text is still that one (a later message,
an error say, replaces the text and so falls back to it). Nothing new in the database: older jobs
simply have no code and show their text.

The same goes for any dict that keeps a "message" (a DNS plan's result per change). A parameter
may itself be a coded message (`{"code": ..., "params": ...}`), rendered in the same language:
a plan's summary quotes the message of the change it stopped at. Fornex's own words and error
descriptions are plain text parameters, shown as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

MESSAGE_CODE = "message_code"


def _plan_summary(params: Mapping[str, Any]) -> str:
    """What a DNS plan's run did, in one paragraph (dns/apply.py `progress_of`)."""
    total, count = params["total"], params["count"]
    parts = [
        ngettext(
            "%(applied)d of %(total)d change applied.",
            "%(applied)d of %(total)d changes applied.",
            total,
        )
        % {"applied": count["applied"], "total": total}
    ]
    if params.get("stopped"):
        parts.append(
            _("Stopped at “%(change)s”: %(reason)s")
            % {"change": params["stopped"], "reason": text(params["reason"])}
        )
    elif params.get("reason"):
        parts.append(text(params["reason"]))
    if count["not_attempted"]:
        parts.append(
            ngettext(
                "%(count)d change was not attempted and stays in the plan.",
                "%(count)d changes were not attempted and stay in the plan.",
                count["not_attempted"],
            )
            % {"count": count["not_attempted"]}
        )
    if count["skipped"]:
        parts.append(
            ngettext(
                "%(count)d change was no longer in the plan.",
                "%(count)d changes were no longer in the plan.",
                count["skipped"],
            )
            % {"count": count["skipped"]}
        )
    return " ".join(parts)


MESSAGES: dict[str, Any] = {
    # What the system writes on any job (operations/services.py).
    "job.expired": gettext_lazy(
        "Not sent: no worker took it within %(minutes)d minutes, so it expired rather than run "
        "late. Nothing was sent to Fornex; start it again if it is still wanted."
    ),
    "job.connection_removed": gettext_lazy(
        "The connection was removed before the action could be sent."
    ),
    "job.rate_limited": gettext_lazy(
        "Fornex is limiting requests (HTTP 429) and did not apply this; try again later."
    ),
    "job.rate_limited_wait": gettext_lazy(
        "Fornex is limiting requests (HTTP 429) and did not apply this; it asks to wait "
        "%(seconds)d seconds before trying again."
    ),
    "job.maybe_applied": gettext_lazy(
        "Fornex did not answer clearly (%(reason)s); the action may or may not have been applied."
    ),
    "job.unexpected_error": gettext_lazy(
        "The worker hit an unexpected error (%(error)s); the action may or may not have been "
        "applied. Check the target before trying again."
    ),
    "job.worker_stopped": gettext_lazy(
        "The worker stopped while sending; the action may or may not have been applied."
    ),
    "job.timed_out": gettext_lazy(
        "Fornex had not finished after %(minutes)d minutes; check the server."
    ),
    "job.ended_by_hand": gettext_lazy(
        "Ended by %(name)s before it was sent: nothing went to Fornex."
    ),
    "job.marked_unknown": gettext_lazy(
        "Marked unknown by %(name)s: the action may or may not have been applied."
    ),
    # VPS power actions (vps/operations.py).
    "vps.sent": gettext_lazy("Sent to Fornex; waiting for the server."),
    "vps.server_is": gettext_lazy("The server is %(status)s."),
    "vps.failed": gettext_lazy("Fornex failed."),
    "vps.unclear_followed": gettext_lazy(
        "Fornex's answer was unclear, but the server is %(status)s: the action went "
        "through and is followed."
    ),
    "vps.unclear_done": gettext_lazy(
        "Fornex's answer was unclear, but the server is %(status)s now."
    ),
    # Rescue mode and the reinstall (v2 only).
    "vps.rescue_on": gettext_lazy("The server runs the rescue system."),
    "vps.rescue_off": gettext_lazy("The server runs from its own disk again."),
    "vps.reinstalled": gettext_lazy("Reinstalled with %(name)s; the server is %(status)s."),
    # Ordering a server (vps/ordering.py); the order's status and address are Fornex's words.
    "vps.ordered": gettext_lazy("Ordered; waiting for Fornex to set the server up."),
    "vps.order_not_listed": gettext_lazy("Waiting for the order to show in Fornex's orders list."),
    "vps.order_setting_up": gettext_lazy(
        "In the orders list, %(status)s; Fornex is setting it up."
    ),
    "vps.order_up": gettext_lazy("The server %(order)s is up (%(address)s)."),
    # The root password reset.
    "vps.password_setting": gettext_lazy("Fornex is setting the new password."),
    "vps.password_set": gettext_lazy("The new password is set."),
    # A DNS plan's run (dns/apply.py): its summary, and the message of each change.
    "dns.plan_summary": _plan_summary,
    "dns.zone_unreadable": gettext_lazy("Could not read the zone before applying: %(reason)s"),
    "dns.skipped": gettext_lazy("No longer in the plan (applied or removed meanwhile)."),
    "dns.not_found": gettext_lazy("Fornex no longer has this record (or domain)."),
    "dns.unclear": gettext_lazy(
        "Fornex did not answer clearly (%(reason)s): this change may or may not have "
        "been applied. It stays in the plan; the next apply checks the zone first."
    ),
    "dns.record_gone": gettext_lazy("This record no longer exists at Fornex."),
    "dns.record_changed": gettext_lazy(
        "This record was changed at Fornex after the change was staged; review it."
    ),
    "dns.found_applied": gettext_lazy(
        "Found applied at Fornex (after last time's unclear answer)."
    ),
    "dns.found_after_stop": gettext_lazy("Found applied at Fornex after the worker stopped."),
    "dns.stopped_unreadable": gettext_lazy(
        "%(stopped)s The zone could not be read back: it stays in the plan, and the next apply "
        "checks the zone first."
    ),
    "dns.stopped_not_in_zone": gettext_lazy("%(stopped)s Not in the zone: it stays in the plan."),
    "dns.worker_stopped": gettext_lazy("The worker stopped while applying the plan."),
}
# Fornex's power states in words: the status badge (vps power_badge) and the messages.
STATUS_WORDS = {
    "on": gettext_lazy("running"),
    "off": gettext_lazy("stopped"),
    "starting": gettext_lazy("starting"),
    "stopping": gettext_lazy("stopping"),
    "restarting": gettext_lazy("restarting"),
    "reinstalling": gettext_lazy("reinstalling"),
}


def coded(code: str, **params: Any) -> tuple[str, dict]:
    """The message text in the current language, and the result entry that keeps its code."""
    message = render(code, params)
    return message, {MESSAGE_CODE: {"code": code, "params": params, "text": message}}


def nested(code: str, **params: Any) -> dict:
    """A coded message given as a parameter of another one."""
    return {"code": code, "params": params}


def text(value: Any) -> str:
    """A parameter as text: a nested coded message rendered, anything else as it is."""
    if isinstance(value, Mapping) and value.get("code") in MESSAGES:
        return render(value["code"], value.get("params") or {})
    return str(value)


def render(code: str, params: Mapping[str, Any]) -> str:
    found: Promise | Callable[[Mapping[str, Any]], str] = MESSAGES[code]
    if not isinstance(found, Promise):
        return found(params)
    values = {key: text(v) if isinstance(v, Mapping) else v for key, v in params.items()}
    if "status" in values:
        values["status"] = str(STATUS_WORDS.get(values["status"], values["status"]))
    return str(found) % values


def message_in(holder: Mapping[str, Any] | None, stored: str) -> str:
    """The message `stored` beside `holder`'s code, in the reader's language while it is still
    the coded one; otherwise as stored."""
    entry = (holder or {}).get(MESSAGE_CODE)
    if not isinstance(entry, Mapping) or entry.get("code") not in MESSAGES:
        return stored
    if entry.get("text") != stored:
        return stored  # replaced since (an error, Fornex's words): shown as stored
    try:
        return render(entry["code"], entry.get("params") or {})
    except (KeyError, TypeError, ValueError):
        return stored


def message_for(op) -> str:
    """The operation's message in the reader's language when it is still the coded one."""
    return message_in(op.result, op.message)
