"""A plan of staged changes seen against the live zone: the diff, what it would break, how risky
it is. Pure functions over records and staged changes; no Fornex call, no database write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dns.models import StagedChange
from dns.validation import (
    DEFAULT_TTL,
    HOST_NAME_TYPES,
    clean_host_name,
    clean_ipv4,
    clean_ipv6,
    display_host,
)

FIELDS = ("host", "type", "value", "ttl", "prio")


def normalised_value(rtype: str, value: str) -> str:
    """A record value in the form the panel compares on (for duplicates), tolerant of anything
    Fornex may already hold."""
    text = (value or "").strip()
    try:
        if rtype == "A":
            return clean_ipv4(text)
        if rtype == "AAAA":
            return clean_ipv6(text)
        if rtype in HOST_NAME_TYPES:
            return clean_host_name(text, allow_single_label=True)
    except ValidationError:
        return text.lower()
    if rtype == "SRV":
        return " ".join(text.lower().removesuffix(".").split())
    return text


def cname_conflict(host: str, rtype: str, others: Iterable[tuple[str, str]]) -> str | None:
    """Why a record of `rtype` at `host` cannot sit beside the `others` (host, type) pairs:
    a CNAME must be the only record at its host."""
    at_host = [other_type for other_host, other_type in others if other_host == host]
    if not at_host:
        return None
    shown = display_host(host)
    if rtype == "CNAME":
        return _(
            "A CNAME must be the only record at its host, and “%(host)s” already has "
            "%(types)s. Remove those first, or use another host."
        ) % {"host": shown, "types": ", ".join(sorted(set(at_host)))}
    if "CNAME" in at_host:
        return _(
            "“%(host)s” is a CNAME (an alias), which cannot share its host with other "
            "records. Remove the CNAME first, or use another host."
        ) % {"host": shown}
    return None


@dataclass(frozen=True)
class Entry:
    """One record of a zone, live (id set) or as a staged add would create it (id None)."""

    id: int | None
    host: str
    type: str
    value: str
    ttl: int | None
    prio: int | None
    staged: bool = False

    @property
    def display_host(self) -> str:
        return display_host(self.host)

    @property
    def shown_ttl(self) -> int:
        return self.ttl if self.ttl is not None else DEFAULT_TTL

    def key(self) -> tuple[str, str, str]:
        return (self.host.lower(), self.type, normalised_value(self.type, self.value))


def entry(record: Any, *, staged: bool = False) -> Entry:
    """An Entry from a client DnsRecord, a StagedChange or a snapshot dict."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
    return Entry(
        id=get("id") if not isinstance(record, StagedChange) else record.record_id,
        host=(get("host") or "").lower(),
        type=get("type") or "",
        value=get("value") or "",
        ttl=get("ttl"),
        prio=get("prio"),
        staged=staged,
    )


def snapshot(record: Any) -> dict[str, Any]:
    """What is kept of a live record in a staged change's `before`."""
    item = entry(record)
    return {"id": item.id, **{name: getattr(item, name) for name in FIELDS}}


def same_record(live: Entry, before: dict[str, Any] | None) -> bool:
    if before is None:
        return True
    expected = entry(before)
    return all(getattr(live, name) == getattr(expected, name) for name in FIELDS)


def project(
    live: Iterable[Entry], changes: Iterable[StagedChange], *, skip: int | None = None
) -> list[Entry]:
    """The zone as it would be with the staged changes applied (`skip`: leave one change out,
    e.g. the one being replaced)."""
    records: dict[Any, Entry] = {item.id: item for item in live}
    for change in changes:
        if change.pk == skip:
            continue
        if change.action == StagedChange.Action.ADD:
            records[("staged", change.pk)] = entry(change, staged=True)
        elif change.action == StagedChange.Action.UPDATE:
            if change.record_id in records:
                records[change.record_id] = Entry(
                    change.record_id,
                    change.host,
                    change.type,
                    change.value,
                    change.ttl,
                    change.prio,
                    staged=True,
                )
        else:
            records.pop(change.record_id, None)
    return list(records.values())


def host_problem(
    zone: Sequence[Entry], *, host: str, rtype: str, value: str, exclude_id: int | None = None
) -> tuple[str, str] | None:
    """(field, message) when a record (host, rtype, value) cannot join `zone`: a CNAME beside
    other records, or the same record twice. `exclude_id` is the record being edited."""
    others = [item for item in zone if item.id is None or item.id != exclude_id]
    reason = cname_conflict(host, rtype, ((item.host, item.type) for item in others))
    if reason:
        return "host", reason
    wanted = (host.lower(), rtype, normalised_value(rtype, value))
    if any(item.key() == wanted for item in others):
        return "value", _("This record exists already.")
    return None


