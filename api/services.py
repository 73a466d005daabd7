"""Making and revoking API tokens: authorized, atomic, audited. Reads are in api/selectors.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts import roles
from accounts.access import authorize, record_denial
from accounts.audit import audit_record
from accounts.models import Connection, Team, User
from api.models import ApiToken
from api.scopes import Scopes
from api.tokens import new_token, parse_networks, token_digest

# "An expiry, required; at most one year." A day more for the end of the chosen day.
MAX_LIFETIME = timedelta(days=366)


def _detail(token: ApiToken, scopes: Scopes) -> dict:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "connection": token.connection.label,
        "scopes": scopes.as_json(),
        "networks": list(token.allowed_networks),
        "expires_at": token.expires_at.isoformat(),
    }


@sensitive_variables("plain")
def token_create(
    *,
    actor: User,
    team: Team,
    connection: Connection,
    name: str,
    expires_at: datetime,
    scopes: Scopes,
    allowed_networks: list[str] | tuple[str, ...] = (),
) -> tuple[ApiToken, str]:
    """A new token and its plain text, to be shown once and never again. A refusal is recorded
    (outside the transaction that would make the token)."""
    membership = authorize(user=actor, team=team, action="api_token.create")
    if connection.team_id != team.pk:
        raise ValueError("The connection belongs to another team.")
    if scopes.is_empty:
        raise ValidationError(_("Choose at least one scope."))
    if not scopes.allowed_for(membership.role):
        wider = sorted(
            action for action in scopes.needed_actions() if not roles.can(membership.role, action)
        )
        record_denial(user=actor, team=team, action=wider[0], role=membership.role)
        raise ValidationError(_("A token cannot do more than your own role allows."))
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError(_("The expiry must be in the future."))
    if expires_at - now > MAX_LIFETIME:
        raise ValidationError(_("A token lasts at most one year."))
    try:
        networks = parse_networks(list(allowed_networks))
    except ValueError as error:
        raise ValidationError(
            _("“%(value)s” is not an IP address or network.") % {"value": str(error)[:60]}
        ) from None
    with transaction.atomic():
        plain, prefix = new_token()
        token = ApiToken.objects.create(
            team=team,
            connection=connection,
            user=actor,
            membership=membership,
            name=name.strip(),
            prefix=prefix,
            digest=token_digest(plain),
            scopes=scopes.as_json(),
            allowed_networks=networks,
            expires_at=expires_at,
        )
        audit_record(
            action="api_token.create",
            actor=actor,
            team=team,
            target_type="api_token",
            target_id=str(token.pk),
            target_label=token.label,
            detail=_detail(token, scopes),
        )
    return token, plain


def token_revoke(*, actor: User, token: ApiToken) -> bool:
    """Revoke it now (the next request with it is refused). False if it was revoked already.
    Its own member may, and the team's admins."""
    if token.user_id != actor.pk:
        authorize(user=actor, team=token.team, action="api_token.manage")
    with transaction.atomic():
        return _revoke(actor, token)


def _revoke(actor: User, token: ApiToken) -> bool:
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_by_name=actor.get_username()
    )
    if revoked:
        token.refresh_from_db()
        audit_record(
            action="api_token.revoke",
            actor=actor,
            team=token.team,
            target_type="api_token",
            target_id=str(token.pk),
            target_label=token.label,
            detail={"owner": token.user.get_username()},
        )
    return bool(revoked)
