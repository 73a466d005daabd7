"""What the DNS services share: calling Fornex once with the failure audited, forgetting the
cached reads a change affects, and how a record is described in the audit history."""

from __future__ import annotations

from typing import Any

from accounts.audit import audit_record
from accounts.connections import client_for
from accounts.crypto import KeyDecryptionError
from accounts.models import AuditEvent, Connection, User
from dns.selectors import bump_domains_generation
from dns.validation import display_host
from fornexpanel import gateway
from fornexpanel.fornex import FornexError, MalformedResponse, UpstreamUnavailable
from fornexpanel.gateway import describe_error


def is_uncertain(error: Exception) -> bool:
    """Fornex may have applied the change although the panel got no clear answer."""
    return isinstance(error, MalformedResponse) or (
        isinstance(error, UpstreamUnavailable) and error.maybe_applied
    )


def invalidate(connection: Connection, domain: str | None = None) -> None:
    if domain is not None:
        gateway.invalidate(connection, "dns_records", parts=(domain,))
        gateway.invalidate(connection, "zone_file", parts=(domain,))
    bump_domains_generation(connection)


def record_detail(spec: Any) -> dict[str, Any]:
    return {
        "host": display_host(spec.host),
        "type": spec.type,
        "value": spec.value,
        "ttl": spec.ttl,
        "prio": spec.prio,
    }


def record_label(domain: str, spec: Any) -> str:
    return f"{display_host(spec.host)} {spec.type} ({domain})"


def failed(
    *, action: str, actor: User, connection: Connection, error: Exception, **target: Any
) -> None:
    audit_record(
        action=action,
        actor=actor,
        team=connection.team,
        outcome=AuditEvent.Outcome.FAILURE,
        detail={
            **target.pop("detail", {}),
            "error": type(error).__name__,
            "reason": describe_error(error),
            **({"uncertain": True} if is_uncertain(error) else {}),
        },
        **target,
    )


def call(fn, *, action: str, actor: User, connection: Connection, domain: str | None, **target):
    """Call Fornex once; on failure audit it (and forget cached reads if it may have applied)."""
    try:
        return fn(client_for(connection))
    except (FornexError, KeyDecryptionError) as error:
        failed(action=action, actor=actor, connection=connection, error=error, **target)
        if is_uncertain(error):
            invalidate(connection, domain)
        raise
