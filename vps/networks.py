"""Private networks and projects (Fornex's v2 API): reads through the gateway, writes audited.

Reads are cached per connection like every other Fornex read; each write sends one request to
Fornex (never retried), records its audit event, done or refused (`vps.services._fornex_call`),
and forgets what it changed.

Fornex's API does not say whether a VPS is on the private network (no read gives the setting),
so the VPS page shows the last switch made through the panel, from the audit history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accounts.models import AuditEvent, Connection, Team, User
from fornexpanel import gateway
from fornexpanel.core.prepared import Prepared
from fornexpanel.fornex.networks import PrivateNetwork, Project, Upload, VpsSettings
from fornexpanel.gateway import Fetched
from vps.selectors import order_target_id
from vps.services import _fornex_call

PRIVATE_NETWORK_SWITCH = "vps.private_network"


# Reads ---------------------------------------------------------------------------------------


def private_networks(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "private_networks", lambda c: c.private_networks(), refresh=refresh
    )


def private_network_locations(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection,
        "private_network_locations",
        lambda c: c.private_network_locations(),
        refresh=refresh,
    )


def projects(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(connection, "projects", lambda c: c.projects(), refresh=refresh)


def order_projects(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(connection, "order_projects", lambda c: c.order_projects(), refresh=refresh)


def project_of_orders(connection: Connection, *, refresh: bool = False) -> dict[str, int]:
    """order id -> project id for the orders in a project (empty when Fornex cannot say)."""
    fetched = order_projects(connection, refresh=refresh)
    return {
        item.order_id: item.project.id for item in fetched.data or () if item.project is not None
    }


@dataclass(frozen=True)
class SwitchState:
    enabled: bool
    event: AuditEvent


def last_private_network_switch(connection: Connection, order_id: str) -> SwitchState | None:
    """The last switch of the VPS's private networking made through the panel, if any."""
    found = _last_switch(connection.team_id, order_target_id(connection, order_id))
    if not found:
        return None
    event = found[0]
    return SwitchState(bool(event.detail.get("enabled")), event)


# Read on every view of a server: prepared (fornexpanel/core/prepared.py).
_last_switch = Prepared(
    lambda team_id, target_id: AuditEvent.objects.filter(
        team_id=team_id,
        action=PRIVATE_NETWORK_SWITCH,
        target_type="order",
        target_id=target_id,
        outcome=AuditEvent.Outcome.SUCCESS,
    ).order_by("-time", "-pk")[:1],
    int,
    str,
)


# Writes: private networks --------------------------------------------------------------------


def _forget_networks(connection: Connection) -> None:
    gateway.invalidate(connection, "private_networks")


def private_network_create(*, actor: User, team: Team, connection: Connection) -> PrivateNetwork:
    try:
        return _fornex_call(
            actor=actor,
            team=team,
            connection=connection,
            needs="private_network.manage",
            audit_action="private_network.create",
            target_type="private_network",
            target_id=lambda network: f"{connection.pk}:{network.id}",
            target_label=connection.label,
            call=lambda client: client.private_network_create(),
        )
    finally:
        _forget_networks(connection)


def private_network_delete(
    *, actor: User, team: Team, connection: Connection, network_id: int
) -> None:
    """Fornex refuses while servers are attached: the refusal (its words) is raised."""
    try:
        _fornex_call(
            actor=actor,
            team=team,
            connection=connection,
            needs="private_network.manage",
            audit_action="private_network.delete",
            target_type="private_network",
            target_id=f"{connection.pk}:{network_id}",
            target_label=str(network_id),
            call=lambda client: client.private_network_delete(network_id),
        )
    finally:
        _forget_networks(connection)


def vps_private_network(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    enabled: bool,
    label: str = "",
) -> VpsSettings:
    """Switch the VPS's private networking on or off."""
    return _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="vps.private_network",
        audit_action=PRIVATE_NETWORK_SWITCH,
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.vps_update(order_id, private_network_enabled=enabled),
        detail={"enabled": enabled},
    )


# Writes: projects ----------------------------------------------------------------------------


def _forget_projects(connection: Connection, project_id: int | None = None) -> None:
    gateway.invalidate(connection, "projects")
    gateway.invalidate(connection, "order_projects")
    gateway.invalidate(connection, "orders")  # the orders list names each order's project
    if project_id is not None:
        gateway.invalidate(connection, "project", parts=(project_id,))


