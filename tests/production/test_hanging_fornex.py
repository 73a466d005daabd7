"""A Fornex that accepts connections and never answers, under gunicorn as docker compose runs it
(its 60 s worker timeout, FORNEX_BUDGET at its default): every page answers within the budget
plus 2 s, with the stale data where the cache has some, and never a 500.

Fornex is the sandbox behind a small TCP proxy that this test switches from forwarding to
hanging (it accepts, reads, and never answers). Elapsed times are checked only against the
budget plus 2 s, a guard against hangs (not a speed test)."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
import time

import pytest
import requests

from tests.production.helpers import free_port, production_env, run
from tests.production.test_production_server import HTTPS, Gunicorn, _prepare

BUDGET = 10  # FORNEX_BUDGET's default
MARGIN = 2
HOST = "panel.example.com"

SETUP = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse
from accounts.connections import connection_create
from accounts.services import team_create, user_create

owner = user_create(username="olga", email="olga@example.com", password="x" * 20)
team = team_create(actor=owner, name="Hosting")
connection = connection_create(
    actor=owner, team=team, label="main", dialect="legacy", api_key="sandbox-full"
)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(owner.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = owner.get_session_auth_hash()
session["current_team_id"] = team.pk
session.create()
pages = [
    reverse("dashboard"),
    reverse("billing:account", args=[connection.pk]),
    reverse("vps:list"),
    reverse("vps:detail", args=[connection.pk, "34-177054"]),
    reverse("vps:ssh_keys"),
    reverse("dns:list"),
    reverse("dns:domain", args=[connection.pk, "northwind.io"]),
]
print(json.dumps({"session": session.session_key, "pages": pages}))
"""

# Every cached answer a day older: the next read of each goes to Fornex (and hangs).
AGE = """
import uuid
from datetime import timedelta
from django.core.cache import cache
from django.core.cache import caches
from django.db import connection
backend = caches["default"]
with connection.cursor() as cursor:
    cursor.execute(f"SELECT cache_key FROM {backend._table}")
    keys = [row[0] for row in cursor.fetchall()]
aged = 0
for full in keys:
    key = full.split(":", 2)[2]
    entry = cache.get(key)
    if isinstance(entry, dict) and "fetched_at" in entry:
        entry["fetched_at"] -= timedelta(days=1)
        # Stored again under a new stamp, as every store is: a process drops its decoded copy.
        entry["stamp"] = uuid.uuid4().hex
        cache.set(key, entry, timeout=None)
        cache.set(key + ":stamp", entry["stamp"], timeout=None)
        aged += 1
print(aged)
"""

CLEAR = "from django.core.cache import cache; cache.clear()"


class SwitchingProxy(socketserver.ThreadingTCPServer):
    """Forwards to the sandbox, or (hang=True) takes each request and never answers."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.hang = False
        self.released = threading.Event()
        self.open: list[socket.socket] = []
        super().__init__(("127.0.0.1", free_port()), _ProxyHandler)

    def hang_up(self) -> None:
        """From now on nothing answers; connections kept alive by the panel are closed."""
        self.hang = True
        for sock in list(self.open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _ProxyHandler(socketserver.BaseRequestHandler):
    server: SwitchingProxy

    def handle(self) -> None:
        if self.server.hang:
            self.request.recv(65536)
            self.server.released.wait(120)  # accepted, read, never answered
            return
        self.server.open.append(self.request)
        upstream = socket.create_connection(self.server.upstream)
        pump = threading.Thread(target=_pipe, args=(upstream, self.request), daemon=True)
        pump.start()
        _pipe(self.request, upstream)
        pump.join(5)

    def finish(self) -> None:
        if self.request in self.server.open:
            self.server.open.remove(self.request)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _manage(env: dict[str, str], code: str) -> str:
    result = run(["manage.py", "shell", "-c", code], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def panel(tmp_path, sandbox):
    sandbox_host = sandbox.url.split("//", 1)[1].split("/", 1)[0]
    host, port = sandbox_host.rsplit(":", 1)
    proxy = SwitchingProxy((host, int(port)))
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'panel.sqlite3'}",
        ALLOWED_HOSTS=HOST,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        FORNEX_API_URL=f"http://127.0.0.1:{proxy.server_address[1]}/api",
    )
    _prepare(env)
    setup = json.loads(_manage(env, SETUP))
    gunicorn = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        yield gunicorn, proxy, env, setup
    finally:
        gunicorn.stop()
        proxy.released.set()
        proxy.shutdown()
        proxy.server_close()


def _get(gunicorn: Gunicorn, path: str, session: str) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.get(
        gunicorn.url + path,
        headers={**HTTPS, "Cookie": f"sessionid={session}"},
        allow_redirects=False,
        timeout=BUDGET + 60,
    )
    return response, time.monotonic() - started


def test_with_fornex_hanging_every_page_answers_within_the_budget(panel):
    gunicorn, proxy, env, setup = panel
    session, pages = setup["session"], setup["pages"]

    for path in pages:  # Fornex answers: the cache fills
        response, _elapsed = _get(gunicorn, path, session)
        assert response.status_code == 200, (path, response.status_code)

    assert int(_manage(env, AGE)) >= len(pages)
    proxy.hang_up()
    problems = []
    for path in pages:  # a warm (expired) cache: the old data, marked stale
        response, elapsed = _get(gunicorn, path, session)
        if elapsed > BUDGET + MARGIN:
            problems.append(f"warm {path}: {elapsed:.1f} s")
        if response.status_code != 200 or 'data-testid="stale-banner"' not in response.text:
            problems.append(f"warm {path}: HTTP {response.status_code} without the stale banner")

    _manage(env, CLEAR)
    for path in pages:  # a cold cache: a clear error, not a 500 after gunicorn's 60 s
        response, elapsed = _get(gunicorn, path, session)
        if elapsed > BUDGET + MARGIN:
            problems.append(f"cold {path}: {elapsed:.1f} s")
        if response.status_code not in (200, 503):
            problems.append(f"cold {path}: HTTP {response.status_code}")
        if "Fornex" not in response.text:
            problems.append(f"cold {path}: nothing says Fornex is the problem")
    assert not problems, "\n".join(problems)
    assert "WORKER TIMEOUT" not in gunicorn.log.read_text()
