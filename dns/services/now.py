"""Changes applied at Fornex right away: domains, single records, name servers of domain orders.

Each authorizes again, calls Fornex once, and records the outcome in the audit history: success
in a transaction, failure with the reason. Fornex errors are re-raised for the view to explain.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.models import Connection, User
from dns.models import StagedChange
from dns.selectors import domain_target, record_target
from dns.services.common import call, invalidate, record_detail, record_label
from dns.validation import RecordSpec

# Domains ---------------------------------------------------------------------------------------


def domain_add(*, actor: User, connection: Connection, name: str, ip: str) -> str:
    authorize(user=actor, team=connection.team, action="dns.domain.manage")
    target = {"target_type": "domain", "target_id": domain_target(connection, name)}
    added = call(
        lambda client: client.dns_domain_add(name, ip),
        action="dns.domain.add",
        actor=actor,
        connection=connection,
        domain=name,
        target_label=name,
        detail={"ip": ip},
        **target,
    )
    with transaction.atomic():
        audit_record(
            action="dns.domain.add",
            actor=actor,
            team=connection.team,
            target_type="domain",
            target_id=domain_target(connection, added.name),
            target_label=added.name,
            detail={"ip": ip},
        )
    invalidate(connection, added.name)
    return added.name


def domain_delete(*, actor: User, connection: Connection, domain: str) -> None:
    authorize(user=actor, team=connection.team, action="dns.domain.manage")
    target = {
        "target_type": "domain",
        "target_id": domain_target(connection, domain),
        "target_label": domain,
    }
    call(
        lambda client: client.dns_domain_delete(domain),
        action="dns.domain.delete",
        actor=actor,
        connection=connection,
        domain=domain,
        **target,
    )
    with transaction.atomic():
        # A plan for a zone that is gone can never apply: it goes with the domain, and says so.
        dropped = StagedChange.objects.filter(connection=connection, domain=domain).delete()[0]
        audit_record(
            action="dns.domain.delete",
            actor=actor,
            team=connection.team,
            detail={"staged_changes_dropped": dropped} if dropped else {},
            **target,
        )
    invalidate(connection, domain)


# Records, applied now --------------------------------------------------------------------------


def record_add(*, actor: User, connection: Connection, domain: str, spec: RecordSpec) -> int:
    authorize(user=actor, team=connection.team, action="dns.record.change")
    added = call(
        lambda client: client.dns_record_add(
            domain, host=spec.host, type=spec.type, value=spec.value, ttl=spec.ttl, prio=spec.prio
        ),
        action="dns.record.add",
        actor=actor,
        connection=connection,
        domain=domain,
        target_type="domain",
        target_id=domain_target(connection, domain),
        target_label=record_label(domain, spec),
        detail=record_detail(spec),
    )
    with transaction.atomic():
        audit_record(
            action="dns.record.add",
            actor=actor,
            team=connection.team,
            target_type="dns_record",
            target_id=record_target(connection, domain, added.pk),
            target_label=record_label(domain, spec),
            detail=record_detail(spec),
        )
    invalidate(connection, domain)
    return added.pk


def record_update(
    *, actor: User, connection: Connection, domain: str, record: Any, spec: RecordSpec
) -> None:
    authorize(user=actor, team=connection.team, action="dns.record.change")
    target = {
        "target_type": "dns_record",
        "target_id": record_target(connection, domain, record.id),
        "target_label": record_label(domain, spec),
    }
    detail = {"before": record_detail(record), "after": record_detail(spec)}
    call(
        lambda client: client.dns_record_update(
            domain,
            record.id,
            host=spec.host,
            type=spec.type,
            value=spec.value,
            ttl=spec.ttl,
            prio=spec.prio,
        ),
        action="dns.record.update",
        actor=actor,
        connection=connection,
        domain=domain,
        detail=detail,
        **target,
    )
    with transaction.atomic():
        audit_record(
            action="dns.record.update", actor=actor, team=connection.team, detail=detail, **target
        )
    invalidate(connection, domain)


def record_delete(*, actor: User, connection: Connection, domain: str, record: Any) -> None:
    authorize(user=actor, team=connection.team, action="dns.record.change")
    target = {
        "target_type": "dns_record",
        "target_id": record_target(connection, domain, record.id),
        "target_label": record_label(domain, record),
    }
    call(
        lambda client: client.dns_record_delete(domain, record.id),
        action="dns.record.delete",
        actor=actor,
        connection=connection,
        domain=domain,
        detail=record_detail(record),
        **target,
    )
    with transaction.atomic():
        audit_record(
            action="dns.record.delete",
            actor=actor,
            team=connection.team,
            detail=record_detail(record),
            **target,
        )
    invalidate(connection, domain)


# Nameservers of domain orders ------------------------------------------------------------------


def nameservers_change(
    *, actor: User, connection: Connection, order_id: str, domain: str, nameservers: list[str]
) -> None:
    authorize(user=actor, team=connection.team, action="domain.nameservers")
    target = {
        "target_type": "order",
        "target_id": f"{connection.pk}:{order_id}",
        "target_label": domain or order_id,
    }
    call(
        lambda client: client.domain_change_ns(order_id, nameservers),
        action="domain.nameservers",
        actor=actor,
        connection=connection,
        domain=None,
        detail={"nameservers": nameservers},
        **target,
    )
    with transaction.atomic():
        audit_record(
            action="domain.nameservers",
            actor=actor,
            team=connection.team,
            detail={"nameservers": nameservers},
            **target,
        )
