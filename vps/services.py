"""Changes to servers: power actions, password resets, rescue mode and reinstalls (as
operations), SSH keys, VPN configs, cancelling orders.

Each service authorizes again and writes its audit event in the same transaction as the change.
Synchronous Fornex writes (SSH keys, cancel marks) are sent first; the audit row then records how
they ended, success or failure, so a refused change is in the history too.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import transaction
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.connections import client_for
from accounts.crypto import KeyDecryptionError
from accounts.models import AuditEvent, Connection, Team, User
from fornexpanel import gateway
from fornexpanel.fornex import FornexClient, FornexError, OrderCancelled, SshKey
from fornexpanel.gateway import describe_error, describe_error_html
from operations.models import Operation
from operations.services import operation_create, operation_send
from vps.operations import PASSWORD_RESET, POWER_ACTIONS, REINSTALL, RESCUE_ACTIONS
from vps.selectors import REINSTALL_SOURCES, order_target_id, vps_operations

T = TypeVar("T")


class ActionFailed(Exception):
    """Fornex refused or could not be asked. `str()` is the message as plain text (as the audit
    history keeps it); `html` is what the member sees, Fornex's own words marked as Fornex's."""

    def __init__(self, message: str, html: SafeString | None = None) -> None:
        super().__init__(message)
        self.html = html if html is not None else conditional_escape(message)


def vps_power_action(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    action: str,
    label: str = "",
    batch: uuid.UUID | None = None,
    form_token: str = "",
) -> Operation:
    """Start, stop, restart or hard-reset a VPS: an operation run by a Celery task on commit."""
    handler = POWER_ACTIONS[action]
    return operation_create(
        actor=actor,
        team=team,
        connection=connection,
        kind=handler.kind,
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        params={"order_id": order_id},
        batch=batch,
        form_token=form_token,
    )


def vps_power_action_once(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    action: str,
    label: str = "",
) -> tuple[Operation, bool]:
    """vps_power_action for callers that may repeat themselves (scripts through the API): while
    the same action on the same VPS is still running, that operation is returned rather than a
    second one started (and a second request sent to Fornex). Returns (operation, created)."""
    handler = POWER_ACTIONS[action]
    with transaction.atomic():
        authorize(user=actor, team=team, action=handler.action)
        # One caller at a time per connection looks, then creates: two identical requests
        # arriving together still make one operation.
        Connection.objects.select_for_update().filter(pk=connection.pk).first()
        running = (
            vps_operations(connection, order_id)
            .filter(kind=handler.kind)
            .exclude(state__in=Operation.FINAL_STATES)
            .first()
        )
        if running is not None:
            return running, False
        op = vps_power_action(
            actor=actor,
            team=team,
            connection=connection,
            order_id=order_id,
            action=action,
            label=label,
        )
        return op, True


@transaction.atomic
def vps_power_bulk(
    *,
    actor: User,
    team: Team,
    action: str,
    targets: Iterable[tuple[Connection, str, str]],
    form_token: str = "",
) -> uuid.UUID:
    """The same power action on several VPSes: one operation each, one batch for the progress.
    The form's token goes on the first: the same form posted again finds the batch."""
    batch = uuid.uuid4()
    for index, (connection, order_id, label) in enumerate(targets):
        vps_power_action(
            actor=actor,
            team=team,
            connection=connection,
            order_id=order_id,
            action=action,
            label=label,
            batch=batch,
            form_token=form_token if index == 0 else "",
        )
    return batch


def vps_password_reset(
    *, actor: User, team: Team, connection: Connection, order_id: str, label: str = ""
) -> tuple[Operation, str | None]:
    """Reset the root password now, in this request, and return it with the operation.

    The password comes back from Fornex in the answer and goes straight to the caller: the
    operation row, its audit events and the follow-up task (which watches the job through
    log_details) only ever hold the job id."""
    op = operation_create(
        actor=actor,
        team=team,
        connection=connection,
        kind=PASSWORD_RESET.kind,
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        params={"order_id": order_id},
        enqueue=False,
    )
    sent_op, sent = operation_send(op.pk)
    password = sent.transient.get("password") if sent is not None else None
    return (sent_op or op), password


def vps_rescue(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    action: str,
    label: str = "",
    form_token: str = "",
) -> Operation:
    """Boot a VPS into rescue mode ("start") or back onto its disk ("stop"): an operation."""
    handler = RESCUE_ACTIONS[action]
    return operation_create(
        actor=actor,
        team=team,
        connection=connection,
        kind=handler.kind,
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        params={"order_id": order_id},
        form_token=form_token,
    )


def vps_reinstall(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    source: str,
    source_id: int,
    source_name: str,
    label: str = "",
    form_token: str = "",
) -> Operation:
    """Erase the VPS's disk and install a template, an application or a snapshot: an operation.
    What is installed is in its params, and so in its audit events."""
    if source not in REINSTALL_SOURCES:
        raise ValueError(f"source must be one of {', '.join(REINSTALL_SOURCES)}")
    return operation_create(
        actor=actor,
        team=team,
        connection=connection,
        kind=REINSTALL.kind,
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        params={
            "order_id": order_id,
            "source": source,
            "source_id": int(source_id),
            "source_name": source_name,
        },
        form_token=form_token,
    )


