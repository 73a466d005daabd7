"""The v2 client never leaks the key: it travels in a header, which no log line shows, and it is in
no error, traceback or pickle, whatever the answer. Real HTTP against a local server, so urllib3
does its real DEBUG logging."""

from __future__ import annotations

import http.client
import json
import logging
import pickle
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import KEY

from fornexpanel.fornex import FornexError, NoV2Equivalent, V2Client

HTML = "text/html"
JSON = "application/json"

# scenario -> (status, content type, body)
SCENARIOS = {
    "ok": (200, JSON, {"balance": 1, "currency": "EUR"}),
    "unauthorized": (401, JSON, {"detail": f"Invalid key {KEY}"}),
    "forbidden": (403, JSON, {"detail": "You do not have permission to perform this action."}),
    "filter": (403, HTML, f"<html>blocked {KEY}</html>"),
    "fields": (400, JSON, {"value": [f"no {KEY}"], "detail_x": [f"Api-Key {KEY}"]}),
    "down": (503, HTML, f"<html>{KEY}</html>"),
    "shape": (200, JSON, {"unexpected": KEY}),
}
SEEN_HEADERS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        SEEN_HEADERS.append(self.headers.get("Authorization", ""))
        scenario = self.path.split("/")[1]
        status, content_type, body = SCENARIOS[scenario]
        if self.path.startswith(f"/{scenario}/api/plans/vpn"):
            body = [{"available_locations": [], "type": "d", "id": 1, "price": 1}]
            status, content_type = 200, JSON
        payload = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")  # the settings quiet it to WARNING
    return caplog


def logged(caplog) -> str:
    formatter = logging.Formatter("%(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_a_successful_call_logs_neither_the_key_nor_the_header(server_url, debug_logs, capfd):
    client = V2Client(KEY, f"{server_url}/ok/api", timeout=(1, 5))
    assert client.account_balance().currency == "EUR"
    text = logged(debug_logs)
    assert "/ok/api/account/balance" in text  # urllib3 did log the request line
    assert KEY not in text and "Api-Key" not in text and "Authorization" not in text
    assert SEEN_HEADERS[-1] == f"Api-Key {KEY}"
    # http.client prints headers only with a debuglevel above 0, which nothing here sets.
    assert http.client.HTTPConnection.debuglevel == 0
    out, err = capfd.readouterr()
    assert KEY not in out and KEY not in err


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s != "ok"])
def test_the_key_never_leaks_from_an_error(server_url, debug_logs, scenario):
    client = V2Client(KEY, f"{server_url}/{scenario}/api", timeout=(1, 5), retries=1, backoff=0)
    with pytest.raises(FornexError) as caught:
        client.account_balance()
    error = caught.value
    for text in (
        str(error),
        repr(error),
        repr(vars(error)),
        "".join(traceback.format_exception(error)),
    ):
        assert KEY not in text
    assert KEY.encode() not in pickle.dumps(error)
    assert error.__cause__ is None and error.__context__ is None
    assert KEY not in logged(debug_logs)


def test_what_v2_lacks_never_sends_the_key_in_a_url(server_url, debug_logs):
    client = V2Client(KEY, f"{server_url}/ok/api", timeout=(1, 5))
    with pytest.raises(NoV2Equivalent):
        client.plans_vpn()
    with pytest.raises(NoV2Equivalent):
        client.vpn_config("301-1", "tcp")
    assert KEY not in logged(debug_logs) and "apikey" not in logged(debug_logs)


def test_the_client_and_its_auth_hide_the_key():
    client = V2Client(KEY, "https://fornex.test/api")
    assert KEY not in repr(client) and KEY not in repr(client._transport._auth)
    with pytest.raises(TypeError):
        pickle.dumps(client._transport._key)
