"""The API key never leaks: not in errors, their chains, their pickles, nor in any log record.

These tests use real HTTP against a local server (and a closed local port), so that urllib3 does
its real DEBUG logging of request lines, which include the query string and so the key.
"""

from __future__ import annotations

import json
import logging
import pickle
import socket
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import KEY

from fornexpanel.fornex import (
    BadRequest,
    FornexError,
    InvalidApiKey,
    LegacyClient,
    MalformedResponse,
    NoPermission,
    NotFound,
    PasswordReset,
    UpstreamUnavailable,
)
from fornexpanel.fornex.redaction import redact

HTML = "text/html"
JSON = "application/json"

# scenario -> (status, content type, body, seconds to wait before answering, extra headers)
SCENARIOS = {
    "unauthorized": (401, JSON, {"error": "Unauthorized"}, 0, {}),
    "forbidden": (403, JSON, "", 0, {}),
    "rights": (403, JSON, {"error": "Insufficient rights"}, 0, {}),
    "missing": (404, HTML, "<html><body>Not found</body></html>", 0, {}),
    "rejected": (400, JSON, {"error": "Bad value"}, 0, {}),
    "echoes-key": (400, JSON, {"error": f"key {KEY} is wrong (apikey={KEY})"}, 0, {}),
    "echoes-key-200": (200, JSON, {"error": f"invalid apikey: {KEY}"}, 0, {}),
    "ok-false": (200, JSON, {"ok": "False", "error": f"?apikey={KEY}"}, 0, {}),
    "down": (503, HTML, f"<html>down {KEY}</html>", 0, {}),
    "down-text": (502, "text/plain", f"upstream failed for apikey={KEY}", 0, {}),
    "html": (200, HTML, f"<!DOCTYPE html><html>login {KEY}</html>", 0, {}),
    "shape": (200, JSON, {"unexpected": KEY}, 0, {}),
    "redirect": (302, HTML, "", 0, {"Location": f"/login/?next=/api/?apikey={KEY}"}),
    "slow": (200, JSON, {"balance": 1, "currency": "EUR"}, 0.6, {}),
}

EXPECTED = {
    "unauthorized": InvalidApiKey,
    "forbidden": InvalidApiKey,  # NoPermission on DNS paths, see expected_error()
    "rights": NoPermission,
    "missing": NotFound,
    "rejected": BadRequest,
    "echoes-key": BadRequest,
    "echoes-key-200": BadRequest,
    "ok-false": BadRequest,
    "down": UpstreamUnavailable,
    "down-text": UpstreamUnavailable,
    "html": MalformedResponse,
    "shape": MalformedResponse,
    "redirect": MalformedResponse,
    "slow": UpstreamUnavailable,
    "refused": UpstreamUnavailable,
}

# One of each kind of call: retried GET, DNS GET, POST, never-retried GET, text GET.
OPERATIONS = {
    "account_balance": (),
    "dns_records": ("example.com",),
    "vps_stop": ("34-1",),
    "vps_passwd_reset": ("34-1",),
    "dns_zone_file": ("example.com",),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer()

    def answer(self) -> None:
        status, content_type, body, delay, headers = SCENARIOS[self.path.split("/")[1]]
        time.sleep(delay)
        payload = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass  # http.server writes request lines (with the key) to stderr


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up on the slow scenario is expected


@pytest.fixture(scope="module")
def server_url():
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def expected_error(scenario: str, operation: str) -> type[FornexError] | None:
    if scenario == "forbidden" and operation.startswith("dns_"):
        return NoPermission
    return EXPECTED[scenario]


def assert_key_absent(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    assert KEY not in str(error)
    assert KEY not in repr(error)
    assert KEY not in repr(error.args)
    assert KEY not in repr(vars(error))
    assert KEY not in "".join(traceback.format_exception(error))
    assert KEY.encode() not in pickle.dumps(error)
    assert error.__cause__ is None and error.__context__ is None
    assert "?" not in (error.path or "")
    formatter = logging.Formatter("%(name)s %(message)s")
    for record in caplog.records:
        assert KEY not in formatter.format(record), record.name


CASES = [
    (scenario, operation)
    for scenario in [*SCENARIOS, "refused"]
    for operation in OPERATIONS
    if expected_error(scenario, operation) is not None
]


@pytest.mark.parametrize(("scenario", "operation"), CASES)
def test_the_key_never_leaks_from_an_error(
    scenario, operation, server_url, closed_port_url, caplog
):
    caplog.set_level(logging.DEBUG)  # root: every logger, urllib3's included
    caplog.set_level(logging.DEBUG, logger="urllib3")  # the settings quiet it to WARNING
    base = closed_port_url if scenario == "refused" else f"{server_url}/{scenario}"
    client = LegacyClient(KEY, base + "/api", timeout=(1, 0.2), retries=1, backoff=0)

    with pytest.raises(FornexError) as caught:
        getattr(client, operation)(*OPERATIONS[operation])

    assert type(caught.value) is expected_error(scenario, operation)
    assert caught.value.operation == operation
    assert_key_absent(caught.value, caplog)
    if scenario != "refused":
        # urllib3 really logged the request line, through the redacting filter.
        lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
        assert any(f"/{scenario}/api/" in line for line in lines) or scenario == "slow"
        if operation != "vps_stop" and scenario != "slow":
            assert any("apikey=***" in line for line in lines)


def test_an_echoed_key_is_masked_in_the_message(server_url):
    client = LegacyClient(KEY, f"{server_url}/echoes-key/api", retries=0)
    with pytest.raises(BadRequest) as caught:
        client.account_balance()
    assert caught.value.message == "key *** is wrong (apikey=***)"


def test_a_successful_call_logs_no_key(server_url, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    client = LegacyClient(KEY, f"{server_url}/slow/api", timeout=(1, 5))
    assert client.account_balance().currency == "EUR"
    assert "apikey=***" in caplog.text
    assert KEY not in caplog.text


def test_the_urllib3_filter_also_cleans_tracebacks(caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    try:
        raise OSError(f"GET /api/account/balance?apikey={KEY}&x=1")
    except OSError:
        logging.getLogger("urllib3.connectionpool").debug("failed", exc_info=True)
    assert KEY not in caplog.text
    assert "apikey=***&x=1" in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        f"/api/x?apikey={KEY}",
        f"/api/x?a=1&apikey={KEY}&b=2",
        f"{{'apikey': '{KEY}'}}",
        f'{{"api_key": "{KEY}"}}',
    ],
)
def test_redact_masks_key_parameters(text):
    assert KEY not in redact(text)


def test_a_password_reset_never_shows_the_password():
    reset = PasswordReset(resp_id=1, password="hunter2")
    assert "hunter2" not in repr(reset) and "hunter2" not in str(reset)
    assert "passwd=***" in repr(reset)
