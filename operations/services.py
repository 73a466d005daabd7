"""Creating and driving operations. Tasks call `operation_send` and `operation_poll`; views call
`operation_create` and `operation_retry`. Every state change is a conditional UPDATE from the
state we read, so two workers never both act on one operation."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.crypto import KeyDecryptionError
from accounts.models import AuditEvent, Connection, Team, User
from fornexpanel.core.context import current_request_id
from fornexpanel.fornex import FornexError, MalformedResponse, RateLimited, UpstreamUnavailable
from fornexpanel.gateway import describe_error, fornex_text
from operations import job_messages
from operations.idempotency import AlreadyStarted
from operations.models import Operation
from operations.registry import FORNEX_WORDS, Progress, Sent, handler_for

log = logging.getLogger(__name__)
State = Operation.State

# The reconciler's paces (settings, see docs/operations.md): how long an open row may go
# without news before the reconciler looks at it.


def sending_lease(kind: str) -> timedelta:
    """How long a worker may hold a row in "sending" without renewing: past it, the worker is
    taken for dead (a long send renews the lease as it goes)."""
    seconds = handler_for(kind).lease or settings.OPERATIONS_SENDING_LEASE_SECONDS
    return timedelta(seconds=seconds)


def follow_lease(kind: str) -> timedelta:
    """How long a sent row may go without a follow-up before the reconciler follows it."""
    every = getattr(settings, "OPERATIONS_POLL_SECONDS", None) or handler_for(kind).poll_every
    return timedelta(seconds=every + settings.OPERATIONS_FOLLOW_GRACE_SECONDS)


def requeue_after() -> timedelta:
    return timedelta(seconds=settings.OPERATIONS_REQUEUE_SECONDS)


def queue_expiry() -> timedelta:
    return timedelta(minutes=settings.OPERATIONS_QUEUE_EXPIRY_MINUTES)


def queue_expired(op: Operation, now: Any = None) -> bool:
    """A pending row that waited for a worker longer than the expiry is never sent late."""
    now = now or timezone.now()
    return op.state == State.PENDING and now - op.created_at > queue_expiry()


def expiry_message() -> tuple[str, dict]:
    """The message of a job that expired in the queue, and the result entry with its code."""
    return job_messages.coded("job.expired", minutes=settings.OPERATIONS_QUEUE_EXPIRY_MINUTES)


def renew_lease(op: Operation) -> bool:
    """A long send (a DNS plan) says it is still alive; False when the row is no longer this
    worker's (the reconciler or an admin ended it): the send must stop."""
    until = timezone.now() + sending_lease(op.kind)
    return bool(Operation.objects.filter(pk=op.pk, state=State.SENDING).update(lease_until=until))


class InvalidTransition(Exception):
    pass


def publish_run(op_id: int) -> bool:
    """Put the operation's task on the broker. A broker that refuses is logged, never raised:
    the row stays pending and the reconciler queues it again (or expires it)."""
    from operations import tasks

    try:
        tasks.operation_run.delay(op_id)
    except Exception:
        log.warning(
            "operation %s could not be queued (broker unavailable): the reconciler retries",
            op_id,
            exc_info=True,
        )
        _refusals.last = time.monotonic()
        return False
    _refusals.last = None
    return True


_refusals = threading.local()


def broker_refused_recently(seconds: float = 5.0) -> bool:
    """This thread's last attempt to queue an operation, within `seconds`, was refused by the
    broker: the request that just started an action tells the member it is not sent yet."""
    last = getattr(_refusals, "last", None)
    return last is not None and time.monotonic() - last < seconds


def _enqueue_run(op: Operation) -> None:
    transaction.on_commit(lambda: publish_run(op.pk))


def _publish_follow(op_id: int, delay: float) -> None:
    from operations import tasks

    try:
        tasks.operation_follow.apply_async((op_id,), countdown=delay)
    except Exception:
        log.warning(
            "follow-up of operation %s could not be queued: the reconciler follows it",
            op_id,
            exc_info=True,
        )


def enqueue_follow(op: Operation, countdown: float | None = None) -> None:
    # OPERATIONS_POLL_SECONDS (optional setting) overrides every handler's pace: tests run fast.
    every = getattr(settings, "OPERATIONS_POLL_SECONDS", None) or handler_for(op.kind).poll_every
    delay = every if countdown is None else countdown
    transaction.on_commit(lambda: _publish_follow(op.pk, delay))


