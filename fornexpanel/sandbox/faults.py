"""Faults injected at run time through ``/_sandbox/faults``, for tests of failure handling.

A fault applies to ``/api/`` requests whose path it matches (``re.search``) and, if it names one,
whose method it matches. Every matching fault applies (and uses up one of its ``times``): their
latencies add up, then the first of hang, reset, status, malformed decides the answer. A faulted
request (other than latency, truncate, truncated and reshaped) never reaches the API, so a faulted
POST changes nothing.

- ``reset``: the connection is closed with a TCP reset, no answer.
- ``truncated``: the API's real answer cut in half (its Content-Length says so: a well-formed
  HTTP answer whose JSON is cut).
- ``truncate`` (a fraction between 0 and 1): the answer's body cut to that share of its bytes,
  with a Content-Length that matches the cut body: a proxy that lost the end of the file, which
  only the file's own check can notice.
- ``reshaped``: valid JSON of the wrong shape (a list where the API answers an object, and the
  other way round).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

HANG_SECONDS = 120.0  # far longer than any client timeout
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_FIELDS = (
    "path",
    "method",
    "latency",
    "status",
    "hang",
    "malformed",
    "reset",
    "truncated",
    "truncate",
    "reshaped",
    "times",
)
_FLAGS = ("hang", "malformed", "reset", "truncated", "reshaped")


class FaultSpecError(ValueError):
    """The JSON given to ``POST /_sandbox/faults`` is not a valid fault."""


@dataclass
class Fault:
    id: int
    path: re.Pattern[str]
    method: str | None = None
    latency: float = 0.0
    status: int | None = None
    hang: bool = False
    malformed: bool = False
    reset: bool = False
    truncated: bool = False
    reshaped: bool = False
    truncate: float | None = None  # share of the body's bytes kept
    times: int | None = None  # remaining uses; None is unlimited

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and bool(self.path.search(path))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path.pattern,
            "method": self.method,
            "latency": self.latency,
            "status": self.status,
            "hang": self.hang,
            "malformed": self.malformed,
            "reset": self.reset,
            "truncated": self.truncated,
            "reshaped": self.reshaped,
            "truncate": self.truncate,
            "times": self.times,
        }


@dataclass
class Effect:
    """What the matching faults do to one request."""

    latency: float = 0.0
    hang: bool = False
    status: int | None = None
    malformed: bool = False
    reset: bool = False
    truncated: bool = False
    reshaped: bool = False
    truncate: float | None = None
    fault_ids: list[int] = field(default_factory=list)


def _number(spec: dict, name: str, low: float, high: float) -> float | None:
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise FaultSpecError(f"{name} must be a number from {low} to {high}")
    return value


def _flag(spec: dict, name: str) -> bool:
    value = spec.get(name, False)
    if not isinstance(value, bool):
        raise FaultSpecError(f"{name} must be true or false")
    return value


def parse_fault(fault_id: int, spec: Any) -> Fault:
    if not isinstance(spec, dict):
        raise FaultSpecError("a fault is a JSON object")
    unknown = sorted(set(spec) - set(_FIELDS))
    if unknown:
        raise FaultSpecError(f"unknown fields {unknown}; known: {list(_FIELDS)}")
    try:
        path = re.compile(spec.get("path") or "")
    except (re.error, TypeError) as exc:
        raise FaultSpecError(f"path must be a regular expression: {exc}") from None
    method = spec.get("method")
    if method is not None and (not isinstance(method, str) or method.upper() not in METHODS):
        raise FaultSpecError(f"method must be null or one of {list(METHODS)}")
    status = _number(spec, "status", 100, 599)
    times = _number(spec, "times", 1, 10**9)
    if (status is not None and status != int(status)) or (
        times is not None and times != int(times)
    ):
        raise FaultSpecError("status and times must be whole numbers")
    fault = Fault(
        id=fault_id,
        path=path,
        method=method.upper() if method else None,
        latency=float(_number(spec, "latency", 0, 600) or 0.0),
        status=int(status) if status is not None else None,
        truncate=_number(spec, "truncate", 0, 1),
        times=int(times) if times is not None else None,
        **{flag: _flag(spec, flag) for flag in _FLAGS},
    )
    if fault.truncate is not None and not 0 < fault.truncate < 1:
        raise FaultSpecError("truncate must be a fraction between 0 and 1")
    flagged = any(getattr(fault, flag) for flag in _FLAGS)
    if not (fault.latency or fault.status or fault.truncate or flagged):
        raise FaultSpecError(f"a fault needs latency, status, truncate or one of {list(_FLAGS)}")
    return fault


class Faults:
    """The active faults, safe to use from every request thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 0
        self._abort = threading.Event()

    def add(self, spec: Any) -> Fault:
        with self._lock:
            fault = parse_fault(self._next_id + 1, spec)
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def listing(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.as_dict() for fault in self._faults]

    def take(self, method: str, path: str) -> Effect | None:
        """The combined effect of the faults matching this request, using up their ``times``."""
        with self._lock:
            matching = [fault for fault in self._faults if fault.matches(method, path)]
            if not matching:
                return None
            effect = Effect()
            for fault in matching:
                effect.fault_ids.append(fault.id)
                effect.latency += fault.latency
                effect.status = effect.status or fault.status
                for flag in _FLAGS:
                    setattr(effect, flag, getattr(effect, flag) or getattr(fault, flag))
                effect.truncate = effect.truncate or fault.truncate
                if fault.times is not None:
                    fault.times -= 1
            self._faults = [fault for fault in self._faults if fault.times != 0]
            return effect

    def sleep(self, seconds: float) -> bool:
        """Sleep, unless woken by ``wake_sleepers``; True when woken early."""
        return self._abort.wait(seconds)

    def wake_sleepers(self) -> None:
        """End every latency and hang in progress (on reset and on shutdown)."""
        with self._lock:
            woken, self._abort = self._abort, threading.Event()
        woken.set()
