"""The cache is optional for reading: with Redis unreachable every page answers 200 (reading Fornex
directly) or a clear 503, never a 500."""

from __future__ import annotations

from fornexpanel import gateway
from tests.access.test_matrix import ROWS, _path, world  # noqa: F401 (the world fixture)
from tests.core.fornex_pages import PAGES
from tests.production.helpers import free_port


def test_with_the_cache_down_no_page_answers_500(world, client, settings):  # noqa: F811
    client.force_login(world.personas["owner"])
    settings.CACHES = {
        "default": {
            "BACKEND": "fornexpanel.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    problems = []
    fornex_pages = 0
    try:
        for name in PAGES:
            before = sum(world.sandbox.requests().values())
            response = client.get(_path(ROWS[name], world))
            if sum(world.sandbox.requests().values()) > before:
                fornex_pages += 1
            if response.status_code == 503:
                if "cache" not in response.content.decode().lower():
                    problems.append(f"{name}: 503 that does not name the cache")
            elif response.status_code >= 500:
                problems.append(f"{name}: HTTP {response.status_code}")
    finally:
        gateway.store.reset()
    assert fornex_pages >= 10  # the pages read Fornex directly
    assert not problems, "\n".join(problems)
