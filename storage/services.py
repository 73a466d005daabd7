"""Changes to S3 storage orders, and the one read of their credentials.

The credentials (access key and secret key) go from Fornex straight to the caller: they are read
with the client directly, never through the gateway's cache, and the audit event of a reveal
names the order only.
"""

from __future__ import annotations

from accounts.models import Connection, Team, User
from fornexpanel import gateway
from fornexpanel.fornex import S3Credentials
from vps.selectors import order_target_id
from vps.services import ActionFailed, _fornex_call

__all__ = ["ActionFailed", "s3_credentials_reveal", "s3_notification_threshold_set"]


def s3_notification_threshold_set(
    *, actor: User, team: Team, connection: Connection, order_id: str, gb: int, label: str = ""
) -> int:
    """Fornex e-mails the account when the free space falls below `gb` GB (0: never)."""
    value = _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="s3.notification",
        audit_action="s3.notification_threshold",
        target_type="s3",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.s3_notification_threshold(order_id, gb),
        detail={"gb": gb},
    )
    gateway.invalidate(connection, "s3_order", parts=(order_id,))
    return value


def s3_credentials_reveal(
    *, actor: User, team: Team, connection: Connection, order_id: str, label: str = ""
) -> S3Credentials:
    """The order's access key and secret key, read now for this one answer (never cached; the
    audit event names the order only)."""
    return _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="s3.credentials",
        audit_action="s3.credentials.reveal",
        target_type="s3",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.s3_credentials(order_id),
    )
