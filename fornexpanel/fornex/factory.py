"""Choosing the client class for an API dialect."""

from __future__ import annotations

from typing import Any

from .base import FornexClient
from .legacy import LegacyClient
from .v2 import V2Client

DIALECTS: dict[str, type[FornexClient]] = {"legacy": LegacyClient, "v2": V2Client}


def make_client(dialect: str, api_key: str, base_url: str, **kwargs: Any) -> FornexClient:
    """A client for `dialect`; keyword arguments go to the client's constructor."""
    try:
        client_class = DIALECTS[dialect]
    except KeyError:
        known = ", ".join(sorted(DIALECTS))
        raise ValueError(f"Unknown Fornex API dialect {dialect!r} (known: {known})") from None
    return client_class(api_key, base_url, **kwargs)