def _project_call(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    audit_action: str,
    project_id: int | None,
    label: str,
    call,
    detail: dict | None = None,
):
    try:
        return _fornex_call(
            actor=actor,
            team=team,
            connection=connection,
            needs="project.manage",
            audit_action=audit_action,
            target_type="project",
            target_id=(
                f"{connection.pk}:{project_id}"
                if project_id is not None
                else (lambda project: f"{connection.pk}:{project.id}")
            ),
            target_label=label,
            call=call,
            detail=detail,
        )
    finally:
        _forget_projects(connection, project_id)


def project_create(
    *, actor: User, team: Team, connection: Connection, name: str, comment: str = ""
) -> Project:
    return _project_call(
        actor=actor,
        team=team,
        connection=connection,
        audit_action="project.create",
        project_id=None,
        label=name,
        call=lambda client: client.project_create(name, comment),
        detail={"name": name},
    )


def project_update(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    project_id: int,
    name: str,
    comment: str,
    old_name: str = "",
) -> Project:
    return _project_call(
        actor=actor,
        team=team,
        connection=connection,
        audit_action="project.update",
        project_id=project_id,
        label=name,
        call=lambda client: client.project_update(project_id, name=name, comment=comment),
        detail={"name": name, "old_name": old_name},
    )


def project_delete(
    *, actor: User, team: Team, connection: Connection, project_id: int, label: str = ""
) -> None:
    _project_call(
        actor=actor,
        team=team,
        connection=connection,
        audit_action="project.delete",
        project_id=project_id,
        label=label or str(project_id),
        call=lambda client: client.project_delete(project_id),
    )


def project_orders_change(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    project_id: int,
    orders: Sequence[str],
    add: bool,
    label: str = "",
) -> None:
    """Add the orders to the project (moving them out of any other) or remove them from it."""
    ids = list(orders)
    _project_call(
        actor=actor,
        team=team,
        connection=connection,
        audit_action="project.add_orders" if add else "project.remove_orders",
        project_id=project_id,
        label=label or str(project_id),
        call=lambda client: (
            client.project_add_orders(project_id, ids)
            if add
            else client.project_remove_orders(project_id, ids)
        ),
        detail={"orders": ids},
    )


def project_logo(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    project_id: int,
    logo: Upload,
    label: str = "",
) -> str | None:
    return _project_call(
        actor=actor,
        team=team,
        connection=connection,
        audit_action="project.logo",
        project_id=project_id,
        label=label or str(project_id),
        call=lambda client: client.project_logo(project_id, logo),
        detail={"filename": logo.filename[:100], "size": len(logo.content)},
    )


# The project filter of the servers list and the dashboard ------------------------------------


@dataclass(frozen=True)
class ProjectChoice:
    connection: Connection
    project: Project

    @property
    def value(self) -> str:
        return f"{self.connection.pk}:{self.project.id}"

    @property
    def fingerprint(self) -> tuple:
        """What a filter's option shows of it ({% fragment %})."""
        return (self.value, self.project.name, self.connection.label)


def project_choices(
    team: Team, *, refresh: bool = False, connections: list[Connection] | None = None
) -> list[ProjectChoice]:
    """The projects of the team's v2 connections, for the filter (unreadable lists are left out:
    the pages that list projects say why)."""
    from vps.selectors import supports, team_connections

    choices = []
    for connection in team_connections(team) if connections is None else connections:
        if not supports(connection, "projects"):
            continue
        fetched = projects(connection, refresh=refresh)
        choices += [ProjectChoice(connection, project) for project in fetched.data or ()]
    return choices


def parse_project_filter(raw: str) -> tuple[int, int] | None:
    """(connection pk, project id) from "12:871"; None for no filter. Raises ValueError when
    malformed."""
    raw = raw.strip()
    if not raw:
        return None
    connection_pk, sep, project_id = raw.partition(":")
    if not sep or not connection_pk.isdigit() or not project_id.isdigit():
        raise ValueError("project must look like 12:871 (connection:project)")
    if len(connection_pk) > 18 or len(project_id) > 18:
        raise ValueError("project must look like 12:871 (connection:project)")
    return int(connection_pk), int(project_id)


def order_ids_in_project(connection: Connection, project_id: int) -> set[str] | None:
    """The order ids of the project; None when Fornex cannot say."""
    fetched = order_projects(connection)
    if not fetched.ok:
        return None
    return {
        item.order_id
        for item in fetched.data
        if item.project is not None and item.project.id == project_id
    }
