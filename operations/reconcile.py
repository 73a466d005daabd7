"""The reconciler: every open operation has an exit that does not depend on one message arriving.

Celery beat runs it every OPERATIONS_RECONCILE_SECONDS (fornexpanel/celery.py). It looks only at
rows whose `lease_until` has passed, that is rows nothing has moved for longer than they should:

- **pending**, its task never ran (lost by the broker, or the broker was down at commit): past
  OPERATIONS_QUEUE_EXPIRY_MINUTES it ends failed (nothing was sent); before that it is queued
  again (the claim makes a second task harmless);
- **sending**, its worker died after (or before) calling Fornex: it ends unknown, unless the
  handler can tell by reading Fornex (a DNS plan reads the zone back). Never sent again;
- **sent**, its follow-up message was lost: the reconciler looks at Fornex once itself, and keeps
  doing so each run until the operation ends (at the latest at its deadline).

One run at a time (a cache lock); each row is handled in its own transaction, so one row's
trouble never stops the others.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from operations import services
from operations.models import Operation

log = logging.getLogger(__name__)
State = Operation.State
LOCK_KEY = "operations:reconcile-lock"
BATCH = 200  # rows per state per run: a backlog is worked through over several runs


@dataclass
class Report:
    requeued: int = 0
    expired: int = 0
    abandoned: int = 0
    followed: int = 0
    skipped: bool = False


def _due(state: str, now) -> list[int]:
    """Open rows of `state` whose lease has passed (rows from before leases: by their age)."""
    rows = Operation.objects.filter(state=state)
    if state == State.PENDING:
        old = Q(lease_until__isnull=True, created_at__lt=now - services.requeue_after())
    else:
        # sending/sent rows without a lease: from before leases; lease_expired decides per row.
        old = Q(lease_until__isnull=True)
    return list(
        rows.filter(Q(lease_until__lt=now) | old)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def operations_reconcile() -> Report:
    report = Report()
    lock_seconds = max(settings.OPERATIONS_RECONCILE_SECONDS * 5, 300)
    try:
        if not cache.add(LOCK_KEY, timezone.now().isoformat(), timeout=lock_seconds):
            report.skipped = True  # another run is at work
            return report
    except Exception:
        log.warning("reconciler: the cache lock is unavailable; running anyway", exc_info=True)
    try:
        _run(report)
    finally:
        try:
            cache.delete(LOCK_KEY)
        except Exception:
            log.warning("reconciler: could not release the cache lock", exc_info=True)
    if report.requeued or report.expired or report.abandoned or report.followed:
        log.info(
            "reconciler: %s queued again, %s expired, %s abandoned, %s followed",
            report.requeued,
            report.expired,
            report.abandoned,
            report.followed,
            extra={"fields": {"event": "reconcile", **report.__dict__}},
        )
    return report


def _run(report: Report) -> None:
    from operations.tasks import operation_context

    now = timezone.now()
    for pk in _due(State.PENDING, now):
        with operation_context(pk):
            _pending(pk, report)
    for pk in _due(State.SENDING, now):
        with operation_context(pk):
            _sending(pk, report)
    for pk in _due(State.SENT, now):
        with operation_context(pk):
            _sent(pk, report)


@contextlib.contextmanager
def _guard(pk: int, what: str) -> Iterator[None]:
    """One row's unexpected trouble is logged and never stops the run."""
    try:
        yield
    except Exception:
        log.exception("reconciler: operation %s could not be %s", pk, what)


def _pending(pk: int, report: Report) -> None:
    with _guard(pk, "queued again"):
        op = Operation.objects.select_related("team", "actor").get(pk=pk)
        if op.state != State.PENDING:
            return
        if services.queue_expired(op):
            if services.operation_finish(op, State.FAILED, *services.expiry_message()):
                report.expired += 1
            return
        until = timezone.now() + services.requeue_after()
        moved = Operation.objects.filter(pk=pk, state=State.PENDING).update(lease_until=until)
        if moved and services.publish_run(pk):
            report.requeued += 1


def _sending(pk: int, report: Report) -> None:
    with _guard(pk, "ended"):
        op = Operation.objects.select_related("connection", "team", "actor").get(pk=pk)
        if op.state != State.SENDING or not services.lease_expired(op):
            return
        if services.operation_abandon(op):
            report.abandoned += 1


def _sent(pk: int, report: Report) -> None:
    with _guard(pk, "followed"):
        op = Operation.objects.get(pk=pk)
        if op.state != State.SENT:
            return
        if op.lease_until is None and op.updated_at > timezone.now() - services.follow_lease(
            op.kind
        ):
            return  # from before leases, and followed recently
        services.operation_poll(pk)
        report.followed += 1
