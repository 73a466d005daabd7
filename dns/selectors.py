"""Reads for the DNS pages: Fornex data through the gateway (cached, single-flight, stale-aware),
staged changes and history from the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.models import AuditEvent, Connection, Team
from dns.models import StagedChange
from fornexpanel import gateway
from fornexpanel.core.prepared import Prepared
from fornexpanel.fornex import Domain, FornexClient, FornexError, Order
from fornexpanel.fornex.textfiles import check_zone_lists, checked
from fornexpanel.gateway import Fetched
from operations.models import Operation

PLAN_KIND = "dns.plan_apply"


def domain_target(connection: Connection, domain: str) -> str:
    return f"{connection.pk}:{domain}"


def record_target(connection: Connection, domain: str, record_id: int) -> str:
    return f"{connection.pk}:{domain}:{record_id}"


def _generation_key(connection: Connection) -> str:
    return f"dns:{connection.pk}:domains-generation"


def domains_generation(connection: Connection) -> int:
    """Searches of the domain list are cached per (q, tag); a write moves this number on, which
    retires every cached search at once (they cannot all be named for `gateway.invalidate`)."""
    return gateway.store.get_or_set(_generation_key(connection), 1, timeout=None)


def bump_domains_generation(connection: Connection) -> None:
    name = _generation_key(connection)
    gateway.store.add(name, 1, timeout=None)
    try:
        gateway.store.incr(name)
    except ValueError:
        gateway.store.set(name, 2, timeout=None)


# How long a refusal for want of DNS rights is remembered: the pages that offer a DNS write
# (add a domain, change name servers) leave it out meanwhile. Rights granted by Fornex show at
# the next read that succeeds, or when this runs out.
NO_RIGHTS_MEMORY = gateway.HOUR


def _no_rights_key(connection: Connection) -> str:
    return f"dns:{connection.pk}:no-rights"


def note_rights(connection: Connection, fetched: Fetched) -> Fetched:
    """Remember what a DNS read answered about the key's rights; returns `fetched`."""
    if fetched.no_permission:
        gateway.store.set(_no_rights_key(connection), True, timeout=NO_RIGHTS_MEMORY)
    elif fetched.ok and not fetched.from_cache:
        gateway.store.delete(_no_rights_key(connection))
    return fetched


def known_without_dns_rights(connection: Connection) -> bool:
    """Fornex refused a DNS read of this connection for want of rights (lately): no DNS write
    is offered for it. False when nothing is known: the write would explain the refusal."""
    return bool(gateway.store.get(_no_rights_key(connection)))


def domains(
    connection: Connection, *, q: str = "", tag: str = "", refresh: bool = False
) -> Fetched[tuple[Domain, ...]]:
    fetched = gateway.read(
        connection,
        "dns_domains",
        lambda client: client.dns_domain_list(q=q or None, tag=tag or None),
        parts=(domains_generation(connection), q, tag),
        refresh=refresh,
    )
    return note_rights(connection, fetched)


def records(connection: Connection, domain: str, *, refresh: bool = False) -> Fetched:
    fetched = gateway.read(
        connection,
        "dns_records",
        lambda client: client.dns_records(domain),
        parts=(domain,),
        refresh=refresh,
    )
    return note_rights(connection, fetched)


def zone_file(connection: Connection, domain: str, *, refresh: bool = False) -> Fetched[str]:
    return gateway.read(
        connection,
        "zone_file",
        lambda client: checked_zone_file(client, domain),
        parts=(domain,),
        refresh=refresh,
    )


def checked_zone_file(client: FornexClient, domain: str) -> str:
    """The zone file, refused (MalformedResponse) unless it holds the records the API lists.

    The client already refused garbage and files without their SOA; a file cut at a line break or
    inside a name still parses, and only the list read at the same moment tells what is missing.
    Without the list (Fornex failing on it) the file's own check is all there is."""
    text = client.dns_zone_file(domain)
    try:
        listed = client.dns_records(domain)
    except FornexError:
        return text
    return checked(
        text,
        lambda zone: check_zone_lists(zone, domain, listed),
        what="zone file",
        operation="dns_zone_file",
    )


def orders(connection: Connection, *, refresh: bool = False) -> Fetched[tuple[Order, ...]]:
    # The same cache entry as the servers pages read: one orders list per connection.
    return gateway.read(connection, "orders", lambda client: client.orders_list(), refresh=refresh)


