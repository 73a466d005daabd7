"""Running the panel the way production does: a fresh interpreter, production settings (DEBUG
off), exactly the environment given here."""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FERNET = "Qx0Yc7v1t3oB1o1Fo3D2p4m8b2vYq8G5k9oJ7wJv0xA="
SECRET_KEY = "production-test-" + "k3y" * 20


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "fornexpanel.settings",
            "VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "SECRET_KEY": SECRET_KEY,
            "FORNEX_KEYS": FERNET,
        }
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def settings_values(env: dict[str, str], *names: str) -> dict[str, object]:
    """The named settings as production would load them (repr'd and read back)."""
    code = (
        "import fornexpanel.settings as s; "
        f"print(repr({{n: getattr(s, n, None) for n in {list(names)!r}}}))"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
