"""A real Celery worker for the tests that need one, in a thread or in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fornexpanel.settings_test",
        "FORNEX_API_URL": settings.FORNEX_API_URL,
        "FORNEXPANEL_TEST_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "PYTHONUNBUFFERED": "1",
    }
    log = ROOT / "var" / "test" / f"worker-{os.getpid()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "fornexpanel",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        time.sleep(0.5)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