@dataclass
class Line:
    change: StagedChange
    before: Entry | None  # the live record now (update, delete)
    after: Entry | None  # the record after the change (add, update)
    conflict: str = ""

    @property
    def changed(self) -> set[str]:
        if self.before is None or self.after is None:
            return set()
        return {name for name in FIELDS if getattr(self.before, name) != getattr(self.after, name)}

    @property
    def touches_ns(self) -> bool:
        return "NS" in {item.type for item in (self.before, self.after) if item is not None}


@dataclass
class Plan:
    lines: list[Line]
    live_count: int
    problems: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.risks)

    @property
    def can_apply(self) -> bool:
        return bool(self.lines) and not self.problems

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.change.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in StagedChange.Action.values}


def build(changes: Sequence[StagedChange], live_records: Iterable[Any]) -> Plan:
    live = [entry(record) for record in live_records]
    by_id = {item.id: item for item in live}
    lines = []
    # Changes the zone already shows (last time's unclear answer did apply them): the next run
    # records them as applied without sending them, so they are not counted twice below.
    done: set[int] = set()
    for change in changes:
        current = by_id.get(change.record_id) if change.record_id is not None else None
        conflict = ""
        if change.outcome == StagedChange.Outcome.UNKNOWN and already_applied(change, live):
            done.add(change.pk)
        elif change.action != StagedChange.Action.ADD:
            if current is None:
                conflict = _("This record no longer exists at Fornex.")
            elif not same_record(current, change.before):
                conflict = _("This record was changed at Fornex after the change was staged.")
        after = None if change.action == StagedChange.Action.DELETE else entry(change, staged=True)
        lines.append(Line(change=change, before=current, after=after, conflict=conflict))
    plan = Plan(lines=lines, live_count=len(live))
    plan.problems = [
        _("%(change)s: %(reason)s") % {"change": _describe(line.change), "reason": line.conflict}
        for line in lines
        if line.conflict
    ] + _zone_problems(project(live, [change for change in changes if change.pk not in done]))
    plan.risks = _risks(plan)
    return plan


def already_applied(change: StagedChange, live: Iterable[Entry]) -> Entry | bool | None:
    """Does the zone already show this change? Asked after an unclear answer from Fornex. For an
    add, returns the live record that matches it."""
    wanted = entry(change).key()
    if change.action == StagedChange.Action.DELETE:
        return all(item.id != change.record_id for item in live)
    if change.action == StagedChange.Action.UPDATE:
        return any(item.id == change.record_id and item.key() == wanted for item in live)
    return next((item for item in live if item.key() == wanted), None)


def _describe(change: StagedChange) -> str:
    return f"{change.get_action_display()} {change.display_host} {change.type}"


def _zone_problems(zone: Sequence[Entry]) -> list[str]:
    """CNAMEs sharing a host, and records listed twice, where the plan is involved."""
    by_host: dict[str, list[Entry]] = defaultdict(list)
    for item in zone:
        by_host[item.host].append(item)
    problems = []
    for host, items in by_host.items():
        staged = any(item.staged for item in items)
        if not staged:
            continue  # the live zone as it is: not this plan's doing
        types = [item.type for item in items]
        if "CNAME" in types and len(items) > 1:
            problems.append(
                _(
                    "“%(host)s” would have a CNAME beside other records (%(types)s): a CNAME "
                    "must be the only record at its host."
                )
                % {"host": display_host(host), "types": ", ".join(sorted(types))}
            )
        keys = [item.key() for item in items]
        for key in {key for key in keys if keys.count(key) > 1}:
            problems.append(
                _("“%(host)s” would have the same %(type)s record twice.")
                % {"host": display_host(host), "type": key[1]}
            )
    return problems


def _risks(plan: Plan) -> list[str]:
    risks = []
    touched = plan.count(StagedChange.Action.UPDATE) + plan.count(StagedChange.Action.DELETE)
    if touched and touched * 3 > plan.live_count:
        risks.append(
            ngettext(
                "This plan changes or deletes %(count)d of the zone's %(total)d records: more "
                "than a third of it.",
                "This plan changes or deletes %(count)d of the zone's %(total)d records: more "
                "than a third of it.",
                touched,
            )
            % {"count": touched, "total": plan.live_count}
        )
    if any(line.touches_ns for line in plan.lines):
        risks.append(
            _(
                "This plan touches NS records: a wrong name server delegation can take a "
                "whole subdomain offline."
            )
        )
    return risks
