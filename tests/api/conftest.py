"""Fixtures of the API tests: tokens made through the service, and a `requests` client for the
endpoint served by the live server, used the way scripts written for Fornex's API use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import requests

DOMAIN = "northwind.io"  # the sandbox's full account
OTHER_DOMAIN = "northwind-labs.com"
VPS = "34-177054"  # web-1, on
VPS_2 = "34-177055"  # web-2, on
ACME = {"hosts": ("_acme-challenge", "_acme-challenge.*"), "types": ("TXT",)}


@pytest.fixture(autouse=True)
def _fast_polls(settings):
    settings.OPERATIONS_POLL_SECONDS = 0.2


@pytest.fixture(autouse=True)
def enqueued(monkeypatch):
    """The operations' tasks the tests start are recorded, not sent: the tests drive them by
    hand, and a task left in the broker would reach the next test's worker."""
    from operations import tasks

    sent: list[tuple[str, int]] = []
    monkeypatch.setattr(tasks.operation_run, "delay", lambda pk: sent.append(("run", pk)))
    monkeypatch.setattr(
        tasks.operation_follow,
        "apply_async",
        lambda args, countdown=None: sent.append(("follow", args[0])),
    )
    return sent


@pytest.fixture
def make_token(connection):
    """make_token(member, scopes=Scopes(...), **options) -> (ApiToken, the plain token)."""
    from django.utils import timezone

    from api.services import token_create

    def make(member, scopes, *, name: str = "script", days: int = 30, networks=(), conn=None):
        return token_create(
            actor=member,
            team=(conn or connection).team,
            connection=conn or connection,
            name=name,
            expires_at=timezone.now() + timedelta(days=days),
            scopes=scopes,
            allowed_networks=list(networks),
        )

    return make


@dataclass
class Api:
    """The endpoint over real HTTP, as `https://fornex.com/api` would be called."""

    base: str
    token: str | None = None

    def __call__(self, method: str, path: str, token: str | None = "default", **kwargs: Any):
        headers = dict(kwargs.pop("headers", {}) or {})
        key = self.token if token == "default" else token
        if key is not None:
            headers["Authorization"] = f"Api-Key {key}"
        kwargs.setdefault("timeout", 15)
        return requests.request(method, f"{self.base}/{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any):
        return self("GET", path, **kwargs)


@pytest.fixture
def api(live_server, sandbox_api):
    return Api(base=f"{live_server.url}/fornex/api")


def detail(response) -> str:
    body = response.json()
    assert set(body) == {"detail"}, body
    return body["detail"]
