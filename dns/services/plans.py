"""Staged changes and plans: staging, taking out, discarding, and starting the apply operation
(the changes themselves go to Fornex in dns.apply, in the worker)."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.models import Connection, User
from dns import plan as plans
from dns.models import StagedChange
from dns.selectors import PLAN_KIND, domain_target, record_target
from dns.services.common import record_detail, record_label
from dns.validation import RecordSpec
from operations.models import Operation
from operations.services import operation_create


class PlanError(Exception):
    """The plan cannot be applied as it is; `message` says why."""

    def __init__(self, message: str, *, risks: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.risks = risks or []


# Staged changes and plans ----------------------------------------------------------------------


def _plan_audit(
    *,
    action: str,
    actor: User,
    connection: Connection,
    domain: str,
    detail: dict,
    record_id: int | None = None,
) -> None:
    """A plan event is about the record it changes (so the record's page lists it), or about
    the domain for an add or the whole plan."""
    if record_id is not None:
        target = {
            "target_type": "dns_record",
            "target_id": record_target(connection, domain, record_id),
            "target_label": record_label(domain, SimpleNamespace(**detail)),
        }
    else:
        target = {
            "target_type": "domain",
            "target_id": domain_target(connection, domain),
            "target_label": domain,
        }
    audit_record(action=action, actor=actor, team=connection.team, detail=detail, **target)


@transaction.atomic
def change_stage(
    *,
    actor: User,
    connection: Connection,
    domain: str,
    action: str,
    spec: RecordSpec | None = None,
    record: Any = None,
) -> StagedChange:
    """Stage an add (spec), an update (record and spec) or a delete (record). A record has at
    most one staged change: staging another replaces it."""
    authorize(user=actor, team=connection.team, action="dns.record.change")
    if action != StagedChange.Action.ADD and record is None:
        raise ValueError("An update or delete names the record it is about.")
    source = record if action == StagedChange.Action.DELETE else spec
    if source is None:
        raise ValueError("An add or update needs the new record.")
    change = None
    if record is not None:
        change = (
            StagedChange.objects.select_for_update(of=("self",))
            .select_related("operation")
            .filter(connection=connection, domain=domain, record_id=record.id)
            .first()
        )
        if change is not None and change.is_locked:
            raise PlanError(_("This record's change is being applied right now."))
    change = change or StagedChange(team=connection.team, connection=connection, domain=domain)
    change.action = action
    change.record_id = record.id if record is not None else None
    change.host, change.type, change.value = source.host, source.type, source.value
    change.ttl, change.prio = source.ttl, source.prio
    change.before = plans.snapshot(record) if record is not None else None
    change.created_by, change.created_by_name = actor, actor.get_username()
    change.operation, change.outcome, change.error = None, StagedChange.Outcome.NONE, ""
    change.save()
    _plan_audit(
        action="dns.plan.stage",
        actor=actor,
        connection=connection,
        domain=domain,
        record_id=change.record_id,
        detail={"change": action, **record_detail(source)},
    )
    return change


@transaction.atomic
def change_unstage(*, actor: User, change: StagedChange) -> None:
    authorize(user=actor, team=change.team, action="dns.record.change")
    locked = (
        StagedChange.objects.select_for_update(of=("self",))
        .select_related("operation")
        .get(pk=change.pk)
    )
    if locked.is_locked:
        raise PlanError(_("This change is being applied right now."))
    locked.delete()
    _plan_audit(
        action="dns.plan.unstage",
        actor=actor,
        connection=change.connection,
        domain=change.domain,
        record_id=change.record_id,
        detail={"change": change.action, **record_detail(change)},
    )


@transaction.atomic
def plan_discard(*, actor: User, connection: Connection, domain: str) -> int:
    """Drop every staged change of the domain that is not being applied; return how many."""
    authorize(user=actor, team=connection.team, action="dns.record.change")
    changes = (
        StagedChange.objects.select_for_update(of=("self",))
        .select_related("operation")
        .filter(team=connection.team, connection=connection, domain=domain)
    )
    free = [change for change in changes if not change.is_locked]
    if not free:
        return 0
    _end_replaced(free, _("The plan was discarded before this apply started."))
    StagedChange.objects.filter(pk__in=[change.pk for change in free]).delete()
    _plan_audit(
        action="dns.plan.discard",
        actor=actor,
        connection=connection,
        domain=domain,
        detail={"changes": len(free)},
    )
    return len(free)


@transaction.atomic
def plan_apply(
    *,
    actor: User,
    connection: Connection,
    domain: str,
    live_records: Iterable[Any],
    confirmed: bool = False,
    form_token: str = "",
) -> Operation:
    """Start one background operation that applies the staged changes in order."""
    authorize(user=actor, team=connection.team, action="dns.record.change")
    changes = list(
        StagedChange.objects.select_for_update(of=("self",))
        .select_related("operation")
        .filter(team=connection.team, connection=connection, domain=domain)
        .order_by("pk")
    )
    if not changes:
        raise PlanError(_("Nothing is staged for this domain."))
    if any(change.is_locked for change in changes):
        raise PlanError(_("This plan is being applied already."))
    plan = plans.build(changes, live_records)
    if plan.problems:
        raise PlanError(plan.problems[0])
    if plan.needs_confirmation and not confirmed:
        raise PlanError(_("This plan needs an extra confirmation."), risks=plan.risks)
    op = operation_create(
        actor=actor,
        team=connection.team,
        connection=connection,
        kind=PLAN_KIND,
        target_type="domain",
        target_id=domain_target(connection, domain),
        target_label=domain,
        params={
            "domain": domain,
            "changes": [change.as_params() for change in changes],
            "confirmed_risks": plan.risks,
        },
        form_token=form_token,
    )
    # Outcomes of an earlier run stay: after an unclear answer, the run checks the zone first.
    StagedChange.objects.filter(pk__in=[change.pk for change in changes]).update(operation=op)
    _end_replaced(changes, _("Replaced by a newer apply of this plan before it started."))
    return op


def _end_replaced(changes: Iterable[StagedChange], message: str) -> None:
    """An apply whose task never started (still pending) gives its changes up: end it, so that
    it never runs late (its task, if it ever comes, finds it ended)."""
    from operations.services import operation_finish

    for pending in {
        change.operation
        for change in changes
        if change.operation is not None and change.operation.state == Operation.State.PENDING
    }:
        operation_finish(pending, Operation.State.FAILED, message)
