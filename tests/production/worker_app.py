"""The panel's Celery app (its settings, transport and worker hooks) with one task of the tests'
own: it marks when it starts and ends, so a test can hold tasks unacknowledged in a real worker."""

from __future__ import annotations

import time
from pathlib import Path

from fornexpanel.celery import app

__all__ = ["app", "hold"]


@app.task(name="tests.production.hold")
def hold(seconds: float, folder: str, name: str) -> None:
    Path(folder, f"{name}.started").touch()
    time.sleep(seconds)
    Path(folder, f"{name}.done").touch()
