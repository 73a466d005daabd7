"""Settings read the environment and fail loudly, naming the variable, on a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fornexpanel.env import env_bool, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parents[2]
FERNET = "Qx0Yc7v1t3oB1o1Fo3D2p4m8b2vYq8G5k9oJ7wJv0xA="


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    """Import the real settings module in a fresh interpreter with exactly this environment."""
    clean = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")}
    clean.update({"VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}, **env)
    code = (
        "import fornexpanel.settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.CELERY_BROKER_URL.split(':')[0], s.FORNEX_API_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode != 0
    assert "Missing required setting(s): SECRET_KEY, FORNEX_KEYS" in result.stderr


def test_production_names_the_one_missing_secret(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="x" * 50)
    assert "Missing required setting(s): FORNEX_KEYS" in result.stderr


def test_development_defaults_need_no_server(tmp_path):
    result = load_settings(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    debug, engine, cache, broker, api = result.stdout.split()
    assert debug == "True"
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.db.DatabaseCache"
    assert broker == "filesystem"
    assert api == "https://fornex.com/api"
    assert (tmp_path / "dev-secret-key").exists() and (tmp_path / "dev-fornex-keys").exists()


def test_postgres_and_redis_come_from_urls(tmp_path):
    result = load_settings(
        tmp_path,
        SECRET_KEY="x" * 50,
        FORNEX_KEYS=FERNET,
        DATABASE_URL="postgres://u:p@db:5432/panel",
        REDIS_URL="redis://cache:6379/0",
        FORNEX_API_URL="http://sandbox:8765/api",
    )
    assert result.returncode == 0, result.stderr
    _debug, engine, cache, broker, api = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert cache == "fornexpanel.core.cache.RedisCache"
    assert broker == "redis"
    assert api == "http://sandbox:8765/api"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL must be a URL starting with"),
        ("REDIS_URL", "memcached://x", "REDIS_URL must be a URL starting with"),
        ("FORNEX_API_URL", "ftp://x", "FORNEX_API_URL must be a URL starting with"),
        ("FORNEX_KEYS", "not-a-key", "FORNEX_KEYS: key number 1 is not a valid Fernet key"),
        ("FORNEX_TIMEOUT", "soon", "FORNEX_TIMEOUT must be an integer"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be at least 1"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(tmp_path, variable, value, message):
    env = {"SECRET_KEY": "x" * 50, "FORNEX_KEYS": FERNET, variable: value}
    result = load_settings(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr
    if variable == "DATABASE_URL":
        assert value not in result.stderr  # URLs may carry passwords


def test_the_helpers_parse_and_refuse(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("NUMBER", "12")
    monkeypatch.setenv("LIST", "a, b,,c")
    assert env_bool("FLAG", False) is True
    assert env_int("NUMBER", 1) == 12
    assert env_list("LIST", []) == ["a", "b", "c"]
    assert env_bool("UNSET_FLAG", True) is True
    monkeypatch.setenv("URL", "gopher://x")
    with pytest.raises(ImproperlyConfigured, match="URL must be"):
        env_url("URL", None, schemes=("http",))


def test_importing_the_package_does_not_load_the_settings():
    """`make run` starts `python -m fornexpanel.devstack`, which sets the development settings up
    itself: importing the package (and its Celery app) must not load them first."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "FORNEX_KEYS", "DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    code = (
        "import fornexpanel.devstack; from django.conf import settings; print(settings.configured)"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