def _create_row(
    *,
    team: Team,
    connection: Connection,
    actor: User,
    kind: str,
    target_type: str,
    target_id: str,
    target_label: str,
    params: dict[str, Any] | None,
    batch: uuid.UUID | None,
    retry_of: Operation | None,
    form_token: str,
) -> Operation:
    return Operation.objects.create(
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
        form_token=form_token,
        lease_until=timezone.now() + requeue_after(),
    )


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
    form_token: str = "",
) -> Operation:
    handler = handler_for(kind)
    authorize(user=actor, team=team, action=handler.action)
    if connection.team_id != team.pk:
        raise ValueError("The connection belongs to another team.")
    if form_token:
        existing = Operation.objects.filter(team=team, form_token=form_token).first()
        if existing is not None:
            raise AlreadyStarted(existing)
    try:
        with transaction.atomic():
            op = _create_row(
                team=team,
                connection=connection,
                actor=actor,
                kind=kind,
                target_type=target_type,
                target_id=target_id,
                target_label=target_label,
                params=params,
                batch=batch,
                retry_of=retry_of,
                form_token=form_token,
            )
    except IntegrityError:
        existing = Operation.objects.filter(team=team, form_token=form_token).first()
        if not form_token or existing is None:
            raise
        raise AlreadyStarted(existing) from None
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


class NeedsConfirmation(InvalidTransition):
    """Retrying asks for the same confirmation as starting it did (a DNS plan's risks)."""

    def __init__(self, risks: list[str]) -> None:
        super().__init__(_("Trying again needs the same confirmation as applying it did."))
        self.risks = risks


def operation_retry(
    *, actor: User, op: Operation, confirmed: bool = False, form_token: str = ""
) -> Operation:
    """Start the same action again as a new operation (the failed one stays as it was). One
    that needed an extra confirmation when started (a DNS plan's risks) needs it again."""
    if not op.is_retryable:
        raise InvalidTransition(_("Only a failed or unknown operation can be retried."))
    if op.connection is None:
        raise InvalidTransition(_("The connection of this operation was removed."))
    risks = op.params.get("confirmed_risks") or []
    if risks and not confirmed:
        raise NeedsConfirmation(list(risks))
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
        form_token=form_token,
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


