"""Job messages stored as a code with parameters, shown in the reader's language.

A job's message is written by the worker, in the language of whoever started the job; a member
reading in another language should not see it in that one. Beside the text, the handler stores
`result["message_code"] = {"code": ..., "params": {...}, "text": <the text it stored>}`; a page
renders the code in its own language while the stored text is still that one (a later message,
an error say, replaces the text and so falls back to it). Nothing new in the database: older jobs
simply have no code and show their text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

MESSAGE_CODE = "message_code"

MESSAGES = {
    "vps.sent": gettext_lazy("Sent to Fornex; waiting for the server."),
    "vps.server_is": gettext_lazy("The server is %(status)s."),
}
# Fornex's power states, as the status badge names them.
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
    text = render(code, params)
    return text, {MESSAGE_CODE: {"code": code, "params": params, "text": text}}


def render(code: str, params: dict) -> str:
    values = dict(params)
    if "status" in values:
        values["status"] = str(STATUS_WORDS.get(values["status"], values["status"]))
    return str(MESSAGES[code]) % values


def message_for(op) -> str:
    """The operation's message in the reader's language when it is still the coded one."""
    entry = (op.result or {}).get(MESSAGE_CODE)
    if not isinstance(entry, dict) or entry.get("code") not in MESSAGES:
        return op.message
    if entry.get("text") != op.message:
        return op.message  # replaced since (an error, Fornex's words): shown as stored
    try:
        return render(entry["code"], entry.get("params") or {})
    except (KeyError, TypeError, ValueError):
        return op.message
