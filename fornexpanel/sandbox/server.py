"""HTTP plumbing: a threading server whose handler hands requests to ``SandboxApp``.

HTTP/1.1 with keep-alive, because the benchmarks send thousands of requests. Latency and hang
faults sleep outside the application lock, so one slow request never stalls the others.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from fornexpanel.sandbox.api import Response, error_response
from fornexpanel.sandbox.app import SandboxApp
from fornexpanel.sandbox.faults import HANG_SECONDS, Effect

MAX_BODY = 2 * 1024 * 1024  # room for a project logo of up to 1 MB in a multipart body
# What a broken upstream might send: a 200 whose body is not JSON (here an HTML proxy page).
MALFORMED_BODY = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a hanging request never keeps the process alive
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], app: SandboxApp, log_requests: bool = True
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.app = app
        self.log_requests = log_requests
        super().__init__(address, SandboxHandler)


def _fault_response(effect: Effect) -> Response | None:
    if effect.status:
        if effect.status >= 500:
            # Like a proxy or Django's error page: HTML, not the API's JSON.
            page = f"<h1>Server Error ({effect.status})</h1>".encode()
            return Response(effect.status, page, "text/html; charset=utf-8")
        return error_response(effect.status, "Injected fault")
    if effect.malformed:
        return Response(200, MALFORMED_BODY, "application/json")
    return None


def _spoiled(response: Response, effect: Effect) -> Response:
    """The API's real answer, cut in half or turned into JSON of the wrong shape."""
    if effect.reshaped:
        try:
            real = json.loads(response.body)
        except ValueError:
            real = None
        wrong = {"unexpected": ["reshaped"]} if isinstance(real, list) else [["reshaped"]]
        return Response(200, json.dumps(wrong).encode(), "application/json")
    return Response(200, response.body[: len(response.body) // 2], response.content_type)


class SandboxHandler(BaseHTTPRequestHandler):
    server: SandboxHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "FornexSandbox/1.0"
    sys_version = ""
    timeout = 120  # idle keep-alive connections do not hold a thread for ever
    # Headers and body go out in two writes; with Nagle on, keep-alive clients wait ~40 ms for
    # the delayed ACK on every request.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_GET

    def _handle(self) -> None:
        started = time.perf_counter()
        app = self.server.app
        parts = urlsplit(self.path)
        path = parts.path
        body = self._read_body()
        effect: Effect | None = None
        if body is None:
            self.close_connection = True
            response = error_response(413, "Request body too large")
        elif path.startswith("/_sandbox/"):
            response = self._guarded(app.handle_control, self.command, path, body)
        else:
            app.count(self.command, path)
            effect = app.faults.take(self.command, path) if path.startswith("/api/") else None
            if effect is not None and effect.latency:
                app.faults.sleep(effect.latency)
            if effect is not None and effect.hang:
                # Answer nothing; reset or shutdown ends the wait early, then the connection closes.
                app.faults.sleep(HANG_SECONDS)
                self.close_connection = True
                self._log(path, "hung, no answer", started)
                return
            if effect is not None and effect.reset and not effect.status:
                # SO_LINGER with a zero timeout: close() sends a TCP reset, not a FIN.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                self._log(path, "reset", started)
                return
            response = (effect and _fault_response(effect)) or self._guarded(
                app.handle_api,
                self.command,
                path,
                parts.query,
                self.headers.get("Content-Type", ""),
                body,
                self.headers,
            )
            if effect is not None and effect.truncate:
                kept = int(len(response.body) * effect.truncate)
                response = replace(response, body=response.body[:kept])
        if effect is not None and response.status == 200 and (effect.truncated or effect.reshaped):
            response = _spoiled(response, effect)
        try:
            self._send(response)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (a timeout shorter than an injected latency): not a bug.
            self.close_connection = True
            self._log(path, f"{response.status}, client gone", started)
            return
        self._log(path, str(response.status), started)

    def _guarded(self, handler: Callable[..., Response], *args: object) -> Response:
        try:
            return handler(*args)
        except Exception:  # a sandbox bug: say so loudly, answer 500 like a real server would
            traceback.print_exc(file=sys.stderr)
            return error_response(500, "Sandbox internal error")

    def _read_body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _log(self, path: str, outcome: str, started: float) -> None:
        # Path only: the query string may hold the API key, which is never logged.
        if self.server.log_requests:
            elapsed = (time.perf_counter() - started) * 1000
            sys.stderr.write(f"{self.command} {path} {outcome} {elapsed:.1f}ms\n")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence http.server's default log, which would print the full URL with the key."""

    def log_error(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence http.server's error log too (it can also quote the request line)."""


def make_server(
    app: SandboxApp, host: str, port: int, log_requests: bool = True
) -> SandboxHTTPServer:
    return SandboxHTTPServer((host, port), app, log_requests)
