"""One time budget for the Fornex wait of one unit of work (a page, a task's read).

A budget is a deadline in a context variable: `within(seconds)` opens one (an inner call never
extends an outer one), `remaining()` says how many seconds are left. The transport shortens each
attempt's timeouts to what is left and stops retrying when nothing is, so the whole wait of a page,
retries and backoff included, never exceeds its budget. Threads started with a copy of the context
(`contextvars.copy_context().run`) share their parent's deadline.

Plain Python, no Django: the web side opens the budget per request (FORNEX_BUDGET), see
fornexpanel/gateway.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("fornex_deadline", default=None)

# Below this many seconds an attempt is not worth starting: it could only time out.
MIN_ATTEMPT = 0.05


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Bound every Fornex call inside the block to `seconds` in total (or to an outer budget,
    whichever ends first)."""
    deadline = time.monotonic() + max(0.0, float(seconds))
    outer = _deadline.get()
    if outer is not None and outer < deadline:
        deadline = outer
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left in the current budget, or None when no budget is open."""
    deadline = _deadline.get()
    if deadline is None:
        return None
    return max(0.0, deadline - time.monotonic())


def spent() -> bool:
    left = remaining()
    return left is not None and left < MIN_ATTEMPT
