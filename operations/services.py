"""Creating and driving operations. Tasks call `operation_send` and `operation_poll`; views call
`operation_create` and `operation_retry`. Every state change is a conditional UPDATE from the
state we read, so two workers never both act on one operation."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.crypto import KeyDecryptionError
from accounts.models import AuditEvent, Connection, Team, User
from fornexpanel.core.context import current_request_id
from fornexpanel.fornex import FornexError, MalformedResponse, UpstreamUnavailable
from fornexpanel.gateway import describe_error, fornex_text
from operations.models import Operation
from operations.registry import FORNEX_WORDS, Progress, Sent, handler_for

log = logging.getLogger(__name__)
State = Operation.State

# A row left in "sending" longer than this was abandoned by a worker that died mid-call.
ABANDONED_AFTER = timedelta(minutes=5)


class InvalidTransition(Exception):
    pass


def _enqueue_run(op: Operation) -> None:
    from operations import tasks

    transaction.on_commit(lambda: _publish(op, lambda: tasks.operation_run.delay(op.pk)))


def _publish(op: Operation, send: Any) -> None:
    """Hand the operation to the broker; when it cannot take it (Redis down, broker folder
    unwritable), the operation ends `failed` at once, saying nothing was sent, instead of the
    request failing with a 500 and the row waiting for a task that does not exist. The caller
    sees the failed state on the `op` it holds."""
    try:
        send()
    except Exception as error:  # kombu's OperationalError, a ChannelError, a socket error...
        log.warning(
            "operation %s not queued: the broker cannot be reached (%s)",
            op.pk,
            type(error).__name__,
            extra={"fields": {"event": "broker_unavailable", "operation": op.pk}},
        )
        _finish(op, State.FAILED, not_queued_message())


def not_queued_message() -> str:
    return _(
        "Not sent: the panel's task queue cannot be reached, so nothing was sent to Fornex. "
        "Try again in a few minutes."
    )


def enqueue_follow(op: Operation, countdown: float | None = None) -> None:
    from operations import tasks

    # OPERATIONS_POLL_SECONDS (optional setting) overrides every handler's pace: tests run fast.
    every = getattr(settings, "OPERATIONS_POLL_SECONDS", None) or handler_for(op.kind).poll_every
    delay = every if countdown is None else countdown
    transaction.on_commit(lambda: tasks.operation_follow.apply_async((op.pk,), countdown=delay))


@transaction.atomic
def operation_create(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    kind: str,
    target_type: str,
    target_id: str,
    target_label: str = "",
    params: dict[str, Any] | None = None,
    batch: uuid.UUID | None = None,
    retry_of: Operation | None = None,
    enqueue: bool = True,
) -> Operation:
    handler = handler_for(kind)
    authorize(user=actor, team=team, action=handler.action)
    if connection.team_id != team.pk:
        raise ValueError("The connection belongs to another team.")
    op = Operation.objects.create(
        team=team,
        connection=connection,
        actor=actor,
        actor_name=actor.get_username(),
        kind=kind,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label or target_id,
        params=params or {},
        batch=batch,
        retry_of=retry_of,
        request_id=current_request_id(),
        language=translation.get_language() or "",
    )
    audit_record(
        action=kind,
        actor=actor,
        team=team,
        target_type=target_type,
        target_id=target_id,
        target_label=op.target_label,
        outcome=AuditEvent.Outcome.PENDING,
        detail={"params": op.params, **({"retry_of": retry_of.pk} if retry_of else {})},
        operation=op,
    )
    if enqueue:
        _enqueue_run(op)
    return op


def operation_retry(*, actor: User, op: Operation) -> Operation:
    """Start the same action again as a new operation (the failed one stays as it was)."""
    if not op.is_retryable:
        raise InvalidTransition(_("Only a failed or unknown operation can be retried."))
    if op.connection is None:
        raise InvalidTransition(_("The connection of this operation was removed."))
    return operation_create(
        actor=actor,
        team=op.team,
        connection=op.connection,
        kind=op.kind,
        target_type=op.target_type,
        target_id=op.target_id,
        target_label=op.target_label,
        params=op.params,
        batch=op.batch,
        retry_of=op,
    )


def transition(op: Operation, to: str, **fields: Any) -> bool:
    """Move `op` from the state it has in memory to `to`, if nobody moved it meanwhile."""
    if to not in Operation.TRANSITIONS[op.state]:
        raise InvalidTransition(f"{op.state} -> {to} is not a valid operation transition")
    now = timezone.now()
    if to in Operation.FINAL_STATES:
        fields.setdefault("finished_at", now)
    updated = Operation.objects.filter(pk=op.pk, state=op.state).update(
        state=to, updated_at=now, **fields
    )
    if updated:
        op.refresh_from_db()
    return bool(updated)


def _finish(
    op: Operation,
    state: str,
    message: str = "",
    result: dict | None = None,
    *,
    error: Exception | None = None,
) -> bool:
    fields: dict[str, Any] = {"message": message}
    # Fornex's own words quoted in the message (from the error, or given by the handler in
    # `result`) are kept beside it, so the page can mark them as Fornex's; older ones go.
    incoming = dict(result or {})
    words = incoming.pop(FORNEX_WORDS, None) or []
    if error is not None and fornex_text(error):
        words = [fornex_text(error)]
    if result is not None or words or FORNEX_WORDS in op.result:
        merged = {key: value for key, value in op.result.items() if key != FORNEX_WORDS}
        merged.update(incoming)
        if words:
            merged[FORNEX_WORDS] = list(words)
        fields["result"] = merged
    with transaction.atomic():
        if not transition(op, state, **fields):
            return False
        audit_record(
            action=op.kind,
            actor=op.actor,
            actor_name=op.actor_name,
            team=op.team,
            target_type=op.target_type,
            target_id=op.target_id,
            target_label=op.target_label,
            outcome=(
                AuditEvent.Outcome.SUCCESS if state == State.DONE else AuditEvent.Outcome.FAILURE
            ),
            detail={"state": state, **({"message": message} if message else {})},
            operation=op,
        )
    return True


def operation_send(op_id: int) -> tuple[Operation | None, Sent | None]:
    """Claim the operation and send its request to Fornex, once."""
    op = Operation.objects.select_related("connection", "team", "actor").filter(pk=op_id).first()
    if op is None:
        return None, None
    if op.state != State.PENDING:
        _redelivered(op)
        return op, None
    if not transition(op, State.SENDING, claimed_at=timezone.now()):
        return op, None  # another worker claimed it between our read and our update
    handler = handler_for(op.kind)
    if op.connection is None:
        _finish(op, State.FAILED, _("The connection was removed before the action could be sent."))
        return op, None
    try:
        from accounts.connections import client_for

        sent = handler.send(op, client_for(op.connection))
    except UpstreamUnavailable as error:
        if not error.maybe_applied:
            _finish(op, State.FAILED, describe_error(error), error=error)
            return op, None
        _finish(
            op,
            State.UNKNOWN,
            _(
                "Fornex did not answer clearly (%(reason)s); the action may or may not have been applied."
            )
            % {"reason": describe_error(error)},
        )
        return op, None
    except MalformedResponse as error:
        # The request reached Fornex but its answer is unreadable: say so rather than claim it failed.
        _finish(
            op,
            State.UNKNOWN,
            _(
                "Fornex did not answer clearly (%(reason)s); the action may or may not have been applied."
            )
            % {"reason": describe_error(error)},
        )
        return op, None
    except (FornexError, KeyDecryptionError) as error:
        _finish(op, State.FAILED, describe_error(error), error=error)
        return op, None
    now = timezone.now()
    moved = transition(
        op,
        State.SENT,
        fornex_job_id=sent.job_id,
        sent_at=now,
        deadline=now + timedelta(seconds=handler.time_limit),
        message=sent.message,
        result={**op.result, **sent.result},
    )
    if moved:
        enqueue_follow(op)
    return op, sent


def _redelivered(op: Operation) -> None:
    """A task for an operation already claimed: never send again; clean up abandoned rows."""
    if (
        op.state == State.SENDING
        and op.claimed_at is not None
        and timezone.now() - op.claimed_at > ABANDONED_AFTER
    ):
        _finish(
            op,
            State.UNKNOWN,
            _("The worker stopped while sending; the action may or may not have been applied."),
        )
    log.info("operation %s delivered again in state %s: not sent twice", op.pk, op.state)


def operation_poll(op_id: int) -> Operation | None:
    """Look once at how the operation is doing at Fornex; finish it when it is over."""
    op = Operation.objects.select_related("connection", "team", "actor").filter(pk=op_id).first()
    if op is None or op.state != State.SENT:
        return op
    handler = handler_for(op.kind)
    progress = Progress()
    try:
        from accounts.connections import client_for

        if op.connection is None:
            raise KeyDecryptionError("connection removed")
        progress = handler.poll(op, client_for(op.connection))
    except UpstreamUnavailable:
        pass  # Fornex is busy: look again next time, until the deadline
    except (FornexError, KeyDecryptionError) as error:
        _finish(op, State.UNKNOWN, describe_error(error), error=error)
        return op
    if progress.state is not None:
        _finish(op, progress.state, progress.message, progress.result)
    elif op.deadline and timezone.now() > op.deadline:
        minutes = max(1, handler.time_limit // 60)
        _finish(
            op,
            State.UNKNOWN,
            _("Fornex had not finished after %(minutes)d minutes; check the server.")
            % {"minutes": minutes},
            progress.result,
        )
    elif progress.result is not None or progress.message:
        Operation.objects.filter(pk=op.pk, state=State.SENT).update(
            result={**op.result, **(progress.result or {})},
            message=progress.message or op.message,
            updated_at=timezone.now(),
        )
        op.refresh_from_db()
    return op
