"""A Redis restart under a real worker holding unacknowledged tasks (running ones and scheduled
ones, as acks_late makes them) leaves the worker alive and consuming: kombu's Redis transport
used to end it with "AttributeError: 'NoneType' object has no attribute 'hostname'" while
restoring those messages (see fornexpanel/core/broker.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from fornexpanel.env import redis_database_url
from tests.production.helpers import ROOT, free_port, production_env

WAIT = 60  # seconds anything may take on a loaded machine before the test gives up


class Redis:
    """A redis-server of the test's own on a fixed port, with append-only persistence as in
    docker-compose.yml, that can be restarted on the same port."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)),
                *("--appendonly", "yes", "--save", ""),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        _wait(lambda: _pings(client), "redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=WAIT)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def _wait(condition, message: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


@pytest.fixture
def redis_aof(tmp_path):
    from tests.conftest import missing

    if shutil.which("redis-server") is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    server = Redis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_the_worker_survives_a_redis_restart_holding_unacknowledged_tasks(tmp_path, redis_aof):
    marks = tmp_path / "marks"
    marks.mkdir()
    env = production_env(tmp_path, REDIS_URL=redis_aof.url, WORKER_HEARTBEAT_SECONDS="1")
    log = tmp_path / "worker.log"
    with open(log, "w") as output:
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "--app=tests.production.worker_app", "worker"]
            + ["--pool=prefork", "--concurrency=2", "--loglevel=INFO"]
            + [f"--hostname=restart-{redis_aof.port}@localhost"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(lambda: "ready." in log.read_text(), "the worker did not start:\n" + log.read_text())
        # The broker is the database after the cache's (settings: REDIS_BROKER_URL's default).
        send = _sender(redis_database_url(redis_aof.url, 1), marks)
        # Scheduled tasks are held by the worker, unacknowledged, until they are due; running
        # ones until they end (acks_late).
        for name in ("scheduled-1", "scheduled-2", "scheduled-3"):
            send(name, seconds=0, countdown=15)
        for name in ("running-1", "running-2", "waiting-1"):  # two processes: one waits
            send(name, seconds=4)
        _wait(
            lambda: all((marks / f"running-{n}.started").exists() for n in (1, 2)),
            "the tasks did not start",
        )
        _wait(lambda: log.read_text().count(" received") >= 6, "the worker did not take them all")

        redis_aof.stop()
        time.sleep(1)  # the worker sees the connection drop and tries again
        redis_aof.start()

        send("after-restart", seconds=0)
        _wait(
            lambda: (marks / "after-restart.done").exists() or worker.poll() is not None,
            "the task sent after the restart was not run:\n" + log.read_text(),
        )
        assert worker.poll() is None, "the worker died:\n" + log.read_text()
        assert (marks / "after-restart.done").exists()
        assert "Unrecoverable error" not in log.read_text()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            worker.kill()


def _sender(url: str, marks: Path):
    """Send the test task by name through a Celery app of our own (no Django in this process)."""
    from celery import Celery

    client = Celery("sender", broker=url)

    def send(name: str, *, seconds: float, countdown: float | None = None) -> None:
        client.send_task(
            "tests.production.hold",
            args=(seconds, str(marks), name),
            countdown=countdown,
        )

    return send


def test_with_redis_the_broker_is_the_repaired_transport(tmp_path):
    from tests.production.helpers import settings_values

    values = settings_values(
        production_env(tmp_path, REDIS_URL="redis://redis:6379/0"), "CELERY_BROKER_TRANSPORT"
    )
    assert values["CELERY_BROKER_TRANSPORT"] == "fornexpanel.core.broker:RedisTransport"


def test_the_repaired_channel_reports_a_collected_connection_as_a_connection_error():
    from kombu import Connection

    from fornexpanel.core.broker import RedisTransport

    transport = Connection("redis://127.0.0.1:1/0", transport=RedisTransport).transport
    channel = object.__new__(transport.Channel)  # no server needed for what is checked here
    channel.connection = transport
    transport.client = None  # what Connection.collect() leaves behind
    with pytest.raises(redis.exceptions.ConnectionError):
        channel._connparams()
    assert redis.exceptions.ConnectionError in transport.connection_errors
