"""A real `celery worker` process for the operations tests, on whatever the suite runs on: the
SQLite test file and the embedded (filesystem) broker by default, PostgreSQL and Redis when
DATABASE_URL and REDIS_URL are set."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.services import database_url, spawn_worker


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, log: Path) -> None:
        self.process = process
        self.log = log

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def worker_process(transactional_db, settings, sandbox_api) -> Iterator[WorkerProcess]:
    """`celery worker --pool solo` in its own process, consuming this test run's queue."""
    with spawn_worker(
        settings,
        database_url(),
        "ops-worker",
        CACHE_KEY_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        WORKER_HEARTBEAT_SECONDS="1",
    ) as process:
        yield WorkerProcess(process, process.log)


def wait_for(condition, timeout: float = 60.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
