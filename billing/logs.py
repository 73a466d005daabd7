"""Keeping the panel's webhook tokens out of the logs.

Django logs the path of every 4xx/5xx answer ("Bad Request: /billing/hooks/tickets/<token>/"),
and so does `runserver`; a filter on those loggers masks the token. Filters attached to a logger
only see records created on that very logger, so each one gets its own.
"""

from __future__ import annotations

import logging
import re

HOOK_TOKEN = re.compile(r"(/hooks/tickets/)[^/\s?#\"']+")
MASK = r"\1***"
LOGGERS = ("django.request", "django.server", "django.security.csrf")


def redact_tokens(text: str) -> str:
    return HOOK_TOKEN.sub(MASK, text)


class RedactHookTokenFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's problem, not ours
            return True
        cleaned = redact_tokens(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


_FILTER = RedactHookTokenFilter()


def install_token_redaction() -> None:
    """Attach the filter to Django's request loggers (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
