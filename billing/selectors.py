"""Reads about the account's money, through the gateway."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from accounts.models import Connection, Team
from fornexpanel import gateway
from fornexpanel.gateway import Fetched
from vps import selectors as vps_selectors


def balance(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "balance", lambda client: client.account_balance(), refresh=refresh
    )


def invoices(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "invoices", lambda client: client.account_invoices(), refresh=refresh
    )


@dataclass
class ConnectionSummary:
    connection: Connection
    balance: Fetched
    invoices: Fetched
    orders: Fetched

    @property
    def order_counts(self) -> list[tuple[str, int]]:
        if not self.orders.ok:
            return []
        return sorted(Counter(order.type for order in self.orders.data).items())

    @property
    def fetched(self) -> list[Fetched]:
        return [self.balance, self.invoices, self.orders]

    @property
    def stale(self) -> list[Fetched]:
        return [item for item in self.fetched if item.stale]

    @property
    def oldest_fetch(self):
        times = [item.fetched_at for item in self.fetched if item.fetched_at]
        return min(times) if times else None


def dashboard_for_team(team: Team, *, refresh: bool = False) -> list[ConnectionSummary]:
    return [
        ConnectionSummary(
            connection=connection,
            balance=balance(connection, refresh=refresh),
            invoices=invoices(connection, refresh=refresh),
            orders=vps_selectors.orders(connection, refresh=refresh),
        )
        for connection in Connection.objects.filter(team=team)
    ]
