"""Reads about orders and servers, through the gateway (cached, single-flight, stale-aware)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Connection, Team
from billing import figures
from fornexpanel import gateway
from fornexpanel.core.formats import FORNEX_TIME_ZONE
from fornexpanel.core.prepared import Prepared
from fornexpanel.core.recent import Recent
from fornexpanel.fornex import DIALECTS, FornexClient, Order, ServerConfiguration
from fornexpanel.gateway import Fetched
from operations.models import Operation

EXPIRY_WARNING_DAYS = 14
RESCUE_KINDS = ("vps.rescue_start", "vps.rescue_stop")
VPS_KINDS = (
    "vps.start",
    "vps.stop",
    "vps.restart",
    "vps.hard_reset",
    "vps.password_reset",
    *RESCUE_KINDS,
    "vps.reinstall",
)
REINSTALL_SOURCES = ("template", "app", "snapshot")


def orders(connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(connection, "orders", lambda client: client.orders_list(), refresh=refresh)


def _listed(fetched: Fetched) -> list[tuple[Order, datetime | None, str]]:
    """(order, expiry, digest of its fields) for each order of a read of the orders list: worked
    out once per process and fetch (gateway.derived), not for 1,000 orders on every view."""

    def compute(orders: list[Order]) -> list[tuple[Order, datetime | None, str]]:
        return [
            (
                order,
                figures.expires_at(order),
                hashlib.sha1(repr(order).encode(), usedforsecurity=False).hexdigest(),
            )
            for order in orders
        ]

    return gateway.derived(fetched, "listed-orders", compute)


_UNSET: Any = object()
T = TypeVar("T")


@dataclass(slots=True)  # a thousand of them per view of the servers list
class TeamOrder:
    """One order as the servers page shows it: the order and the connection it came through."""

    connection: Connection
    order: Order
    # CPU, RAM and disk of a VPS or dedicated server, where the dialect lists them (v2).
    configuration: ServerConfiguration | None = None
    # Set by the servers list for the rows it shows: the cached power state and the currency.
    power_known: bool = False
    power_status: str | None = None
    currency: str = ""
    # A digest of the order's fields where the list computed it (once per fetch, see `_listed`).
    digest: str = ""
    # When it expires, in Fornex's zone: worked out from the order unless given (`_listed`).
    expires_at: datetime | None = _UNSET

    def __post_init__(self) -> None:
        if self.expires_at is _UNSET:
            self.expires_at = figures.expires_at(self.order)

    @property
    def key(self) -> str:
        return f"{self.connection.pk}:{self.order.id}"

    @property
    def days_left(self) -> int | None:
        if self.expires_at is None:
            return None
        return (self.expires_at - timezone.now()).days

    @property
    def expiring_soon(self) -> bool:
        return self.days_left is not None and self.days_left < EXPIRY_WARNING_DAYS

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at < timezone.now()

    @property
    def is_vps(self) -> bool:
        return self.order.type == "vps"

    @property
    def fingerprint(self) -> tuple:
        """Everything the servers list's row shows of this order: the key of its rendered row
        ({% fragment %})."""
        connection = self.connection
        return (
            connection.pk,
            connection.label,
            connection.dialect,
            self.digest or self.order,
            self.configuration,
            self.power_known,
            self.power_status,
            self.currency,
            self.days_left,
            self.expired,
        )


@dataclass
class TeamOrders:
    rows: list[TeamOrder] = field(default_factory=list)
    fetched: list[Fetched] = field(default_factory=list)
    # (connection, error message) for connections whose orders could not be read at all
    errors: list[tuple[Connection, str]] = field(default_factory=list)
    # What the rows were made from (each connection and the stamps of its answers), when every
    # answer is a stored one: the key of what is worked out from the rows (`_worked_out`).
    key: tuple | None = None

    @property
    def types(self) -> list[str]:
        return self._worked_out(("types",), lambda: sorted({row.order.type for row in self.rows}))

    @property
    def statuses(self) -> list[str]:
        return self._worked_out(
            ("statuses",), lambda: sorted({row.order.status for row in self.rows})
        )

    def filtered(self, **params: str) -> list[TeamOrder]:
        """`filter_orders` of the rows (a shared list: not to be changed)."""
        return self._worked_out(
            ("filtered", sorted(params.items())), lambda: filter_orders(self.rows, **params)
        )

    def vps_count(self, **params: str) -> int:
        """How many of `filtered(**params)` are VPSs."""
        return self._worked_out(
            ("vps", sorted(params.items())),
            lambda: sum(1 for row in self.filtered(**params) if row.order.type == "vps"),
        )

    def _worked_out(self, what: tuple, compute: Callable[[], T]) -> T:
        """Once per process for the same rows (their key) and question: the servers list sorts and
        counts 1,000 rows otherwise on every view."""
        if self.key is None:
            return compute()
        key = repr((self.key, what))
        found = _worked_out.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            _worked_out.put(key, found)
        return found


_MISSING: Any = object()
_worked_out = Recent(lambda: 256)


def team_connections(team: Team) -> list[Connection]:
    """The team's connections by label: a page that needs them in several places reads them once
    and passes them on (`connections=`). Prepared: most pages read them."""
    return _team_connections(team.pk)


_team_connections = Prepared(
    lambda team_id: Connection.objects.filter(team_id=team_id).order_by("label", "pk"), int
)


def orders_for_team(
    team: Team, *, refresh: bool = False, connections: list[Connection] | None = None
) -> TeamOrders:
    result = TeamOrders()
    made_from = []
    for connection in team_connections(team) if connections is None else connections:
        fetched = orders(connection, refresh=refresh)
        result.fetched.append(fetched)
        if fetched.ok:
            configurations = _configuration_reads(connection, refresh)
            result.rows += _rows(connection, fetched, configurations)
            stamps = [fetched.stamp, *(read.stamp for read in configurations)]
            made_from.append((connection.pk, connection.label, connection.dialect, *stamps))
        else:
            result.errors.append((connection, fetched.error_message))
            made_from.append((connection.pk, None))
    if not any(None in part for part in made_from):
        result.key = tuple(made_from)
    return result


def _rows(
    connection: Connection, fetched: Fetched, configurations: list[Fetched]
) -> list[TeamOrder]:
    """A connection's orders as the list's rows, made once per process for the same answers
    (its orders and their configurations) and connection (gateway.derived): making 1,000 rows
    costs more than the rest of the page. The rows are shared: a page copies those it shows
    before it adds anything to them (`shown_rows`)."""

    def compute(_orders) -> list[TeamOrder]:
        found: dict[str, ServerConfiguration] = {}
        for read in configurations:
            found.update(gateway.derived(read, "configurations", _configurations))
        return [
            TeamOrder(connection, order, found.get(order.id), digest=digest, expires_at=expires_at)
            for order, expires_at, digest in _listed(fetched)
        ]

    stamps = [read.stamp for read in configurations]
    if None in stamps:  # an answer not stored (Fornex failed, the cache is down): not kept
        return compute(None)
    shown = (connection.pk, connection.label, connection.dialect, *stamps)
    return gateway.derived(fetched, f"team-rows:{shown!r}", compute)


def shown_rows(rows: list[TeamOrder], connections: list[Connection]) -> list[TeamOrder]:
    """Copies of the rows a page shows, with this request's connections, for the page to add
    the power state and the currency to (`orders_for_team`'s rows are shared)."""
    by_pk = {connection.pk: connection for connection in connections}
    return [
        dataclasses.replace(row, connection=by_pk.get(row.connection.pk, row.connection))
        for row in rows
    ]


SORTS = {
    "name": lambda row: (row.order.name or "").lower(),
    "hostname": lambda row: (row.order.hostname or "").lower(),
    "type": lambda row: row.order.type,
    "tariff": lambda row: (row.order.tariff or "").lower(),
    "status": lambda row: row.order.status,
    "cost": lambda row: row.order.cost_month or Decimal(0),
    "expiry": lambda row: row.expires_at or datetime.max.replace(tzinfo=FORNEX_TIME_ZONE),
}
DEFAULT_SORT = "expiry"


def _matches(row: TeamOrder, q: str) -> bool:
    order = row.order
    haystack = [order.name or "", order.hostname or "", order.id, *order.ip_addresses]
    return any(q in value.lower() for value in haystack)


def filter_orders(
    rows: list[TeamOrder], *, type: str = "", status: str = "", q: str = "", sort: str = ""
) -> list[TeamOrder]:
    """Filters and sorting of the servers page. `sort` is a SORTS key, "-" first for descending."""
    q = q.strip().lower()
    picked = [
        row
        for row in rows
        if (not type or row.order.type == type)
        and (not status or row.order.status == status)
        and (not q or _matches(row, q))
    ]
    name = sort.removeprefix("-")
    if name not in SORTS:
        name, sort = DEFAULT_SORT, DEFAULT_SORT
    return sorted(picked, key=SORTS[name], reverse=sort.startswith("-"))


def order_for(
    connection: Connection, order_id: str, *, refresh: bool = False
) -> tuple[Fetched, Order | None]:
    """The order `order_id` of this connection: through the per-order read where the dialect has
    one (v2's orders_retrieve), so one unreadable orders list does not take every server page
    down; else from the (cached) orders list. An order Fornex does not know is (fetched, None)
    with `fetched.not_found` on v2."""
    if supports(connection, "order_details"):
        fetched = order_details(connection, order_id, refresh=refresh)
        if fetched.ok or fetched.not_found:
            return fetched, (fetched.data if fetched.ok and fetched.data.id == order_id else None)
        # The order alone could not be read: the list may still have it (each covers the other).
        listed = orders(connection, refresh=refresh)
        if not listed.ok:
            return fetched, None
        return listed, next((order for order in listed.data if order.id == order_id), None)
    fetched = orders(connection, refresh=refresh)
    found = None
    if fetched.ok:
        found = next((order for order in fetched.data if order.id == order_id), None)
    return fetched, found


def cached_currency(connection: Connection) -> str:
    """The account's currency as the balance last said it, without asking Fornex ("" unknown):
    order costs carry no currency of their own."""
    known = gateway.cached(connection, "balance")
    return known.data.currency if known is not None and known.ok else ""


def cached_power_states(rows: list[TeamOrder]) -> dict[str, str | None]:
    """Each VPS row's power state as last fetched (by key), without asking Fornex: None where the
    panel has not read it yet (the list then loads it in place). One batch per connection."""
    by_connection: dict[int, list[TeamOrder]] = {}
    for row in rows:
        if row.is_vps:
            by_connection.setdefault(row.connection.pk, []).append(row)
    states: dict[str, str | None] = {}
    for group in by_connection.values():
        known = gateway.cached_many(
            group[0].connection, "vps_status", [(row.order.id,) for row in group]
        )
        for row in group:
            found = known.get((row.order.id,))
            states[row.key] = found.data.status if found is not None and found.ok else None
    return states


def vps_status(connection: Connection, order_id: str, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection,
        "vps_status",
        lambda client: client.vps_status(order_id),
        parts=(order_id,),
        refresh=refresh,
    )


def ssh_keys(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(connection, "ssh_keys", lambda client: client.ssh_keys(), refresh=refresh)


def vps_ssh_keys(connection: Connection, order_id: str, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection,
        "vps_ssh_keys",
        lambda client: client.vps_ssh_keys(order_id),
        parts=(order_id,),
        refresh=refresh,
    )


def ds_traffic(
    connection: Connection, order_id: str, *, period: str, port: int, refresh: bool = False
) -> Fetched:
    return gateway.read(
        connection,
        "ds_traffic",
        lambda client: client.ds_traffic(order_id, period=period, port=port),
        parts=(order_id, period, port),
        refresh=refresh,
    )


def ds_traffic_used(connection: Connection, order_id: str, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection,
        "ds_traffic_used",
        lambda client: client.ds_traffic_used(order_id),
        parts=(order_id,),
        refresh=refresh,
    )


def order_target_id(connection: Connection, order_id: str) -> str:
    """The audit and operation target of an order (docs/development.md: connection pk first)."""
    return f"{connection.pk}:{order_id}"


def server_operations(team: Team) -> QuerySet[Operation]:
    return Operation.objects.filter(team=team, kind__in=VPS_KINDS)


def vps_operations(connection: Connection, order_id: str) -> QuerySet[Operation]:
    return Operation.objects.filter(
        team_id=connection.team_id,
        connection=connection,
        target_type="order",
        target_id=order_target_id(connection, order_id),
    )


RECENT_JOBS = 10

# The server page's read of its last jobs (prepared: read on every view of a server).
_recent_jobs = Prepared(
    lambda team_id, connection_id, target_id: Operation.objects.filter(
        team_id=team_id, connection_id=connection_id, target_type="order", target_id=target_id
    )[:RECENT_JOBS],
    int,
    int,
    str,
)


class ServerJobs:
    """A server's jobs as its page shows them, read in one query when it can be: the last ten
    (the jobs table), those still running or just ended, and the last finished rescue and
    install. Those two come from the ten when they are among them or when the ten are all there
    is (the server's jobs, newest first, are the same order either way); else one more read."""

    def __init__(self, connection: Connection, order_id: str) -> None:
        self._all = vps_operations(connection, order_id)
        self.recent = _recent_jobs(
            connection.team_id, connection.pk, order_target_id(connection, order_id)
        )

    @property
    def active(self) -> list[Operation]:
        recent = timezone.now() - timedelta(minutes=1)
        return [
            op
            for op in self.recent
            if not op.is_final or (op.finished_at and op.finished_at > recent)
        ]

    def last_done(self, kinds: tuple[str, ...]) -> Operation | None:
        for op in self.recent:
            if op.kind in kinds and op.state == Operation.State.DONE:
                return op
        if len(self.recent) < RECENT_JOBS:
            return None
        return self._all.filter(kind__in=kinds, state=Operation.State.DONE).first()


# What only some API dialects offer (today: v2's rescue mode, reinstall, order details and
# cancellation, tickets, IP addresses).


def supports(connection: Connection, operation: str) -> bool:
    """Does the connection's API dialect offer `operation` (a FornexClient method name)?

    Asked of the client class rather than of the dialect's name: the base class's default raises
    Unsupported, so a dialect offers the operation exactly when it overrides it. Pages use this to
    hide what the connection cannot do and explain why, instead of letting Fornex fail."""
    client_class = DIALECTS.get(connection.dialect)
    if client_class is None:
        return False
    return getattr(client_class, operation) is not getattr(FornexClient, operation)


def lacks(connection: Connection, operation: str) -> bool:
    """The dialect has no path for this legacy operation (v2: the VPN catalogue and config)."""
    client_class = DIALECTS.get(connection.dialect)
    return client_class is None or operation in client_class.lacks


def order_details(connection: Connection, order_id: str, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection,
        "order_details",
        lambda client: client.order_details(order_id),
        parts=(order_id,),
        refresh=refresh,
    )


_OPTION_READS = {
    "template": lambda order_id: lambda client: client.vps_reinstall_templates(order_id),
    "app": lambda order_id: lambda client: client.vps_reinstall_apps(order_id),
    "snapshot": lambda order_id: lambda client: client.vps_reinstall_snapshots(order_id),
}


def reinstall_options(
    connection: Connection, order_id: str, source: str, *, refresh: bool = False
) -> Fetched:
    """The templates, applications or snapshots (`source`) the VPS can be reinstalled from."""
    return gateway.read(
        connection,
        "reinstall_options",
        _OPTION_READS[source](order_id),
        parts=(order_id, source),
        refresh=refresh,
    )


def vps_plans(connection: Connection, *, refresh: bool = False) -> Fetched:
    # The same cache entry as the billing area's VPS plan catalogue (kind "plans", part "vps").
    return gateway.read(
        connection, "plans", lambda client: client.plans_vps(), parts=("vps",), refresh=refresh
    )


def ip_addresses(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "ip_addresses", lambda client: client.ip_addresses(), refresh=refresh
    )


def last_rescue_operation(
    connection: Connection, order_id: str, jobs: ServerJobs | None = None
) -> Operation | None:
    """The last rescue-mode operation on this VPS that ended: Fornex's API does not say whether
    a VPS is in rescue mode, so the page tells what the panel last did."""
    return (jobs or ServerJobs(connection, order_id)).last_done(RESCUE_KINDS)


# Server configuration (v2's per-type order details) --------------------------------------------

_SERVER_READS = {
    "vps": (
        "orders_vps_retrieve",
        lambda order_id: lambda client: client.orders_vps_retrieve(order_id),
    ),
    "ds": (
        "orders_ds_retrieve",
        lambda order_id: lambda client: client.orders_ds_retrieve(order_id),
    ),
}


def server_configuration(
    connection: Connection, order: Order, *, refresh: bool = False
) -> Fetched | None:
    """The VPS's or dedicated server's configuration (CPU, RAM, disks, OS...), or None where the
    connection's dialect has no per-type order details (the page says it needs v2)."""
    method, read = _SERVER_READS.get(order.type, ("", None))
    if read is None or not supports(connection, method):
        return None
    return gateway.read(
        connection, "server_order", read(order.id), parts=(order.type, order.id), refresh=refresh
    )


def last_installed(connection: Connection, order_id: str, jobs: ServerJobs | None = None) -> str:
    """What the panel last installed on this VPS (ordered with, or reinstalled with): Fornex's API
    gives no operating system in an order's configuration."""
    op = (jobs or ServerJobs(connection, order_id)).last_done(("vps.reinstall", "vps.order"))
    if op is None:
        return ""
    return str(op.result.get("installing") or op.params.get("source_name") or "")


# v2's lists of servers by type, with their configurations: (type, client method).
SERVER_LISTS = (("vps", "orders_vps_list"), ("ds", "orders_ds_list"))


def list_reads(connection: Connection) -> list[tuple[str, tuple]]:
    """What the servers list reads of a connection from the cache, as (kind, parts): for
    `gateway.prefetch`, so that they take one round trip."""
    reads: list[tuple[str, tuple]] = [("orders", ()), ("balance", ())]
    reads += [
        ("server_orders", (kind,)) for kind, method in SERVER_LISTS if supports(connection, method)
    ]
    if supports(connection, "projects"):
        reads.append(("projects", ()))
    return reads


def order_page_reads(connection: Connection, order_id: str) -> list[tuple[str, tuple]]:
    """What a server's page reads from the cache, as (kind, parts) for `gateway.prefetch`: the
    order (its own read, or the list's), the currency and, for a VPS, its configuration, keys
    and power state."""
    own = supports(connection, "order_details")
    return [
        ("order_details", (order_id,)) if own else ("orders", ()),
        ("balance", ()),
        ("server_order", ("vps", order_id)),
        ("vps_ssh_keys", (order_id,)),
        ("ssh_keys", ()),
        ("vps_status", (order_id,)),
    ]


def _configuration_reads(connection: Connection, refresh: bool = False) -> list[Fetched]:
    """The reads of CPU, RAM and disk of the connection's VPSs and dedicated servers: v2's lists
    by type (orders_vps_list, orders_ds_list); none where the dialect has them not. A failed read
    has no data, and the servers list then shows no configuration, nothing else changes."""
    return [
        gateway.read(
            connection,
            "server_orders",
            lambda client, method=method: getattr(client, method)(),
            parts=(kind,),
            refresh=refresh,
        )
        for kind, method in SERVER_LISTS
        if supports(connection, method)
    ]


def _configurations(orders) -> dict[str, ServerConfiguration]:
    return {order.id: order.configuration for order in orders or ()}
