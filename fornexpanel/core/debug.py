"""Error reports (Django's technical 500 page with DEBUG on, the traceback in the log) that never
show a decrypted secret.

Django's page lists every frame's local variables and the settings. Settings named like secrets
are hidden by Django itself; locals are not, and the Fornex key sits in several of them while a
request to Fornex is under way (the client's headers, the query string of the legacy API).
So every secret the panel decrypts is remembered here, for this thread or task, and:

- `SecretsFilter` hides any local variable named like a secret or whose value shows one;
- `SecretsReporter` removes them from the whole page and text once more (the exception's message
  included), as the last line of defence;
- the log formatters (fornexpanel/core/logs.py) remove them from tracebacks.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = "********************"
# A thread serves one request at a time; the last few secrets it decrypted are enough (a page
# reads a handful of connections at most) and the list cannot grow without bound.
_KEEP = 32
_revealed: ContextVar[tuple[str, ...]] = ContextVar("fornexpanel_revealed", default=())

# Local variables whose name says what they hold.
SECRET_NAMES = re.compile(
    r"api_?key|apikey|secret|passw|token|authorization|^key$|^headers$|^auth$|^plain$|^seed$",
    re.I,
)


def remember_revealed(secret: str) -> None:
    """Call where a secret is decrypted: error reports will hide it wherever it shows."""
    if not secret:
        return
    kept = _revealed.get()
    if secret not in kept:
        _revealed.set((secret, *kept)[:_KEEP])


def revealed_secrets() -> tuple[str, ...]:
    return _revealed.get()


def scrub(text: str, secrets: tuple[str, ...] | None = None) -> str:
    """`text` with each decrypted secret (raw or HTML-escaped) replaced."""
    for secret in revealed_secrets() if secrets is None else secrets:
        text = text.replace(secret, HIDDEN)
        escaped = str(escape(secret))
        if escaped != secret:
            text = text.replace(escaped, HIDDEN)
    return text


def _shows_secret(value: Any, secrets: tuple[str, ...]) -> bool:
    if not secrets:
        return False
    try:
        shown = repr(value)
    except Exception:  # a broken __repr__ shows nothing either
        return False
    return any(secret in shown for secret in secrets)


class SecretsFilter(SafeExceptionReporterFilter):
    """Django's filter (settings, POST fields marked sensitive) plus frame locals that hold or
    show a secret."""

    def get_traceback_frame_variables(self, request, tb_frame):
        secrets = revealed_secrets()
        cleansed = []
        for name, value in super().get_traceback_frame_variables(request, tb_frame):
            if SECRET_NAMES.search(str(name)) or _shows_secret(value, secrets):
                value = self.cleansed_substitute
            cleansed.append((name, value))
        return cleansed


class SecretsReporter(ExceptionReporter):
    """The technical 500 page and its text version, with every decrypted secret removed."""

    def get_traceback_html(self):
        return mark_safe(scrub(str(super().get_traceback_html())))  # noqa: S308 (scrubbed text of Django's own page)

    def get_traceback_text(self):
        return scrub(str(super().get_traceback_text()))
