"""Fixtures for the production tests: a private Redis server that a test may stop."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
import redis

from tests.production.helpers import free_port


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    """A Redis server of the test's own (not the shared one), so the test can take it down."""
    from tests.conftest import missing

    if shutil.which("redis-server") is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer()
    try:
        yield server
    finally:
        server.stop()