def domain_orders(fetched: Fetched) -> list[Order]:
    return [order for order in fetched.data or () if order.type == "domain"]


def domain_order(connection: Connection, domain: str) -> Order | None:
    fetched = orders(connection)
    return next((o for o in domain_orders(fetched) if (o.name or "").lower() == domain), None)


def team_connections(team: Team) -> QuerySet[Connection]:
    return Connection.objects.filter(team=team)


def staged_changes(team: Team, connection: Connection, domain: str) -> list[StagedChange]:
    """The domain's plan, in the order it was staged. Prepared: read on every view of a domain."""
    return _staged_changes(team.pk, connection.pk, domain)


_staged_changes = Prepared(
    lambda team_id, connection_id, domain: (
        StagedChange.objects.filter(team_id=team_id, connection_id=connection_id, domain=domain)
        .select_related("operation")
        .order_by("pk")
    ),
    int,
    int,
    str,
)


def staged_count(team: Team, connection: Connection, domain: str) -> int:
    return StagedChange.objects.filter(team=team, connection=connection, domain=domain).count()


def staged_counts(team: Team) -> dict[tuple[int, str], int]:
    """How many changes are staged per (connection pk, domain), for the domains list."""
    counts: dict[tuple[int, str], int] = {}
    for connection_id, domain in StagedChange.objects.filter(team=team).values_list(
        "connection_id", "domain"
    ):
        counts[(connection_id, domain)] = counts.get((connection_id, domain), 0) + 1
    return counts


def last_apply(team: Team, connection: Connection, domain: str) -> Operation | None:
    return (
        Operation.objects.filter(
            team=team, kind=PLAN_KIND, target_id=domain_target(connection, domain)
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def domain_history(team: Team | int, connection: Connection, domain: str) -> QuerySet[AuditEvent]:
    """Events about the domain itself and about each of its records."""
    return _domain_history(team, domain_target(connection, domain))


def _domain_history(team: Team | int, target: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(team=team).filter(
        Q(target_type="domain", target_id=target)
        | Q(target_type="dns_record", target_id__startswith=f"{target}:")
    )


HISTORY_ON_PAGE = 10


def recent_domain_history(team: Team, connection: Connection, domain: str) -> list[AuditEvent]:
    """The newest of `domain_history`, for the domain's page (prepared: read on every view)."""
    return _recent_domain_history(team.pk, domain_target(connection, domain))


_recent_domain_history = Prepared(
    lambda team_id, target: _domain_history(team_id, target)[:HISTORY_ON_PAGE], int, str
)


def record_history(
    team: Team, connection: Connection, domain: str, record_id: int
) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        team=team,
        target_type="dns_record",
        target_id=record_target(connection, domain, record_id),
    )


@dataclass
class ConnectionDomains:
    """One connection's part of the domains page."""

    connection: Connection
    fetched: Fetched
    domains: list[Domain]
    tags: list[str]
    rows: list[tuple[Domain, int]] = field(default_factory=list)  # (domain, staged changes)


SORTS = {
    "name": lambda d: d.name,
    "records": lambda d: len(d.records),
    "created": lambda d: (d.created is not None, d.created),
    "updated": lambda d: (d.updated is not None, d.updated),
}


def sort_domains(items: list[Domain], sort: str) -> list[Domain]:
    key = sort.removeprefix("-")
    if key not in SORTS:
        key, sort = "name", "name"
    ordered = sorted(items, key=lambda d: d.name)  # a stable tie-break by name
    return sorted(ordered, key=SORTS[key], reverse=sort.startswith("-"))


def domains_for_team(
    team: Team, *, q: str = "", tag: str = "", sort: str = "name", refresh: bool = False
) -> list[ConnectionDomains]:
    sections = []
    for connection in team_connections(team):
        fetched = domains(connection, q=q, tag=tag, refresh=refresh)
        # The tag filter offers every tag of the connection, not only those of the matches.
        everything = fetched if not (q or tag) else domains(connection)
        tags = sorted({t for d in (everything.data or ()) for t in d.tags})
        found = sort_domains(list(fetched.data or ()), sort)
        sections.append(ConnectionDomains(connection, fetched, found, tags))
    return sections
