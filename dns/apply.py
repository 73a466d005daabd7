"""Applying a plan, in the worker: the changes go to Fornex one by one, in the order staged.

Each change's outcome is written to the operation's result as soon as it is known, so the plan
page shows progress. A change applied is removed from the plan in the same transaction as its
audit event. The first change that fails stops the run: later changes may depend on it. Whatever
was not applied stays staged, and the result says for each change whether it was applied,
failed (and why), has an unknown outcome, or was not attempted.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent
from dns import plan as plans
from dns.models import StagedChange
from dns.selectors import record_target
from dns.services import invalidate, is_uncertain, record_detail, record_label
from fornexpanel.fornex import FornexClient, FornexError, NotFound
from fornexpanel.gateway import describe_error, fornex_text
from operations import job_messages
from operations.job_messages import MESSAGE_CODE, coded, nested
from operations.models import Operation
from operations.registry import FORNEX_WORDS, Progress, Sent

APPLIED, FAILED, UNKNOWN = "applied", "failed", "unknown"
NOT_ATTEMPTED, SKIPPED, PENDING = "not_attempted", "skipped", "pending"
RUNNING_STATES = (Operation.State.SENDING, Operation.State.SENT)


def _say(result: dict[str, Any], message: str, code: dict | None = None) -> None:
    """Set a change's message, with its code when it has one (operations/job_messages.py)."""
    result["message"] = message
    result.pop(MESSAGE_CODE, None)
    result.update(code or {})


def _summary(change: dict[str, Any]) -> str:
    host = change["host"] or "@"
    return f"{host} {change['type']} {change['value']}"[:200]


