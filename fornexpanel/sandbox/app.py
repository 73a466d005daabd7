"""The sandbox application: seeded world, lock, request counters, faults and control endpoints.

Control endpoints live under ``/_sandbox/`` and need no API key (they exist only here, never on
Fornex):

- ``GET /_sandbox/health`` -> ``{"ok": true}``
- ``POST /_sandbox/reset`` -> restore the seeded data; clear faults, counters and clock offset
- ``POST /_sandbox/faults`` with a JSON fault (see ``faults.py``) -> ``{"id": n}``
- ``GET /_sandbox/faults`` -> ``{"faults": [...]}``; ``DELETE /_sandbox/faults`` clears them
- ``GET /_sandbox/requests`` -> ``{"POST /api/vps/stop/34-177054/": 1, ...}`` (path, no query)
- ``POST /_sandbox/clock`` with ``{"advance": seconds}`` -> jobs see that much more time passed
- ``GET /_sandbox/tickets`` -> ``{"sandbox-full": [ticket, ...], ...}``: tickets opened through v2

Requests for the v2 API (``v2.claims``) go to ``v2.dispatch``, the others to the legacy routes.
A GET of an API path without its trailing slash is redirected (301) to the slashed path, as
Fornex's Django server does (``append_slash``).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any

from fornexpanel.sandbox import api, v2, v2_orders, v2_state
from fornexpanel.sandbox.api import Response, dispatch, error_response, json_response
from fornexpanel.sandbox.faults import Faults, FaultSpecError
from fornexpanel.sandbox.models import Clock, World
from fornexpanel.sandbox.seed import SeedConfig, anchor_for, build_world


class ControlError(ValueError):
    """A control request the sandbox cannot act on (400)."""


class SandboxApp:
    def __init__(
        self, config: SeedConfig, job_seconds: float = 3.0, clock: Clock | None = None
    ) -> None:
        self.config = config
        self.job_seconds = job_seconds
        self.clock = clock or Clock()
        # Fixed at start so that a reset gives back exactly the same data.
        self.anchor = anchor_for(self.clock)
        # One lock for all API state: requests are short, and it keeps every rule simple.
        self.lock = threading.Lock()
        self.faults = Faults()
        self.counters: Counter[str] = Counter()
        self.world: World = self._seed()

    def _seed(self) -> World:
        return build_world(self.config, self.clock, self.job_seconds, self.anchor)

    def reset(self) -> None:
        with self.lock:
            self.clock.offset = 0.0
            self.world = self._seed()
            self.counters.clear()
        self.faults.clear()
        self.faults.wake_sleepers()

    def count(self, method: str, path: str) -> None:
        with self.lock:
            self.counters[f"{method} {path}"] += 1

    def handle_api(
        self,
        method: str,
        path: str,
        query: str,
        content_type: str,
        body: bytes,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        redirect = append_slash(method, path, query)
        if redirect is not None:
            return redirect
        with self.lock:
            v2_orders.settle(self.world)  # new VPSs come up after a few seconds
            if v2.claims(path, headers):
                return v2.dispatch(self.world, method, path, query, content_type, body, headers)
            return dispatch(self.world, method, path, query, content_type, body)

    def handle_control(self, method: str, path: str, body: bytes) -> Response:
        endpoint = path.removeprefix("/_sandbox/").rstrip("/")
        allowed = _CONTROL_METHODS.get(endpoint)
        if allowed is None:
            return error_response(404, "Not found")
        if method not in allowed:
            return error_response(405, "Method not allowed", {"Allow": ", ".join(allowed)})
        if endpoint == "health":
            return json_response({"ok": True})
        if endpoint == "reset":
            self.reset()
            return json_response({"ok": True})
        if endpoint == "requests":
            with self.lock:
                return json_response(dict(self.counters))
        if endpoint == "tickets":
            with self.lock:
                return json_response(v2_state.tickets_by_key(self.world))
        try:
            payload = _json_body(body)
            if endpoint == "clock":
                return self._advance(payload)
            if method == "GET":
                return json_response({"faults": self.faults.listing()})
            if method == "DELETE":
                self.faults.clear()
                return json_response({"ok": True})
            return json_response({"id": self.faults.add(payload).id})
        except (ControlError, FaultSpecError) as exc:
            return error_response(400, str(exc))

    def _advance(self, payload: Any) -> Response:
        seconds = payload.get("advance") if isinstance(payload, dict) else None
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ControlError('expected {"advance": seconds}, a number of seconds >= 0')
        with self.lock:
            self.clock.advance(float(seconds))
            return json_response({"ok": True, "offset": self.clock.offset})


def append_slash(method: str, path: str, query: str) -> Response | None:
    """As Fornex's Django does (APPEND_SLASH): a GET or HEAD of a path that only exists with a
    trailing slash is sent there with a 301, query string kept, rather than answered 404."""
    if method not in ("GET", "HEAD") or path.endswith("/"):
        return None
    routes = [*v2.ROUTES, *api.ROUTES]
    if any(r.pattern.fullmatch(path) for r in routes):
        return None
    slashed = f"{path}/"
    if not any(r.pattern.fullmatch(slashed) for r in routes):
        return None
    location = slashed + (f"?{query}" if query else "")
    return Response(301, b"", "text/html; charset=utf-8", {"Location": location})


_CONTROL_METHODS = {
    "health": ("GET",),
    "reset": ("POST",),
    "faults": ("GET", "POST", "DELETE"),
    "requests": ("GET",),
    "clock": ("POST",),
    "tickets": ("GET",),
}


def _json_body(body: bytes) -> Any:
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except ValueError:
        raise ControlError("the body is not valid JSON") from None
