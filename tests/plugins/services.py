"""A real Celery worker for the tests that need one, in a thread or in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker(transactional_db):
    """A worker thread consuming this test run's queue (through the real broker)."""
    from celery.contrib.testing.worker import start_worker

    from fornexpanel.celery import app

    with start_worker(
        app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
    ) as worker:
        yield worker


def database_url() -> str:
    """The test database as a URL another process can open."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@contextmanager
def spawn_worker(settings, url: str, name: str, **extra_env: str) -> Iterator[subprocess.Popen]:
    """`celery worker --pool solo` in its own process on the test database `url`, consuming this
    test run's queue, its output in var/test/<name>-<pid>.log (the process's `log` attribute)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fornexpanel.settings_test",
        "FORNEX_API_URL": settings.FORNEX_API_URL,
        "FORNEXPANEL_TEST_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "PYTHONUNBUFFERED": "1",
        **extra_env,
    }
    log = ROOT / "var" / "test" / f"{name}-{os.getpid()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as output:
        command = [sys.executable, "-m", "celery", "-A", "fornexpanel", "worker"]
        command += [
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
        ]
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    process.log = log
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture
def celery_worker_process(transactional_db, settings, sandbox_api):
    """`celery worker` in its own process against the test database, the broker and the sandbox.

    Needs a database another process can open, so PostgreSQL (DATABASE_URL); and Redis for the
    broker (REDIS_URL) as in production.
    """
    from django.db import connection

    from tests.conftest import missing

    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        missing("a worker process needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    with spawn_worker(settings, database_url(), "worker") as process:
        time.sleep(0.5)
        yield process
