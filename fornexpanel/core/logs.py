"""Log lines: one JSON object per line in production, readable text on a developer's machine.

Every line carries the request id of the request or task it belongs to (from the origin context),
so a request id quoted by a user finds its access line, its error and the tasks it started.

What goes into a line is chosen here, not by whoever logs: the message, the fields passed as
`extra={"fields": {...}}`, and the traceback. Other `extra` attributes (Celery puts task arguments
there) are left out, and `apikey=...` values are redacted from whatever text remains, as a last
line of defence behind the Fornex client's own redaction.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from fornexpanel.core.context import current_request_id
from fornexpanel.core.debug import revealed_secrets
from fornexpanel.fornex.redaction import redact as _redact


def redact(text: str) -> str:
    # `apikey=...` patterns, and any secret this thread decrypted (fornexpanel/core/debug.py).
    return _redact(text, *revealed_secrets())


def _request_id(record: logging.LogRecord) -> str:
    fields = getattr(record, "fields", None) or {}
    # django.request attaches the request itself to its records.
    request = getattr(record, "request", None)
    return (
        fields.get("request_id") or current_request_id() or getattr(request, "request_id", "") or ""
    )


def _without_url_secrets(record: logging.LogRecord, text: str) -> str:
    """django.request's lines ("Internal Server Error: /invitations/<token>/") name the path:
    credentials in it (an invitation's token) are replaced as in the access log."""
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if not path or path not in text:
        return text
    from fornexpanel.core.middleware import loggable_path

    return text.replace(path, loggable_path(request))


def _message(record: logging.LogRecord) -> str:
    try:
        return redact(_without_url_secrets(record, record.getMessage()))
    except Exception:  # a malformed record still gets a line rather than breaking the caller
        return redact(str(record.msg))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({key: value for key, value in fields.items() if key not in line})
        line["request_id"] = _request_id(record) or None
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = redact(record.exc_text)
        return json.dumps(line, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """For DEBUG=1 on a terminal: time, level, logger, [request id] message key=value..."""

    def format(self, record: logging.LogRecord) -> str:
        time = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        request_id = _request_id(record)
        text = f"{time} {record.levelname:<7} {record.name} "
        if request_id:
            text += f"[{request_id[:12]}] "
        text += _message(record)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            extras = " ".join(
                f"{key}={value}"
                for key, value in fields.items()
                if key != "request_id" and value not in (None, "")
            )
            text += f"  {extras}" if extras else ""
        if record.exc_info:
            text += "\n" + redact(self.formatException(record.exc_info))
        elif record.exc_text:
            text += "\n" + redact(record.exc_text)
        return text
