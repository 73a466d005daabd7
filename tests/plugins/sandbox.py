"""Pytest plugin: a real Fornex sandbox process for the tests that need an upstream.

``sandbox_server`` (session) starts ``python -m fornexpanel.sandbox --port 0 --job-seconds 1``
once per session; under pytest-xdist each worker is its own session, so each worker gets its own
sandbox on its own free port. ``sandbox`` (function) resets it before the test and returns a
``Sandbox`` handle for the control endpoints.

No Django and no import of ``fornexpanel`` here, so the plugin loads before Django is set up; the
key constants are repeated from ``fornexpanel/sandbox/seed.py`` for the same reason.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_PREFIX = "Fornex sandbox listening on "
READY_TIMEOUT = 20.0
CONTROL_TIMEOUT = 10.0


class SandboxStartError(RuntimeError):
    pass


class SandboxProcess:
    """A running ``python -m fornexpanel.sandbox``; stderr (one line per request) goes to a file."""

    def __init__(self, *args: str, timeout: float = READY_TIMEOUT) -> None:
        log_fd, log_name = tempfile.mkstemp(prefix="fornex-sandbox-", suffix=".log")
        self.log_path = Path(log_name)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "fornexpanel.sandbox", *args]
        self.process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log_fd,
            text=True,
        )
        os.close(log_fd)
        line = self._ready_line(timeout)
        self.api_url = line.removeprefix(READY_PREFIX).strip()
        self.url = self.api_url.removesuffix("/api")

    def _ready_line(self, timeout: float) -> str:
        # readline() blocks, so it runs in a thread and the wait is bounded here.
        lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        stdout = self.process.stdout
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            line = ""
        if not line.startswith(READY_PREFIX):
            self.stop()
            log = self.log_path.read_text(errors="replace")[-2000:]
            raise SandboxStartError(
                f"The Fornex sandbox did not print its ready line within {timeout:.0f} s "
                f"(got {line!r}, exit code {self.process.returncode}). Its stderr:\n{log}"
            )
        return line

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


class Sandbox:
    """Handle on a running sandbox for one test: URLs, keys and the ``/_sandbox/`` controls."""

    FULL_KEY = "sandbox-full"
    NODNS_KEY = "sandbox-nodns"
    OTHER_KEY = "sandbox-other"

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.api_url = f"{self.url}/api"
        self._session = requests.Session()

    def _control(self, method: str, endpoint: str, payload: Any = None) -> Any:
        response = self._session.request(
            method, f"{self.url}/_sandbox/{endpoint}", json=payload, timeout=CONTROL_TIMEOUT
        )
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        """Seeded data back, faults and counters cleared, clock offset back to zero."""
        self._control("POST", "reset")

    def fault(
        self,
        path: str = "",
        method: str | None = None,
        latency: float | None = None,
        status: int | None = None,
        hang: bool = False,
        malformed: bool = False,
        truncate: float | None = None,
        times: int | None = None,
        reset: bool = False,
        truncated: bool = False,
        reshaped: bool = False,
    ) -> int:
        """Inject a fault on /api/ requests whose path matches the regex ``path``; return its id."""
        spec = {
            "path": path,
            "method": method,
            "latency": latency,
            "status": status,
            "hang": hang,
            "malformed": malformed,
            "truncate": truncate,
            "times": times,
        }
        # Sent only when set: a sandbox from before these faults still takes the others.
        spec.update(
            {
                name: True
                for name, on in (("reset", reset), ("truncated", truncated), ("reshaped", reshaped))
                if on
            }
        )
        return self._control("POST", "faults", spec)["id"]

    def faults(self) -> list[dict[str, Any]]:
        return self._control("GET", "faults")["faults"]

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def requests(self) -> dict[str, int]:
        """Requests received since the last reset, by ``"METHOD /path"`` (no query string)."""
        return self._control("GET", "requests")

    def count(self, method: str, path: str) -> int:
        """How many ``method`` requests reached ``path`` ("/api/..." or relative to /api/)."""
        path = path.split("?", 1)[0]
        if not path.startswith("/api/"):
            path = "/api/" + path.lstrip("/")
        return self.requests().get(f"{method.upper()} {path}", 0)

    def advance(self, seconds: float) -> None:
        """Move the sandbox's job clock forward, so running jobs finish without sleeping."""
        self._control("POST", "clock", {"advance": seconds})

    def close(self) -> None:
        self._session.close()


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxProcess]:
    server = SandboxProcess("--port", "0", "--job-seconds", "1")
    try:
        yield server
    finally:
        server.stop()
        # Keep the request log only when the sandbox hit a bug, to read its traceback.
        if "Traceback" in server.log_path.read_text(errors="replace"):
            warnings.warn(
                f"The Fornex sandbox logged an error: see {server.log_path}", stacklevel=1
            )
        else:
            server.log_path.unlink(missing_ok=True)


@pytest.fixture
def sandbox(sandbox_server: SandboxProcess) -> Iterator[Sandbox]:
    handle = Sandbox(sandbox_server.url)
    handle.reset()
    try:
        yield handle
    finally:
        handle.close()
