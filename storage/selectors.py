"""Reads of S3 storage orders, through the gateway. What is cached is `S3Order`, which holds no
access key and no secret key (fornexpanel/fornex/storage.py); those are never read here."""

from __future__ import annotations

from accounts.models import AuditEvent, Connection
from fornexpanel import gateway
from fornexpanel.gateway import Fetched
from vps.selectors import order_target_id


def s3_orders(connection: Connection, *, refresh: bool = False) -> Fetched:
    return gateway.read(connection, "s3_orders", lambda client: client.s3_orders(), refresh=refresh)


def s3_order(connection: Connection, order_id: str, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection,
        "s3_order",
        lambda client: client.s3_order(order_id),
        parts=(order_id,),
        refresh=refresh,
    )


def last_threshold(connection: Connection, order_id: str) -> AuditEvent | None:
    """The last notification threshold set through the panel: Fornex's API cannot read it back."""
    return (
        AuditEvent.objects.filter(
            team_id=connection.team_id,
            action="s3.notification_threshold",
            target_type="s3",
            target_id=order_target_id(connection, order_id),
            outcome=AuditEvent.Outcome.SUCCESS,
        )
        .order_by("-pk")
        .first()
    )
