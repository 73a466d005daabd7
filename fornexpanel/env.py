"""Reading settings from the environment, failing loudly on a bad value.

Every helper raises ImproperlyConfigured naming the variable, so a typo in a deployment's env file
stops the process at start-up instead of running with a silently wrong value.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, default: str | None, *, schemes: tuple[str, ...]) -> str | None:
    value = env_str(name, default)
    if value is None or value == "":
        return None if value is None else default
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with one of {', '.join(s + '://' for s in schemes)}"
        )
    return value


def project_version(pyproject: str) -> str:
    """The `version` of pyproject.toml at `pyproject` ("0" when it cannot be read)."""
    import tomllib

    try:
        with open(pyproject, "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0"


def redis_database_url(url: str, offset: int) -> str:
    """`url` with its Redis database number moved on by `offset` (redis://host/0 -> /1; for
    unix:// sockets, the `db` query parameter)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = dict(parse_qsl(parts.query))
        query["db"] = str(int(query.get("db") or 0) + offset)
        return url.split("?", 1)[0] + "?" + urlencode(query)
    path = parts.path.strip("/")
    try:
        number = int(path or 0)
    except ValueError:
        raise ImproperlyConfigured(f"REDIS_URL's database must be a number, got {path!r}") from None
    return urlunsplit(parts._replace(path=f"/{number + offset}"))
