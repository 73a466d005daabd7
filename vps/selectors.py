"""Reads about orders and servers, through the gateway (cached, single-flight, stale-aware)."""

from __future__ import annotations

from fornexpanel import gateway
from fornexpanel.gateway import Fetched


def orders(connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(connection, "orders", lambda client: client.orders_list(), refresh=refresh)
