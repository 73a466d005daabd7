"""Reads about the account's money and settings, through the gateway, and the billing app's own
rows (alerts, ticket events)."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.core.cache import cache
from django.db.models import CharField, F, QuerySet, Value
from django.utils import timezone

from accounts.models import Connection, Team
from billing import figures
from billing.models import Alert, AlertSettings, SupportTicket, TicketEvent, TicketWebhook
from billing.plans import Catalogue
from fornexpanel import gateway
from fornexpanel.fornex import FornexClient, Order, WebhookInfo
from fornexpanel.gateway import Fetched
from vps import selectors as vps_selectors

# The panel's receiving path (see billing/urls.py); its token is masked before anything is cached.
PANEL_HOOK_PATH = re.compile(r"/billing/hooks/tickets/(?P<token>[A-Za-z0-9_-]{20,})/?")
MASK = "••••"


def balance(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "balance", lambda client: client.account_balance(), refresh=refresh
    )


def currency(connection: Connection) -> str:
    """The account's currency, which only the balance and the invoices name ("" when Fornex
    cannot tell): for the prices and costs shown without them."""
    fetched = balance(connection)
    fetched = fetched if fetched.ok else invoices(connection)
    return fetched.data.currency if fetched.ok else ""


def invoices(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "invoices", lambda client: client.account_invoices(), refresh=refresh
    )


def account_info(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "account_info", lambda client: client.account_info(), refresh=refresh
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class WebhookView:
    """Fornex's webhook info as the panel keeps it: the panel's own token masked out."""

    url: str | None
    is_panel: bool
    last_error_date: str | None
    last_error_message: str | None


def _webhook_view(connection: Connection, info: WebhookInfo) -> WebhookView:
    url, is_panel = info.url or None, False
    match = PANEL_HOOK_PATH.search(url or "")
    if match:
        is_panel = TicketWebhook.objects.filter(
            connection=connection, token_hash=token_hash(match.group("token"))
        ).exists()
        url = url[: match.start("token")] + MASK + url[match.end("token") :]
    return WebhookView(
        url=url,
        is_panel=is_panel,
        last_error_date=info.last_error_date,
        last_error_message=info.last_error_message,
    )


def webhook_info(connection: Connection, *, refresh: bool = False) -> Fetched[WebhookView]:
    def fetch(client: FornexClient) -> WebhookView:
        return _webhook_view(connection, client.webhook_info())

    return gateway.read(connection, "webhook", fetch, refresh=refresh)


def plans(connection: Connection, catalogue: Catalogue, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "plans", catalogue.fetch, parts=(catalogue.kind,), refresh=refresh
    )


# How long a summary is kept: as long as the gateway keeps the last good orders (a week) to show
# them when Fornex is down. Orders expiring up to that long after the window are kept in it.
SUMMARY_KEEP = 7 * 24 * 60 * 60
SUMMARY_EXPIRING_DAYS = figures.EXPIRING_WINDOW_DAYS + SUMMARY_KEEP // 86400 + 1
DASHBOARD_EXPIRING = 10
SUMMARY_KINDS = ("balance", "invoices", "orders")  # what summary_for reads, in its order


@dataclass(frozen=True)
class OrdersSummary:
    """What the money pages show about the orders, computed once per fetch of the orders (not per
    page view) and cached with it: see `orders_summary`."""

    count: int
    order_counts: list[tuple[str, int]]
    spend: Decimal
    spend_by_type: list[figures.TypeSpend]
    # (expires_at, order) of the orders expiring soonest (up to SUMMARY_EXPIRING_DAYS after the
    # fetch), by date; whether they are within the window is decided when shown.
    dated: list[tuple[datetime, Order]]

    @classmethod
    def of(cls, orders: list[Order], fetched_at: datetime) -> OrdersSummary:
        expiring = figures.expiring_orders(
            orders, within_days=SUMMARY_EXPIRING_DAYS, now=fetched_at
        )
        return cls(
            count=len(orders),
            order_counts=sorted(Counter(order.type for order in orders).items()),
            spend=figures.monthly_spend(orders),
            spend_by_type=figures.spend_by_type(orders),
            dated=[(item.expires_at, item.order) for item in expiring],
        )

    def expiring(
        self, now: datetime | None = None, first: int | None = None
    ) -> list[figures.Expiring]:
        """The orders expiring within the pages' window from now (expired ones included), soonest
        first; only the `first` of them when given (the dashboard's)."""
        now = now or timezone.now()
        limit = now + timedelta(days=figures.EXPIRING_WINDOW_DAYS)
        found = []
        for moment, order in self.dated[:first]:
            if moment > limit:
                break
            expired = moment < now
            days_left = -(now - moment).days if expired else (moment - now).days
            found.append(figures.Expiring(order, moment, days_left, expired))
        return found

    def expiring_count(self, now: datetime | None = None) -> int:
        """How many `expiring` would list, without making them (`dated` is soonest first)."""
        limit = (now or timezone.now()) + timedelta(days=figures.EXPIRING_WINDOW_DAYS)
        return bisect.bisect_right(self.dated, limit, key=lambda pair: pair[0])


def orders_summary(connection: Connection, orders: Fetched) -> OrdersSummary | None:
    """The summary of `orders` (a read of the orders list), from the cache when it was computed
    for the same fetch: keyed to the connection and the time the orders were fetched, so a new
    fetch (or a write that invalidated the orders) gives a new summary and an old one just ages
    out."""
    if not orders.ok:
        return None
    if orders.fetched_at is None:
        return OrdersSummary.of(orders.data, timezone.now())

    def shared(data: list[Order]) -> OrdersSummary:
        key = f"billing:summary:{connection.pk}:{orders.fetched_at.isoformat()}"
        found = cache.get(key)
        if found is None:
            found = OrdersSummary.of(data, orders.fetched_at)
            cache.set(key, found, timeout=SUMMARY_KEEP)
        return found

    # This process's copy first (per stored answer), then the one other processes computed.
    return gateway.derived(orders, "billing-summary", shared)


@dataclass
class ConnectionSummary:
    connection: Connection
    balance: Fetched
    invoices: Fetched
    orders: Fetched
    figures: OrdersSummary | None = None

    def __post_init__(self) -> None:
        if self.figures is None:
            self.figures = orders_summary(self.connection, self.orders)

    @property
    def order_count(self) -> int:
        return self.figures.count if self.figures else 0

    @property
    def order_counts(self) -> list[tuple[str, int]]:
        return self.figures.order_counts if self.figures else []

    @property
    def currency(self) -> str:
        for fetched in (self.balance, self.invoices):
            if fetched.ok:
                return fetched.data.currency
        return ""

    @property
    def spend(self) -> Decimal | None:
        return self.figures.spend if self.figures else None

    @property
    def daily_spend(self) -> Decimal | None:
        if self.spend is None:
            return None
        return (self.spend / figures.DAYS_PER_MONTH).quantize(Decimal("0.01"))

    @cached_property
    def runway(self) -> Decimal | None:
        """Days; None when it cannot be known or when nothing is spent (shown as "—")."""
        if not (self.balance.ok and self.figures):
            return None
        return figures.runway_days(self.balance.data.amount, self.spend)

    @property
    def runway_whole_days(self) -> int | None:
        return int(self.runway) if self.runway is not None else None

    @property
    def runs_out_on(self) -> datetime | None:
        return figures.runs_out_on(self.runway)

    @cached_property
    def expiring(self) -> list[figures.Expiring]:
        return self.figures.expiring() if self.figures else []

    @cached_property
    def expiring_first(self) -> list[figures.Expiring]:
        """What the dashboard shows; the billing page has them all."""
        if "expiring" in self.__dict__ or not self.figures:
            return self.expiring[:DASHBOARD_EXPIRING]
        return self.figures.expiring(first=DASHBOARD_EXPIRING)

    @cached_property
    def expiring_count(self) -> int:
        if "expiring" in self.__dict__ or not self.figures:
            return len(self.expiring)
        return self.figures.expiring_count()

    @property
    def spend_by_type(self) -> list[figures.TypeSpend]:
        return self.figures.spend_by_type if self.figures else []

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


def summary_for(connection: Connection, *, refresh: bool = False) -> ConnectionSummary:
    if not refresh:
        gateway.prefetch(connection, [(kind, ()) for kind in SUMMARY_KINDS])
    known = [] if refresh else [gateway.fresh(connection, kind) for kind in SUMMARY_KINDS]
    if known and all(known):
        money, bills, orders = known  # all in the cache: no thread is worth starting
    else:
        # Three independent reads: at the same time, so the page waits for the slowest.
        money, bills, orders = gateway.concurrently(
            lambda: balance(connection, refresh=refresh),
            lambda: invoices(connection, refresh=refresh),
            lambda: vps_selectors.orders(connection, refresh=refresh),
        )
    return ConnectionSummary(connection=connection, balance=money, invoices=bills, orders=orders)


def dashboard_for_team(
    team: Team, *, refresh: bool = False, connections: list[Connection] | None = None
) -> list[ConnectionSummary]:
    if connections is None:
        connections = list(Connection.objects.filter(team=team))
    return [summary_for(connection, refresh=refresh) for connection in connections]


def alert_settings_for(team: Team) -> AlertSettings:
    """The team's thresholds; the defaults (unsaved) until an admin changes them."""
    found = AlertSettings.objects.filter(team=team).first()
    return found or AlertSettings(team=team)


def active_alerts(team: Team) -> QuerySet[Alert]:
    return Alert.objects.filter(team=team, cleared_at__isnull=True).select_related("connection")


def alert_history(team: Team) -> QuerySet[Alert]:
    return Alert.objects.filter(team=team).select_related("connection")


def ticket_feed(team: Team) -> QuerySet:
    """The ticket feed, newest first: the notifications Fornex posted and the tickets members
    opened from the panel, as (kind, pk, at) rows ("event" or "ticket") that paginate in the
    database; `feed_items` loads one page's objects."""
    kind = CharField(max_length=8)
    events = (
        TicketEvent.objects.filter(team=team)
        .annotate(kind=Value("event", output_field=kind), at=F("received_at"))
        .values_list("kind", "pk", "at")
        .order_by()  # the models' default ordering is not allowed inside a UNION
    )
    opened = (
        SupportTicket.objects.filter(team=team)
        .annotate(kind=Value("ticket", output_field=kind), at=F("created_at"))
        .values_list("kind", "pk", "at")
        .order_by()
    )
    return events.union(opened, all=True).order_by("-at")


def feed_items(rows) -> list[tuple[str, TicketEvent | SupportTicket]]:
    """[(kind, object)] for rows of `ticket_feed`, in their order."""
    rows = list(rows)
    events = TicketEvent.objects.select_related("connection").in_bulk(
        [pk for kind, pk, _at in rows if kind == "event"]
    )
    tickets = SupportTicket.objects.select_related("connection").in_bulk(
        [pk for kind, pk, _at in rows if kind == "ticket"]
    )
    found = {"event": events, "ticket": tickets}
    return [(kind, found[kind][pk]) for kind, pk, _at in rows if pk in found[kind]]