def operation_finish(
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


def rate_limited_message(error: RateLimited) -> tuple[str, dict]:
    """A 429: Fornex refused the request for now, so nothing was applied; when to try again."""
    if error.retry_after:
        return job_messages.coded("job.rate_limited_wait", seconds=error.retry_after)
    return job_messages.coded("job.rate_limited")


def _maybe_applied(error: Exception) -> tuple[str, dict]:
    # The error's description is kept as written (in the language the job was sent in).
    return job_messages.coded("job.maybe_applied", reason=describe_error(error))


def _unexpected(op: Operation, error: Exception, while_doing: str) -> None:
    """An error no handler expected: the request may have gone out, so the row ends unknown
    (never left open); the traceback goes to the log, never the error's text to the page."""
    log.exception("operation %s: unexpected error while %s", op.pk, while_doing)
    operation_finish(
        op, State.UNKNOWN, *job_messages.coded("job.unexpected_error", error=type(error).__name__)
    )


def operation_send(op_id: int) -> tuple[Operation | None, Sent | None]:
    """Claim the operation and send its request to Fornex, once."""
    op = Operation.objects.select_related("connection", "team", "actor").filter(pk=op_id).first()
    if op is None:
        return None, None
    if op.state != State.PENDING:
        _redelivered(op)
        return op, None
    if queue_expired(op):
        # It waited for a worker too long: never run late by surprise.
        operation_finish(op, State.FAILED, *expiry_message())
        return op, None
    now = timezone.now()
    if not transition(op, State.SENDING, claimed_at=now, lease_until=now + sending_lease(op.kind)):
        return op, None  # another worker claimed it between our read and our update
    handler = handler_for(op.kind)
    if op.connection is None:
        operation_finish(op, State.FAILED, *job_messages.coded("job.connection_removed"))
        return op, None
    try:
        from accounts.connections import client_for

        sent = handler.send(op, client_for(op.connection))
    except RateLimited as error:
        # Fornex refused it outright: nothing was applied.
        operation_finish(op, State.FAILED, *rate_limited_message(error), error=error)
        return op, None
    except UpstreamUnavailable as error:
        if not error.maybe_applied:
            operation_finish(op, State.FAILED, describe_error(error), error=error)
            return op, None
        _settle(op, _maybe_applied(error))
        return op, None
    except MalformedResponse as error:
        # The request reached Fornex but its answer is unreadable: say so rather than claim it
        # failed, unless the target shows how it went.
        _settle(op, _maybe_applied(error))
        return op, None
    except (FornexError, KeyDecryptionError) as error:
        operation_finish(op, State.FAILED, describe_error(error), error=error)
        return op, None
    except Exception as error:
        _unexpected(op, error, "sending")
        return op, None
    now = timezone.now()
    moved = transition(
        op,
        State.SENT,
        fornex_job_id=sent.job_id,
        sent_at=now,
        deadline=now + timedelta(seconds=handler.time_limit),
        lease_until=now + follow_lease(op.kind),
        message=sent.message,
        result={**op.result, **sent.result},
    )
    if moved:
        enqueue_follow(op)
    return op, sent


def _redelivered(op: Operation) -> None:
    """A task for an operation already claimed: never send again; end abandoned rows."""
    if op.state == State.SENDING and lease_expired(op):
        operation_abandon(op)
    log.info("operation %s delivered again in state %s: not sent twice", op.pk, op.state)


def lease_expired(op: Operation, now: Any = None) -> bool:
    now = now or timezone.now()
    if op.lease_until is not None:
        return op.lease_until < now
    # Rows from before leases: the claim time and the lease of their kind.
    since = op.claimed_at or op.updated_at
    return since is not None and now - since > sending_lease(op.kind)


def operation_abandon(op: Operation) -> bool:
    """End a row whose worker died while sending (its lease ran out): the request may have gone
    out, so the outcome is unknown, unless the handler can tell by reading Fornex (a DNS plan
    reads the zone back, a power action the server's status). Never sends anything."""
    return _settle(op, job_messages.coded("job.worker_stopped"), abandoned=True)


def _settle(op: Operation, unknown: tuple[str, dict], *, abandoned: bool = False) -> bool:
    """After an unclear answer or a dead worker: ask the handler to read Fornex (never to send).
    A final state it reports ends the row; "still running" has it followed like a sent one;
    nothing it can tell ends it unknown with `unknown` (a coded message: text and result)."""
    handler = handler_for(op.kind)
    progress = None
    if op.connection is not None:
        try:
            from accounts.connections import client_for

            client = client_for(op.connection)
            progress = handler.abandoned(op, client) if abandoned else handler.settle(op, client)
        except Exception:
            log.warning("operation %s: could not look at Fornex to settle it", op.pk, exc_info=True)
            progress = None
    if progress is None:
        return operation_finish(op, State.UNKNOWN, *unknown)
    if progress.state is None:
        now = timezone.now()
        moved = transition(
            op,
            State.SENT,
            sent_at=now,
            deadline=now + timedelta(seconds=handler.time_limit),
            lease_until=now + follow_lease(op.kind),
            message=progress.message,
            result={**op.result, **(progress.result or {})},
        )
        if moved:
            enqueue_follow(op)
        return moved
    return operation_finish(op, progress.state, progress.message, progress.result)


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
        operation_finish(op, State.UNKNOWN, describe_error(error), error=error)
        return op
    except Exception as error:
        _unexpected(op, error, "following")
        return op
    if progress.state is not None:
        operation_finish(op, progress.state, progress.message, progress.result)
    elif op.deadline and timezone.now() > op.deadline:
        message, code = job_messages.coded(
            "job.timed_out", minutes=max(1, handler.time_limit // 60)
        )
        operation_finish(op, State.UNKNOWN, message, {**(progress.result or {}), **code})
    else:
        fields: dict[str, Any] = {
            "updated_at": timezone.now(),
            "lease_until": timezone.now() + follow_lease(op.kind),
        }
        if progress.result is not None or progress.message:
            fields["result"] = {**op.result, **(progress.result or {})}
            fields["message"] = progress.message or op.message
        Operation.objects.filter(pk=op.pk, state=State.SENT).update(**fields)
        op.refresh_from_db()
    return op


@transaction.atomic
def operation_end_by_hand(*, actor: User, op: Operation) -> bool:
    """An admin ends a stuck operation from its page: one not yet sent is failed (nothing went
    to Fornex, and its task, if it ever runs, finds it ended), one sending or sent is marked
    unknown. False when it had ended meanwhile."""
    authorize(user=actor, team=op.team, action="operation.end")
    op = Operation.objects.select_for_update().get(pk=op.pk)
    if op.is_final:
        return False
    name = actor.get_username()
    if op.state == State.PENDING:
        state = State.FAILED
        message, code = job_messages.coded("job.ended_by_hand", name=name)
    else:
        state = State.UNKNOWN
        message, code = job_messages.coded("job.marked_unknown", name=name)
    if not operation_finish(op, state, message, code):
        return False
    audit_record(
        action="operation.end",
        actor=actor,
        team=op.team,
        target_type="operation",
        target_id=str(op.pk),
        target_label=op.target_label,
        detail={"kind": op.kind, "state": state},
        operation=op,
    )
    handler_for(op.kind).ended(op)
    return True
