"""Searching every place a secret could have been written: database tables (sessions and the
database cache decoded), the cache, the broker's messages, and log records."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from pathlib import Path

from django.conf import settings
from django.db import connection as db


def _variants(blob: bytes) -> list[bytes]:
    """The blob, plus what base64 or a JSON message body inside it decodes to."""
    found = [blob]
    with contextlib.suppress(binascii.Error, ValueError):
        found.append(base64.b64decode(blob, validate=True))
    try:
        message = json.loads(blob)
    except (ValueError, UnicodeDecodeError):
        return found
    if isinstance(message, dict) and isinstance(message.get("body"), str):
        body = message["body"].encode()
        found.append(body)
        with contextlib.suppress(binascii.Error, ValueError):
            found.append(base64.b64decode(body))
    return found


def contains(blob: bytes | str | None, secret: str) -> bool:
    if blob is None:
        return False
    if isinstance(blob, str):
        blob = blob.encode()
    return any(secret.encode() in variant for variant in _variants(blob))


def tables_with(secret: str) -> list[str]:
    from accounts.models import MemberSession as Session

    hits = []
    with db.cursor() as cursor:
        for table in db.introspection.table_names():
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                if any(
                    contains(value if isinstance(value, bytes) else str(value), secret)
                    for value in row
                ):
                    hits.append(table)
                    break
    for session in Session.objects.all():
        if secret in json.dumps(session.get_decoded(), default=str):
            hits.append("sessions (decoded)")
    return hits


def redis_keys_with(secret: str) -> list[str]:
    if not settings.REDIS_URL:
        return []
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    hits = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key).decode()
        if kind == "string":
            values = [client.get(key)]
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "hash":
            values = list(client.hgetall(key).values())
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = client.zrange(key, 0, -1)
        else:
            values = []
        if any(contains(value, secret) for value in values):
            hits.append(key.decode(errors="replace"))
    return hits


def broker_files_with(secret: str) -> list[str]:
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    folders = {
        options.get(name) for name in ("data_folder_in", "data_folder_out", "processed_folder")
    }
    hits = []
    for folder in filter(None, folders):
        for path in Path(folder).glob("**/*"):
            if path.is_file() and contains(path.read_bytes(), secret):
                hits.append(str(path))
    return hits


def broker_message_count() -> int:
    """How many messages the broker holds (to check the search above had something to read)."""
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        return sum(1 for path in Path(options["data_folder_in"]).glob("*") if path.is_file())
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return sum(client.llen(key) for key in client.scan_iter() if client.type(key) == b"list")
