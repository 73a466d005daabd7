"""Renaming orders and editing the tags of orders and domains at Fornex, audited (done or
refused) with the values before and after."""

from __future__ import annotations

from accounts.models import Connection, Team, User
from dns.selectors import domain_target
from dns.services import invalidate as dns_invalidate
from fornexpanel import gateway
from fornexpanel.fornex import OrderUpdated
from vps.selectors import order_target_id
from vps.services import ActionFailed, _fornex_call

__all__ = ["ActionFailed", "domain_tags_update", "order_label_update"]


def order_label_update(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    name: str | None,
    tags: list[str] | None,
    before: dict,
    label: str = "",
) -> OrderUpdated:
    """Give the order a new name and/or tags (None: unchanged)."""
    detail: dict = {"before": before}
    if name is not None:
        detail["name"] = name
    if tags is not None:
        detail["tags"] = list(tags)
    updated = _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="order.label",
        audit_action="order.label",
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.order_update(order_id, name=name, tags=tags),
        detail=detail,
    )
    gateway.invalidate(connection, "orders")
    gateway.invalidate(connection, "order_details", parts=(order_id,))
    gateway.invalidate(connection, "s3_orders")
    gateway.invalidate(connection, "s3_order", parts=(order_id,))
    return updated


def domain_tags_update(
    *, actor: User, team: Team, connection: Connection, domain: str, tags: list[str], before: list
) -> tuple[str, ...]:
    answer = _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="dns.domain.tags",
        audit_action="dns.domain.tags",
        target_type="domain",
        target_id=domain_target(connection, domain),
        target_label=domain,
        call=lambda client: client.dns_domain_tags(domain, tags),
        detail={"before": list(before), "tags": list(tags)},
    )
    dns_invalidate(connection)
    return answer
