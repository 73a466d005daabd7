"""A hanging Fornex must not stall the whole site: with gunicorn run as docker compose runs it (two
workers) and pages stuck waiting on a Fornex that accepts connections and never answers, the
sign-in page and /health/ still answer at once. Over real HTTP, real processes."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time

import pytest
import requests

from tests.production.helpers import ROOT, production_env, run
from tests.production.test_compose import SERVICES, _command
from tests.production.test_production_server import Gunicorn, _prepare

HOST = "panel.example.com"
PASSWORD = "correct horse battery staple"
# Pages that each ask Fornex something else (no single-flight wait between them).
FORNEX_PAGES = ["/servers/", "/billing/", "/dns/", "/"]
# What a member and a load balancer can wait; a hanging read costs FORNEX_TIMEOUT (60 s here).
PROMPT = 1.0


class HangingFornex:
    """Accepts connections, reads the request, never answers: a Fornex that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = threading.Semaphore(0)
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            self.accepted.release()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        for conn in self.held:
            conn.close()


def _member(env: dict[str, str]) -> None:
    """A member of a team with a connection (to the hanging Fornex, through FORNEX_API_URL)."""
    code = f"""
import django
django.setup()
from accounts.connections import _store_key
from accounts.models import Connection, Membership, Team
from accounts.services import user_create
user = user_create(username="dana", email="dana@example.com", password={PASSWORD!r})
team = Team.objects.create(name="Ops")
Membership.objects.create(team=team, user=user, role="owner")
connection = Connection(team=team, label="Main", dialect="legacy")
_store_key(connection, "hanging-key")
connection.save()
"""
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr


def _signed_in(url: str) -> requests.Session:
    session = requests.Session()
    session.headers["Host"] = HOST
    page = session.get(url + "/accounts/login/", timeout=30)
    token = session.cookies["csrftoken"]
    answer = session.post(
        url + "/accounts/login/",
        data={"username": "dana", "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )
    assert page.status_code == 200 and answer.status_code == 302, answer.text[:500]
    return session


@pytest.fixture
def hanging_fornex():
    fornex = HangingFornex()
    yield fornex
    fornex.close()


def test_the_web_service_runs_threaded_workers():
    command = _command("web")
    assert "--worker-class=gthread" in command
    assert any(part.startswith("--threads=") for part in command)


def test_the_compose_health_check_asks_a_path_that_never_calls_fornex():
    check = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "127.0.0.1:8000/health/'" in check
    # The health view and its checks import nothing that reaches Fornex (and the test below
    # shows it answering while Fornex hangs).
    for module in ("fornexpanel/core/health.py", "fornexpanel/core/views.py"):
        source = (ROOT / module).read_text()
        assert not re.search(r"gateway|fornexpanel\.fornex|client_for|sandbox", source), module


def test_sign_in_and_health_answer_while_fornex_hangs(tmp_path, hanging_fornex):
    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'panel.sqlite3'}",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        FORNEX_API_URL=f"http://127.0.0.1:{hanging_fornex.port}/api",
        FORNEX_TIMEOUT="60",
    )
    _prepare(env)
    _member(env)
    gunicorn = Gunicorn(env, tmp_path / "gunicorn.log", workers=2)
    try:
        member = _signed_in(gunicorn.url)
        # Warm both workers' first requests (imports, templates) before the clock matters.
        for _ in range(4):
            requests.get(gunicorn.url + "/accounts/login/", headers={"Host": HOST}, timeout=30)

        def stuck(path: str) -> None:
            with contextlib.suppress(requests.RequestException):  # stopped under it at the end
                member.get(gunicorn.url + path, timeout=90)

        # Two rounds of Fornex pages: more stuck requests than workers.
        for path in FORNEX_PAGES * 2:
            threading.Thread(target=stuck, args=(path,), daemon=True).start()
        for _ in range(2):  # at least two questions are hanging at Fornex now...
            assert hanging_fornex.accepted.acquire(timeout=30), "the pages never reached Fornex"
        time.sleep(1)  # ... and the other pages have reached the workers, waiting on them

        for _ in range(3):
            health = requests.get(gunicorn.url + "/health/", timeout=PROMPT)
            assert (
                health.status_code == 200 and health.json()["checks"]["database"]["status"] == "up"
            )
            sign_in = requests.get(
                gunicorn.url + "/accounts/login/", headers={"Host": HOST}, timeout=PROMPT
            )
            assert sign_in.status_code == 200 and 'name="password"' in sign_in.text
    finally:
        gunicorn.stop()
