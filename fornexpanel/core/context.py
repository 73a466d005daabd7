"""Who and where an action comes from, for the audit history and the logs.

Set by the request middleware for web requests and by tasks for background work, so services can
record the request id, IP and user agent without having the request passed down to them. A call
through the panel's API adds `via`: which API token made it (its name and visible prefix, never
the token itself), so every audit event the services write for it names the token.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""
    via: str = ""


_NO_ORIGIN = Origin()
_origin: ContextVar[Origin] = ContextVar("fornexpanel_origin", default=_NO_ORIGIN)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_origin() -> Origin:
    return _origin.get()


def current_request_id() -> str:
    return _origin.get().request_id


def set_origin(value: Origin) -> Token[Origin]:
    """For code that cannot wrap a block (Celery's prerun/postrun signals): pair with reset_origin."""
    return _origin.set(value)


def reset_origin(token: Token[Origin]) -> None:
    _origin.reset(token)


@contextlib.contextmanager
def origin(value: Origin) -> Iterator[Origin]:
    token = _origin.set(value)
    try:
        yield value
    finally:
        _origin.reset(token)
