"""docker-compose.yml, the Dockerfile and the env file, checked without a Docker engine: every
service the panel needs is there, every variable is documented, every command exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
import yaml
from django.core.management import get_commands, load_command_class

from tests.production.helpers import ROOT, production_env

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PANEL_SERVICES = ["migrate", "web", "worker", "beat"]
VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)")


def _command(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def _documented() -> set[str]:
    """Variable names in the README's configuration table (first column)."""
    names = set()
    for line in (ROOT / "README.md").read_text().splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def _settings_variables() -> set[str]:
    text = (ROOT / "fornexpanel" / "settings.py").read_text()
    return set(re.findall(r"env_(?:str|bool|int|list|url)\(\s*\"([A-Z0-9_]+)\"", text))


def _compose_variables() -> set[str]:
    return set(VARIABLE.findall((ROOT / "docker-compose.yml").read_text()))


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / "deploy" / "env.example").read_text().splitlines():
        line = line.strip().lstrip("# ").strip()
        match = re.match(r"^([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


def test_every_service_the_panel_needs_is_there():
    assert _command("web")[:2] == ["gunicorn", "fornexpanel.wsgi"]
    assert _command("worker")[:3] == ["celery", "--app=fornexpanel", "worker"]
    assert _command("beat")[:3] == ["celery", "--app=fornexpanel", "beat"]
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert _command("migrate") == ["python", "manage.py", "migrate", "--noinput"]
    # The sandbox is there to try the panel, only when asked for.
    assert SERVICES["sandbox"]["profiles"] == ["sandbox"]
    assert _command("sandbox")[:3] == ["python", "-m", "fornexpanel.sandbox"]
    assert all("profiles" not in SERVICES[name] for name in [*PANEL_SERVICES, "db", "redis"])


def test_the_panel_starts_after_its_database_redis_and_migrations():
    for name in ["web", "worker", "beat"]:
        depends = SERVICES[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["restart"] == "no"


def test_every_long_running_service_restarts_when_it_exits():
    # A worker that exits (a broker it cannot reach for good, a crash) comes back by itself.
    for name in ["web", "worker", "beat", "db", "redis", "sandbox"]:
        assert SERVICES[name]["restart"] == "unless-stopped", name


def test_long_running_services_have_health_checks_and_data_has_volumes():
    for name in ["web", "worker", "db", "redis", "sandbox"]:
        assert SERVICES[name]["healthcheck"]["test"], name
    assert "/health/" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    volumes = {v.split(":")[0]: v.split(":")[1] for v in SERVICES["db"]["volumes"]}
    assert volumes["postgres"] == "/var/lib/postgresql/data"
    assert any(v.endswith(":/data") for v in SERVICES["redis"]["volumes"])
    assert "--appendonly" in _command("redis")  # queued tasks survive a restart
    used = {
        volume.split(":")[0]
        for service in SERVICES.values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used <= set(COMPOSE["volumes"])
    beat_state = _command("beat")[-1].split("=", 1)[1]
    assert any(beat_state.startswith(v.split(":")[1] + "/") for v in SERVICES["beat"]["volumes"])


def test_every_setting_comes_from_the_env_file_and_no_secret_is_written_in():
    for name in PANEL_SERVICES:
        assert SERVICES[name]["env_file"] == ".env", name
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET|KEYS|_URL", key):
                # Either no credential at all, or one interpolated from .env.
                assert "@" not in value or "${" in value.split("@")[0], (name, key)
                assert not re.search(r"PASSWORD|SECRET|KEYS", key) or value.startswith("${")
    dockerignore = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", "var", ".git"} <= set(dockerignore)


def test_every_variable_is_documented_in_the_readme():
    documented = _documented()
    used = _settings_variables() | _compose_variables() | set(_env_example())
    assert {"SECRET_KEY", "FORNEX_KEYS", "DATABASE_URL", "POSTGRES_PASSWORD"} <= used
    missing = sorted(used - documented)
    assert not missing, f"Variables missing from the README's configuration table: {missing}"


def test_the_example_env_file_sets_only_real_settings_and_leaves_secrets_empty():
    example = _env_example()
    real = _settings_variables() | _compose_variables() | {"WEB_CONCURRENCY"}
    assert set(example) <= real, sorted(set(example) - real)
    for secret in ("SECRET_KEY", "FORNEX_KEYS", "POSTGRES_PASSWORD"):
        assert example[secret] == "", secret


def test_the_python_commands_exist_in_the_project():
    commands = get_commands()
    for name, service in SERVICES.items():
        if "command" not in service:
            continue
        command = _command(name)
        if command[:2] == ["python", "manage.py"]:
            assert command[2] in commands, command
            parser = load_command_class(commands[command[2]], command[2]).create_parser(
                "manage.py", command[2]
            )
            parser.parse_args(command[3:])  # exits on an unknown option
        elif command[:2] == ["python", "-m"]:
            from fornexpanel.sandbox.__main__ import build_parser

            assert command[2] == "fornexpanel.sandbox"
            build_parser().parse_args(command[3:])


def test_the_gunicorn_command_loads_the_panel():
    from gunicorn.config import Config

    command = [re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", part) for part in _command("web")]
    config = Config()
    arguments = config.parser().parse_args(command[1:])
    assert arguments.args == ["fornexpanel.wsgi"]
    assert arguments.bind == ["0.0.0.0:8000"]
    # Threaded: a page waiting on Fornex holds a thread, not the worker (test_slow_fornex.py).
    assert arguments.worker_class == "gthread" and arguments.threads == 8
    import fornexpanel.wsgi

    assert callable(fornexpanel.wsgi.application)


@pytest.mark.parametrize("service", ["worker", "beat", "worker healthcheck"])
def test_the_celery_commands_are_valid(service, tmp_path):
    if service == "worker healthcheck":
        command = shlex.split(SERVICES["worker"]["healthcheck"]["test"][1])
        command = [part.replace("$HOSTNAME", "celery@test") for part in command]
    else:
        command = _command(service)
        command = [re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", part) for part in command]
    assert command[0] == "celery"
    # --help after the real options: celery parses them (failing on an unknown one) and stops.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "celery", *command[1:], "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"celery {command[2]} [OPTIONS]" in result.stdout


def test_the_image_runs_unprivileged_with_static_files_collected():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final_stage = dockerfile.split("\nFROM ")[-1]
    users = re.findall(r"^USER\s+(\S+)", final_stage, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "collectstatic --noinput" in dockerfile
    assert "STATIC_ROOT=/app/staticfiles" in final_stage
    cmd = re.search(r"^CMD\s+(\[.*\])$", final_stage, re.M)
    assert cmd and yaml.safe_load(cmd.group(1))[:2] == ["gunicorn", "fornexpanel.wsgi"]
    # Build-time secrets stay in the RUN that needs them, never in the image's environment.
    assert not re.search(r"^ENV .*(SECRET_KEY|FORNEX_KEYS)", dockerfile, re.M)