class Run:
    """One apply of one plan: the results list, saved to the operation as it changes."""

    def __init__(self, op: Operation, client: FornexClient) -> None:
        self.op = op
        self.client = client
        self.domain: str = op.params["domain"]
        self.changes: list[dict[str, Any]] = op.params.get("changes", [])
        self.results = [
            {
                "id": change["id"],
                "action": change["action"],
                "summary": _summary(change),
                "outcome": PENDING,
                "message": "",
            }
            for change in self.changes
        ]

    def save(self) -> None:
        self.op.result = {**self.op.result, "changes": self.results}
        # Only while it runs: a run whose operation was ended meanwhile (the reconciler settled
        # it, or an admin ended it) does not overwrite how that ending recorded it.
        Operation.objects.filter(pk=self.op.pk, state__in=RUNNING_STATES).update(
            result=self.op.result, updated_at=timezone.now()
        )

    def still_ours(self) -> bool:
        """Renew the lease before each change: a run whose operation was ended meanwhile (the
        reconciler took the worker for dead, or an admin ended it) stops sending."""
        from operations.services import renew_lease

        return renew_lease(self.op)

    def finish_rest(self, start: int) -> None:
        for result in self.results[start:]:
            if result["outcome"] == PENDING:
                result["outcome"] = NOT_ATTEMPTED

    def run(self) -> Sent:
        self.save()
        try:
            live = {
                record.id: plans.entry(record) for record in self.client.dns_records(self.domain)
            }
        except FornexError as error:
            self.finish_rest(0)
            message, code = coded("dns.zone_unreadable", reason=describe_error(error))
            for result in self.results:
                _say(result, message, code)
                if fornex_text(error):
                    result[FORNEX_WORDS] = [fornex_text(error)]
            self.save()
            return Sent(result={"changes": self.results})
        try:
            for index, params in enumerate(self.changes):
                if not self.still_ours():
                    self.finish_rest(index)
                    break
                if not self.step(index, params, live):
                    self.finish_rest(index + 1)
                    break
                self.save()
        finally:
            self.save()
            invalidate(self.op.connection, self.domain)
        return Sent(result={"changes": self.results})

    def claim(self, change_id: int) -> StagedChange | None:
        """Take the staged change for this operation, unless another run is applying it."""
        with transaction.atomic():
            free = Q(operation__isnull=True) | Q(operation=self.op)
            free |= ~Q(operation__state__in=RUNNING_STATES)
            claimed = (
                StagedChange.objects.filter(
                    pk=change_id, connection_id=self.op.connection_id, domain=self.domain
                )
                .filter(free)
                .update(operation=self.op)
            )
            if not claimed:
                return None
            return StagedChange.objects.get(pk=change_id)

    def step(self, index: int, params: dict[str, Any], live: dict[int, plans.Entry]) -> bool:
        """Apply one change; False stops the run."""
        result = self.results[index]
        change = self.claim(params["id"])
        if change is None:
            result["outcome"] = SKIPPED
            _say(result, *coded("dns.skipped"))
            return True
        if change.outcome == StagedChange.Outcome.UNKNOWN and self.already_applied(change, live):
            self.applied(change, result, live, record_id=change.record_id, reconciled=True)
            return True
        problem, code = self.conflict(change, live)
        if problem:
            self.failed(change, result, problem, StagedChange.Outcome.FAILED, code=code)
            return False
        try:
            record_id = self.send(change)
        except FornexError as error:
            uncertain = is_uncertain(error)
            outcome = StagedChange.Outcome.UNKNOWN if uncertain else StagedChange.Outcome.FAILED
            message, code = describe_error(error), {}
            if isinstance(error, NotFound):
                message, code = coded("dns.not_found")
            if uncertain:
                message, code = coded("dns.unclear", reason=describe_error(error))
            self.failed(change, result, message, outcome, error=error, code=code)
            return False
        self.applied(change, result, live, record_id=record_id)
        return True

    def send(self, change: StagedChange) -> int | None:
        spec = change.spec
        record = {"host": spec.host, "type": spec.type, "value": spec.value, "ttl": spec.ttl}
        if change.action == StagedChange.Action.ADD:
            return self.client.dns_record_add(self.domain, **record, prio=spec.prio).pk
        if change.action == StagedChange.Action.UPDATE:
            self.client.dns_record_update(self.domain, change.record_id, **record, prio=spec.prio)
        else:
            self.client.dns_record_delete(self.domain, change.record_id)
        return change.record_id

    def conflict(self, change: StagedChange, live: dict[int, plans.Entry]) -> tuple[str, dict]:
        """What stops the change ("" for nothing), and its message's code where it has one."""
        if change.action == StagedChange.Action.ADD:
            problem = plans.host_problem(
                list(live.values()), host=change.host, rtype=change.type, value=change.value
            )
            return (problem[1] if problem else ""), {}
        current = live.get(change.record_id)
        if current is None:
            return coded("dns.record_gone")
        if not plans.same_record(current, change.before):
            return coded("dns.record_changed")
        return "", {}

    def already_applied(self, change: StagedChange, live: dict[int, plans.Entry]) -> bool:
        """After an unclear answer last time: does the zone already show this change?"""
        found = plans.already_applied(change, live.values())
        if isinstance(found, plans.Entry):
            change.record_id = found.id  # the add went through: this is its record
        return bool(found)

    def applied(
        self,
        change: StagedChange,
        result: dict[str, Any],
        live: dict[int, plans.Entry],
        *,
        record_id: int | None,
        reconciled: bool = False,
    ) -> None:
        op = self.op
        detail = record_detail(change)
        if change.action == StagedChange.Action.UPDATE:
            detail = {"before": change.before, "after": detail}
        with transaction.atomic():
            audit_record(
                action=f"dns.record.{change.action}",
                actor=op.actor,
                actor_name=op.actor_name,
                team=op.team,
                target_type="dns_record",
                target_id=record_target(op.connection, self.domain, record_id or 0),
                target_label=record_label(self.domain, change),
                detail={**detail, **({"found_applied": True} if reconciled else {})},
                operation=op,
            )
            change.delete()
        if change.action == StagedChange.Action.DELETE:
            live.pop(change.record_id, None)
        elif record_id is not None:
            live[record_id] = plans.Entry(
                record_id, change.host, change.type, change.value, change.ttl, change.prio
            )
        result["outcome"] = APPLIED
        result["record_id"] = record_id
        if reconciled:
            _say(result, *coded("dns.found_applied"))

    def failed(
        self,
        change: StagedChange,
        result: dict[str, Any],
        message: str,
        outcome: str,
        *,
        error: Exception | None = None,
        code: dict | None = None,
    ) -> None:
        op = self.op
        with transaction.atomic():
            StagedChange.objects.filter(pk=change.pk).update(outcome=outcome, error=message)
            audit_record(
                action=f"dns.record.{change.action}",
                actor=op.actor,
                actor_name=op.actor_name,
                team=op.team,
                target_type="dns_record" if change.record_id else "domain",
                target_id=(
                    record_target(op.connection, self.domain, change.record_id)
                    if change.record_id
                    else f"{op.connection_id}:{self.domain}"
                ),
                target_label=record_label(self.domain, change),
                outcome=AuditEvent.Outcome.FAILURE,
                detail={
                    **record_detail(change),
                    "reason": message,
                    **({"error": type(error).__name__} if error else {}),
                },
                operation=op,
            )
        result["outcome"] = UNKNOWN if outcome == StagedChange.Outcome.UNKNOWN else FAILED
        _say(result, message, code)
        if error is not None and fornex_text(error):
            # Fornex's own words in the message: the pages mark them as Fornex's.
            result[FORNEX_WORDS] = [fornex_text(error)]


