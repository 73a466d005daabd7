"""Shared set-up for the benchmarks: Django on a throwaway database, and a sandbox process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def django_setup(name: str) -> None:
    var = ROOT / "var" / "bench" / name
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    os.environ.setdefault("DEBUG", "1")
    os.environ["VAR_DIR"] = str(var)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fornexpanel.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


@contextmanager
def sandbox(*args: str):
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "fornexpanel.sandbox", "--port", "0", "--quiet", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    api_url = line.rsplit(" ", 1)[-1].strip()
    try:
        yield api_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def timed(function, repeat: int = 1) -> float:
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return samples[len(samples) // 2]
