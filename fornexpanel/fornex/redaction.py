"""Keeping API keys out of reprs, messages and logs.

The legacy API takes the key as a query parameter, and urllib3 logs every request line (query
string included) at DEBUG, so a filter on urllib3's loggers rewrites `apikey=...` to
`apikey=***`. It is installed when `fornexpanel.fornex` is imported.
"""

from __future__ import annotations

import logging
import re
import traceback

REDACTED = "***"

_APIKEY_IN_TEXT = re.compile(r"(?i)(api[_-]?key['\"]?\s*[=:]\s*['\"]?)[^&\s'\"#,;)\]}]+")

# Every urllib3 logger that formats a URL into its message; filters attached to a logger only see
# records created on that very logger, so each one needs its own.
URLLIB3_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.poolmanager",
    "urllib3.response",
    "urllib3.util.retry",
)


class Secret:
    """A string that never shows itself in repr/str (and so not in tracebacks with locals)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        # A pickled client would carry the key in clear into caches or task queues.
        raise TypeError("a Secret cannot be pickled")


def redact(text: str, *secrets: str) -> str:
    """`text` with `apikey=<value>` patterns and each given secret replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return _APIKEY_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, text)


class RedactApiKeyFilter(logging.Filter):
    """Rewrites records whose message or traceback contains `apikey=<value>`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's problem, not ours
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info:
            # Exceptions from urllib3 embed the URL; keep only a redacted rendering of them.
            text = record.exc_text or "".join(traceback.format_exception(*record.exc_info))
            record.exc_text = redact(text).rstrip("\n")
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_FILTER = RedactApiKeyFilter()


def install_log_redaction() -> None:
    """Attach the redacting filter to urllib3's loggers (idempotent)."""
    for name in URLLIB3_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
