"""Writing the audit history. Services call `audit_record` explicitly, inside their transaction."""

from __future__ import annotations

from typing import Any

from accounts.models import AuditEvent, Team, User
from fornexpanel.core.context import current_origin

# Detail keys that must never be stored, whatever a caller passes.
_SECRET_KEYS = {"api_key", "apikey", "key", "password", "passwd", "token", "secret", "code"}


def _clean(detail: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, value in detail.items():
        if name.lower() in _SECRET_KEYS:
            continue
        cleaned[name] = _clean(value) if isinstance(value, dict) else value
    return cleaned


def audit_record(
    *,
    action: str,
    actor: User | None,
    team: Team | None,
    target: Any = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    outcome: str = AuditEvent.Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    operation: Any = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. `target` may be a model instance; its type, id and label are copied."""
    if target is not None:
        target_type = target_type or target._meta.model_name
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
    origin = current_origin()
    detail = _clean(detail or {})
    if origin.via:
        # Made through the panel's API: the event names the token (never the token itself).
        detail.setdefault("api_token", origin.via)
    return AuditEvent.objects.create(
        team=team,
        team_name=team.name if team else "",
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.get_username() if actor is not None and actor.pk else actor_name)[:150],
        action=action,
        target_type=target_type[:32],
        target_id=str(target_id)[:200],
        target_label=str(target_label)[:200],
        outcome=outcome,
        detail=detail,
        request_id=origin.request_id or (getattr(operation, "request_id", "") or ""),
        ip=origin.ip,
        user_agent=origin.user_agent,
        operation=operation,
    )
