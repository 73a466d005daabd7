"""`make run`: the sandbox, a Celery worker (with beat) and the web server, together.

Prints the URL and the demo login once everything answers; Ctrl-C stops all of it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from fornexpanel.demo import DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent
WEB_HOST = os.environ.get("WEB_HOST", "127.0.0.1")
WEB_PORT = int(os.environ.get("WEB_PORT", "8000"))
SANDBOX_PORT = int(os.environ.get("SANDBOX_PORT", "8765"))


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - a localhost URL we built
                return True
        except OSError:
            time.sleep(0.3)
    return False


def main() -> int:
    for name, port in (("web server", WEB_PORT), ("sandbox", SANDBOX_PORT)):
        if not _port_free("127.0.0.1", port):
            print(
                f"Port {port} for the {name} is in use. Stop what uses it, or choose another port "
                f"(WEB_PORT=... / SANDBOX_PORT=... make run).",
                file=sys.stderr,
            )
            return 1

    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    env.setdefault("FORNEX_API_URL", f"http://127.0.0.1:{SANDBOX_PORT}/api")
    env.setdefault("PYTHONUNBUFFERED", "1")
    var = BASE_DIR / "var"
    var.mkdir(exist_ok=True)
    python = sys.executable
    commands = {
        "sandbox": [python, "-m", "fornexpanel.sandbox", "--port", str(SANDBOX_PORT)],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "fornexpanel",
            "worker",
            "--beat",
            "--schedule",
            str(var / "celerybeat-schedule"),
            "--pool",
            "threads",
            "--concurrency",
            "4",
            "--loglevel",
            "INFO",
        ],
        "web": [python, "manage.py", "runserver", f"{WEB_HOST}:{WEB_PORT}", "--noreload"],
    }
    processes: dict[str, subprocess.Popen] = {}

    def stop(*_args) -> None:
        # A second Ctrl-C (or make passing it on) must not cut the clean stop short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, cwd=BASE_DIR, env=env)  # noqa: S603
        if not _wait_for(f"http://127.0.0.1:{SANDBOX_PORT}/_sandbox/health", 30):
            print("The sandbox did not start; see its output above.", file=sys.stderr)
            stop()
            return 1
        if not _wait_for(f"http://127.0.0.1:{WEB_PORT}/accounts/login/", 60):
            print("The web server did not start; see its output above.", file=sys.stderr)
            stop()
            return 1
        url = f"http://{WEB_HOST}:{WEB_PORT}/"
        print(
            "\n"
            "  Fornex Panel is running:  " + url + "\n"
            "  Sign in as:               demo / " + DEMO_PASSWORD + "   (owner of the demo team)\n"
            "  Other demo members:       alice (admin), bob (operator), carol (viewer), "
            "same password\n"
            "  Upstream:                 the Fornex sandbox at " + env["FORNEX_API_URL"] + "\n"
            "  Stop everything with Ctrl-C.\n",
            flush=True,
        )
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    if process.returncode in (0, -signal.SIGINT, 130):
                        # Ctrl-C reached the child first: the same stop the user asked for.
                        print("\nStopping…", flush=True)
                        stop()
                        return 0
                    print(
                        f"The {name} stopped (exit code {process.returncode}); stopping the rest.",
                        file=sys.stderr,
                    )
                    stop()
                    return process.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        stop()
        return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fornexpanel.settings")
    sys.exit(main())
