"""Contract tests: the project's Fornex client against the project's sandbox, over real HTTP.

Each test gets a freshly reset sandbox (the ``sandbox`` fixture) and clients built exactly as the
panel builds them, except that retries do not wait (``backoff=0``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from fornexpanel.fornex import FornexClient, make_client
from tests.contract.helpers import FULL, NODNS, OTHER
from tests.plugins.sandbox import Sandbox

Connect = Callable[..., FornexClient]


@pytest.fixture
def connect(sandbox: Sandbox) -> Iterator[Connect]:
    """connect(key=FULL, **client_kwargs) -> a legacy client on the test's sandbox."""
    clients: list[FornexClient] = []

    def build(key: str = FULL, **kwargs: Any) -> FornexClient:
        kwargs.setdefault("backoff", 0)
        client = make_client("legacy", key, sandbox.api_url, **kwargs)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def client(connect: Connect) -> FornexClient:
    """Northwind Labs with every right (sandbox-full)."""
    return connect(FULL)


@pytest.fixture
def nodns_client(connect: Connect) -> FornexClient:
    """Northwind Labs' data in a state of its own, without DNS rights (sandbox-nodns)."""
    return connect(NODNS)


@pytest.fixture
def other_client(connect: Connect) -> FornexClient:
    """Blue Harbor Studio, a different account (sandbox-other)."""
    return connect(OTHER)
