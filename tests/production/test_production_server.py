"""The panel as docker compose runs it: gunicorn with the compose file's command, production
settings, migrated database, collected static files. Over real HTTP."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.production.helpers import ROOT, free_port, production_env, run
from tests.production.test_compose import _command

HOST = "panel.example.com"
HTTPS = {"Host": HOST, "X-Forwarded-Proto": "https"}


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = _command("web")
        assert command[0] == "gunicorn"
        arguments = [
            f"--bind=127.0.0.1:{self.port}" if part.startswith("--bind") else compose_default(part)
            for part in command[1:]
        ]
        with open(log, "w") as output:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", *arguments, f"--workers={workers}"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(self.url + "/health/", timeout=2)
                return
            except requests.RequestException:  # not listening yet, or still loading the app
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()  # never leave a server behind
                    raise RuntimeError("gunicorn did not start:\n" + log.read_text()) from None
                time.sleep(0.1)

    def lines(self) -> list[dict]:
        return [
            json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")
        ]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def compose_default(part: str) -> str:
    """A compose command's `${NAME:-default}` as compose runs it without NAME in .env."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", part)


def _prepare(env: dict[str, str]) -> None:
    for args in (
        ["manage.py", "migrate", "--noinput", "-v", "0"],
        ["manage.py", "createcachetable"],
        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
    ):
        result = run(args, env)
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(
        tmp,
        DATABASE_URL=f"sqlite:///{tmp / 'panel.sqlite3'}",
        ALLOWED_HOSTS=HOST,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    _prepare(env)
    gunicorn = Gunicorn(env, tmp / "gunicorn.log")
    yield gunicorn
    gunicorn.stop()


def test_pages_link_hashed_static_files_served_by_whitenoise(server):
    page = requests.get(server.url + "/accounts/login/", headers=HTTPS, timeout=10)
    assert page.status_code == 200
    css = re.search(r'href="(/static/css/panel\.[0-9a-f]{12}\.css)"', page.text)
    assert css, "the page does not link the hashed stylesheet"
    static = requests.get(
        server.url + css.group(1), headers={**HTTPS, "Accept-Encoding": "gzip"}, timeout=10
    )
    assert static.status_code == 200
    assert "immutable" in static.headers["Cache-Control"]
    assert static.headers.get("Content-Encoding") == "gzip"
    assert static.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in static.headers["Content-Security-Policy"]


def test_every_security_header_and_cookie_flag_is_on(server):
    page = requests.get(server.url + "/accounts/login/", headers=HTTPS, timeout=10)
    headers = page.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    cookie = headers["Set-Cookie"]
    assert "csrftoken=" in cookie
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_plain_http_is_sent_to_https(server):
    response = requests.get(
        server.url + "/accounts/login/", headers={"Host": HOST}, allow_redirects=False, timeout=10
    )
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{HOST}/accounts/login/"


def test_health_answers_a_probe_by_address(server):
    response = requests.get(server.url + "/health/", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"  # no worker runs in this test
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["cache"]["status"] == "up"
    assert body["checks"]["broker"]["status"] == "up"


def test_each_request_is_one_json_log_line_with_the_id_of_the_header(server):
    response = requests.get(
        server.url + "/accounts/login/?next=/&apikey=QUERY-SECRET", headers=HTTPS, timeout=10
    )
    request_id = response.headers["X-Request-ID"]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        mine = [line for line in server.lines() if line.get("request_id") == request_id]
        if mine:
            break
        time.sleep(0.05)
    assert [line["path"] for line in mine] == ["/accounts/login/"]
    assert mine[0]["status"] == 200 and mine[0]["method"] == "GET"
    assert "QUERY-SECRET" not in server.log.read_text()


def test_health_reports_the_database_gone_with_503(tmp_path):
    # A PostgreSQL nobody listens on: the real driver, the real refusal.
    dead = f"postgres://panel:S3cretDbPassw0rd@127.0.0.1:{free_port()}/panel"
    env = production_env(tmp_path, DATABASE_URL=dead)
    gunicorn = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        response = requests.get(gunicorn.url + "/health/", timeout=15)
    finally:
        gunicorn.stop()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"status": "down"}
    assert body["checks"]["cache"] == {"status": "down"}  # the embedded cache is in the database
    assert body["checks"]["broker"]["status"] == "up"
    assert "S3cretDbPassw0rd" not in response.text + gunicorn.log.read_text()
    assert "database is down" in gunicorn.log.read_text()


def test_with_the_database_gone_pages_answer_503_saying_so(tmp_path):
    dead = f"postgres://panel:S3cretDbPassw0rd@127.0.0.1:{free_port()}/panel"
    env = production_env(tmp_path, DATABASE_URL=dead, ALLOWED_HOSTS=HOST)
    collected = run(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    assert collected.returncode == 0, collected.stderr
    gunicorn = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        sign_in = requests.get(gunicorn.url + "/accounts/login/", headers=HTTPS, timeout=15)
        # A member's session is looked up in the database before any page is built.
        page = requests.get(
            gunicorn.url + "/servers/",
            headers={**HTTPS, "Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"},
            timeout=15,
        )
    finally:
        gunicorn.stop()
    assert sign_in.status_code == 503
    assert "Signing in is not possible right now." in sign_in.text
    assert page.status_code == 503
    assert "The panel cannot reach its database" in page.text
    assert "S3cretDbPassw0rd" not in sign_in.text + page.text
