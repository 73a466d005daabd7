"""Plain-``requests`` helpers for the sandbox tests (deliberately not the project's client)."""

from __future__ import annotations

from typing import Any

import requests

from tests.plugins.sandbox import Sandbox

FULL = Sandbox.FULL_KEY
NODNS = Sandbox.NODNS_KEY
OTHER = Sandbox.OTHER_KEY

# Seeded order ids (fornexpanel/sandbox/profiles.py).
VPS = "34-177054"  # web-1, on
VPS_OFF = "34-179421"  # staging, off
DS = "34-1234"
VPN = "301-12312"
DOMAIN_ORDER = "375-13"
DOMAIN = "northwind.io"


def call(
    sandbox: Sandbox,
    method: str,
    path: str,
    api_key: str | None = FULL,
    timeout: float = 5,
    **params: Any,
) -> requests.Response:
    """The key goes in the query for GET and in the form body for POST, as documented."""
    url = f"{sandbox.api_url}/{path.lstrip('/')}"
    if api_key is not None:
        params["apikey"] = api_key
    if method == "GET":
        return requests.get(url, params=params, timeout=timeout)
    return requests.request(method, url, data=params, timeout=timeout)


def get(sandbox: Sandbox, path: str, api_key: str | None = FULL, **params: Any) -> Any:
    response = call(sandbox, "GET", path, api_key, **params)
    assert response.status_code == 200, response.text
    return response.json()


def post(sandbox: Sandbox, path: str, api_key: str | None = FULL, **params: Any) -> Any:
    response = call(sandbox, "POST", path, api_key, **params)
    assert response.status_code == 200, response.text
    return response.json()


def error(response: requests.Response, status: int) -> str:
    """Assert an error answer and return its ``error`` text."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    return body["error"]
