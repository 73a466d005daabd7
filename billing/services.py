"""Changes in the billing area: the ticket webhook at Fornex, the panel's own receiving address,
alert thresholds, storing a ticket event Fornex posted, and opening a support ticket.

Fornex is asked first and the panel's rows change only once it said yes, so a refusal leaves
everything as it was; the audit event is written in the same transaction as the change.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.connections import client_for
from accounts.crypto import KeyDecryptionError
from accounts.models import AuditEvent, Connection, Team, User
from billing.models import AlertSettings, SupportTicket, TicketEvent, TicketWebhook
from billing.selectors import token_hash
from fornexpanel import gateway
from fornexpanel.fornex import FornexError

TOKEN_BYTES = 32  # 43 url-safe characters: not guessable, not enumerable


def _set_at_fornex(
    *, actor: User, connection: Connection, url: str, action: str, detail: dict
) -> None:
    """POST webhook_set; a refusal is audited as a failure and raised for the view to explain."""
    try:
        client_for(connection).webhook_set(url)
    except (FornexError, KeyDecryptionError) as error:
        audit_record(
            action=action,
            actor=actor,
            team=connection.team,
            target=connection,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={**detail, "error": type(error).__name__},
        )
        raise
    finally:
        # Whatever happened, the next read asks Fornex what is really set.
        gateway.invalidate(connection, "webhook")


def webhook_set(*, actor: User, connection: Connection, url: str) -> None:
    """Point the account's ticket notifications at `url` (someone else's, e.g. a chat hook)."""
    authorize(user=actor, team=connection.team, action="webhook.manage")
    _set_at_fornex(
        actor=actor, connection=connection, url=url, action="webhook.set", detail={"panel": False}
    )
    with transaction.atomic():
        # Fornex no longer posts to the panel for this account: its address stops working.
        TicketWebhook.objects.filter(connection=connection).delete()
        audit_record(
            action="webhook.set",
            actor=actor,
            team=connection.team,
            target=connection,
            # The URL itself is a secret of its own (anyone holding it can post): not recorded.
            detail={"panel": False},
        )


def webhook_use_panel(
    *, actor: User, connection: Connection, url_for: Callable[[str], str]
) -> TicketWebhook:
    """Give the connection a new secret receiving address in the panel and set it at Fornex.

    `url_for(token)` makes the absolute URL. A previous panel address stops working.
    """
    authorize(user=actor, team=connection.team, action="webhook.manage")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    _set_at_fornex(
        actor=actor,
        connection=connection,
        url=url_for(token),
        action="webhook.set",
        detail={"panel": True},
    )
    with transaction.atomic():
        TicketWebhook.objects.filter(connection=connection).delete()
        hook = TicketWebhook.objects.create(
            team=connection.team,
            connection=connection,
            token_hash=token_hash(token),
            created_by=actor,
        )
        audit_record(
            action="webhook.set",
            actor=actor,
            team=connection.team,
            target=connection,
            detail={"panel": True},
        )
    return hook


def webhook_clear(*, actor: User, connection: Connection) -> None:
    """Switch the account's ticket notifications off (Fornex takes an empty URL for that)."""
    authorize(user=actor, team=connection.team, action="webhook.manage")
    _set_at_fornex(actor=actor, connection=connection, url="", action="webhook.clear", detail={})
    with transaction.atomic():
        TicketWebhook.objects.filter(connection=connection).delete()
        audit_record(action="webhook.clear", actor=actor, team=connection.team, target=connection)


@transaction.atomic
def alert_settings_update(
    *,
    actor: User,
    team: Team,
    balance_below: Decimal | None,
    runway_below_days: int | None,
    expiring_within_days: int | None,
    failed_operations: bool,
) -> AlertSettings:
    authorize(user=actor, team=team, action="alerts.manage")
    current, _created = AlertSettings.objects.select_for_update().get_or_create(team=team)
    new = {
        "balance_below": balance_below,
        "runway_below_days": runway_below_days,
        "expiring_within_days": expiring_within_days,
        "failed_operations": failed_operations,
    }
    changes = {
        name: {"before": _plain(getattr(current, name)), "after": _plain(value)}
        for name, value in new.items()
        if getattr(current, name) != value
    }
    for name, value in new.items():
        setattr(current, name, value)
    current.save()
    audit_record(action="alerts.settings", actor=actor, team=team, target=team, detail=changes)
    return current


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def ticket_event_receive(*, hook: TicketWebhook, text: str, ip: str | None) -> TicketEvent:
    """Store what Fornex posted to the panel's address. No actor: Fornex is the sender."""
    with transaction.atomic():
        event = TicketEvent.objects.create(
            team_id=hook.team_id,
            connection_id=hook.connection_id,
            connection_label=hook.connection.label,
            text=text,
            ip=ip,
        )
        TicketWebhook.objects.filter(pk=hook.pk).update(last_received_at=timezone.now())
    return event


def ticket_create(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    subject: str,
    text: str,
    order_id: str = "",
    priority: int | None = None,
) -> SupportTicket:
    """Open a support ticket at Fornex through the connection, and keep it for the feed.

    A refusal is audited as a failure and raised for the view to explain (the form keeps what
    the member wrote). The text is kept in the panel's row, never in the audit history."""
    authorize(user=actor, team=team, action="ticket.create")
    if connection.team_id != team.pk:
        raise ValueError("The connection belongs to another team.")
    detail = {"order": order_id, "priority": priority}
    try:
        created = client_for(connection).ticket_create(
            subject=subject, text=text, order_id=order_id or None, priority=priority
        )
    except (FornexError, KeyDecryptionError) as error:
        audit_record(
            action="ticket.create",
            actor=actor,
            team=team,
            target_type="ticket",
            target_id=f"{connection.pk}:",
            target_label=subject,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={**detail, "error": type(error).__name__},
        )
        raise
    url = created.url or ""
    with transaction.atomic():
        ticket = SupportTicket.objects.create(
            team=team,
            connection=connection,
            connection_label=connection.label,
            fornex_id=created.id,
            # Shown as a link: only a web address, never e.g. a javascript: one.
            url=url if url.startswith(("https://", "http://")) else "",
            status=created.status,
            subject=subject,
            text=text,
            priority=created.priority if created.priority is not None else priority,
            order_id=created.order_id or order_id,
            created_by=actor,
            created_by_name=actor.get_username(),
        )
        audit_record(
            action="ticket.create",
            actor=actor,
            team=team,
            target_type="ticket",
            target_id=f"{connection.pk}:{created.id}",
            target_label=subject,
            detail=detail,
        )
    return ticket