def apply_plan(op: Operation, client: FornexClient) -> Sent:
    return Run(op, client).run()


def settle_abandoned(op: Operation, client: FornexClient) -> Progress:
    """The worker died while applying (its lease ran out): read the zone back and record what
    it shows. A change found in the zone is recorded as applied (and leaves the plan); the
    others stay staged, marked "outcome unknown" so that the next apply checks the zone first.
    Sends nothing."""
    run = Run(op, client)
    previous = {r["id"]: r for r in op.result.get("changes", [])}
    for result in run.results:
        if result["id"] in previous:
            result.update(previous[result["id"]])
    try:
        live = {record.id: plans.entry(record) for record in client.dns_records(run.domain)}
    except FornexError:
        live = None
    stopped = job_messages.text(nested("dns.worker_stopped"))
    for index, params in enumerate(run.changes):
        result = run.results[index]
        if result["outcome"] != PENDING:
            continue
        change = (
            StagedChange.objects.filter(pk=params["id"], operation=op)
            .select_related("operation")
            .first()
        )
        if change is None:
            result["outcome"] = SKIPPED
            _say(result, *coded("dns.skipped"))
            continue
        if live is not None and run.already_applied(change, live):
            run.applied(change, result, live, record_id=change.record_id, reconciled=True)
            _say(result, *coded("dns.found_after_stop"))
            continue
        StagedChange.objects.filter(pk=change.pk).update(
            outcome=StagedChange.Outcome.UNKNOWN, error=stopped
        )
        result["outcome"] = UNKNOWN
        code = "dns.stopped_unreadable" if live is None else "dns.stopped_not_in_zone"
        _say(result, *coded(code, stopped=nested("dns.worker_stopped")))
    run.save()
    invalidate(op.connection, run.domain)
    return progress_of(op)


def release_changes(op: Operation) -> None:
    """The operation was ended by hand: its changes that were not applied may have been sent,
    so the next apply checks the zone for them first."""
    StagedChange.objects.filter(operation=op, outcome=StagedChange.Outcome.NONE).update(
        outcome=StagedChange.Outcome.UNKNOWN
    )


def _reason(result: dict[str, Any]) -> dict | str:
    """A change's message as the summary quotes it: its code while it has one."""
    entry = result.get(MESSAGE_CODE)
    if isinstance(entry, dict) and entry.get("text") == result.get("message"):
        return nested(entry["code"], **(entry.get("params") or {}))
    return result.get("message", "")


def progress_of(op: Operation) -> Progress:
    """The final state and the sentence that sums up a run, from its per-change results."""
    results = op.result.get("changes", [])
    count = {
        outcome: sum(1 for r in results if r["outcome"] == outcome)
        for outcome in (APPLIED, FAILED, UNKNOWN, NOT_ATTEMPTED, SKIPPED)
    }
    stopped = next((r for r in results if r["outcome"] in (FAILED, UNKNOWN)), None)
    quoted = stopped or (results[0] if count[NOT_ATTEMPTED] else None)
    message, code = coded(
        "dns.plan_summary",
        total=len(results),
        count=count,
        stopped=stopped["summary"] if stopped else "",
        reason=_reason(quoted) if quoted else "",
    )
    words = quoted.get(FORNEX_WORDS, []) if quoted else []
    result = {**code, **({FORNEX_WORDS: words} if words else {})}
    if count[UNKNOWN]:
        return Progress(Operation.State.UNKNOWN, message, result)
    if count[FAILED] or count[NOT_ATTEMPTED]:
        return Progress(Operation.State.FAILED, message, result)
    return Progress(Operation.State.DONE, message, result)