def _fornex_call(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    needs: str,
    audit_action: str,
    target_type: str,
    target_id: str | Callable[[T], str],
    target_label: str,
    call: Callable[[FornexClient], T],
    detail: dict | None = None,
) -> T:
    """Send one change to Fornex (allowed by the role-table action `needs`) and record it, done
    or refused. `target_id` may be computed from the answer (a new key's id is known only once
    Fornex has it)."""
    authorize(user=actor, team=team, action=needs)
    if connection.team_id != team.pk:
        raise ValueError("The connection belongs to another team.")
    try:
        answer = call(client_for(connection))
    except (FornexError, KeyDecryptionError) as error:
        message = describe_error(error)
        audit_record(
            action=audit_action,
            actor=actor,
            team=team,
            target_type=target_type,
            target_id=target_id if isinstance(target_id, str) else f"{connection.pk}:",
            target_label=target_label,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={**(detail or {}), "message": message},
        )
        raise ActionFailed(message, describe_error_html(error)) from None
    with transaction.atomic():
        audit_record(
            action=audit_action,
            actor=actor,
            team=team,
            target_type=target_type,
            target_id=target_id if isinstance(target_id, str) else target_id(answer),
            target_label=target_label,
            detail=detail or {},
        )
    return answer


def ssh_key_add(
    *, actor: User, team: Team, connection: Connection, title: str, public_key: str
) -> SshKey:
    key = _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="ssh_key.manage",
        audit_action="ssh_key.add",
        target_type="ssh_key",
        target_id=lambda key: f"{connection.pk}:{key.id}",
        target_label=title,
        call=lambda client: client.ssh_key_add(title, public_key),
        detail={"title": title, "type": public_key.split()[0]},
    )
    gateway.invalidate(connection, "ssh_keys")
    return key


def ssh_key_delete(
    *, actor: User, team: Team, connection: Connection, key_id: int, title: str = ""
) -> None:
    _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="ssh_key.manage",
        audit_action="ssh_key.delete",
        target_type="ssh_key",
        target_id=f"{connection.pk}:{key_id}",
        target_label=title or str(key_id),
        call=lambda client: client.ssh_key_delete(key_id),
    )
    # A deleted key is also gone from every VPS's list, one cache entry per VPS: forget
    # everything cached for the connection (it includes the account's key list).
    gateway.invalidate_connection(connection)


def vps_ssh_key_attach(
    *, actor: User, team: Team, connection: Connection, order_id: str, key_id: int, label: str = ""
) -> None:
    _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="ssh_key.manage",
        audit_action="ssh_key.attach",
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.vps_ssh_key_attach(order_id, key_id),
        detail={"ssh_key": key_id},
    )
    gateway.invalidate(connection, "vps_ssh_keys", parts=(order_id,))


def vps_ssh_key_detach(
    *, actor: User, team: Team, connection: Connection, order_id: str, key_id: int, label: str = ""
) -> None:
    _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="ssh_key.manage",
        audit_action="ssh_key.detach",
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.vps_ssh_key_detach(order_id, key_id),
        detail={"ssh_key": key_id},
    )
    gateway.invalidate(connection, "vps_ssh_keys", parts=(order_id,))


def vpn_config_download(
    *, actor: User, team: Team, connection: Connection, order_id: str, proto: str, label: str = ""
) -> str:
    """The .ovpn text, fetched for this download only (it holds a private key: never cached)."""
    return _fornex_call(
        actor=actor,
        team=team,
        connection=connection,
        needs="vpn.config",
        audit_action="vpn.config",
        target_type="order",
        target_id=order_target_id(connection, order_id),
        target_label=label or order_id,
        call=lambda client: client.vpn_config(order_id, proto),
        detail={"proto": proto},
    )


def _forget_order(connection: Connection, order_id: str) -> None:
    """Whatever Fornex answered, the next read asks it again: the cancel mark shows on the order
    page and an unpaid order cancelled at once changes its status in the orders list."""
    gateway.invalidate(connection, "order_details", parts=(order_id,))
    gateway.invalidate(connection, "orders")


def order_cancel(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    order_id: str,
    when: str,
    save_backup: bool,
    label: str = "",
) -> OrderCancelled:
    """Mark the order for cancellation when its paid period ends (`when="expired"`), or ask for
    it now; Fornex cancels an order not yet paid for at once either way."""
    if when not in ("expired", "now"):
        raise ValueError("when must be 'expired' or 'now'")
    try:
        return _fornex_call(
            actor=actor,
            team=team,
            connection=connection,
            needs="order.cancel",
            audit_action="order.cancel",
            target_type="order",
            target_id=order_target_id(connection, order_id),
            target_label=label or order_id,
            call=lambda client: client.order_cancel(order_id, when=when, save_backup=save_backup),
            detail={"when": when, "save_backup": save_backup},
        )
    finally:
        _forget_order(connection, order_id)


def order_cancel_unset(
    *, actor: User, team: Team, connection: Connection, order_id: str, label: str = ""
) -> None:
    """Remove the order's cancel mark: it renews as usual again."""
    try:
        _fornex_call(
            actor=actor,
            team=team,
            connection=connection,
            needs="order.cancel",
            audit_action="order.cancel_unset",
            target_type="order",
            target_id=order_target_id(connection, order_id),
            target_label=label or order_id,
            call=lambda client: client.order_cancel_unset(order_id),
        )
    finally:
        _forget_order(connection, order_id)
