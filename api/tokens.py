"""Making API tokens and recognising them.

A token is `fxp_` + 8 letters or digits (its visible prefix) + `_` + 40 more: about 280 random
bits. Only an HMAC-SHA256 of it is stored, under a key derived from API_TOKEN_KEY (or SECRET_KEY
when that is not set), so a copy of the database alone gives no usable token and no way to test
guesses offline. It is shown to its member once, when made.

`authenticate` runs on every API request and reads everything again from the database: the
member's current membership and role, the team's two-factor rule, the token's expiry and
revocation. Nothing is remembered between requests, so a member removed from the team, or whose
role no longer allows the token's scopes, is refused at the very next call.
"""

from __future__ import annotations

import ipaddress
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import Membership
from accounts.twofactor import has_two_factor
from api.models import ApiToken
from api.scopes import Scopes

PREFIX = "fxp_"
PREFIX_LENGTH = 8
SECRET_LENGTH = 40
_ALPHABET = string.ascii_letters + string.digits
_MAX_LENGTH = 200  # longer than any token: refused before hashing

# The words DRF's API-key authentication answers with (Fornex's API is DRF).
NO_CREDENTIALS = "Authentication credentials were not provided."
INVALID_KEY = "Invalid API key."


class Refused(Exception):
    """The request may not go on: `status` 401 (no usable token) or 403 (not from here).
    `token` is set when the token itself was recognised (the refusal is then audited)."""

    def __init__(self, status: int, message: str, token: ApiToken | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.token = token


@dataclass(frozen=True)
class Authenticated:
    token: ApiToken
    membership: Membership
    scopes: Scopes

    @property
    def role(self) -> str:
        return self.membership.role


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@sensitive_variables("token")
def new_token() -> tuple[str, str]:
    """(token, its visible prefix)."""
    prefix = PREFIX + _random(PREFIX_LENGTH)
    token = f"{prefix}_{_random(SECRET_LENGTH)}"
    return token, prefix


@sensitive_variables("token")
def token_digest(token: str) -> str:
    secret = getattr(settings, "API_TOKEN_KEY", "") or settings.SECRET_KEY
    return salted_hmac(
        "fornexpanel.api.token", token, secret=secret, algorithm="sha256"
    ).hexdigest()


def parse_networks(values: list[str] | tuple[str, ...]) -> list[str]:
    """Addresses or networks, normalised ("203.0.113.7/32", "2001:db8::/48"); ValueError names
    the first that is neither."""
    found = []
    for value in values:
        try:
            found.append(str(ipaddress.ip_network(value.strip(), strict=False)))
        except ValueError:
            raise ValueError(value) from None
    return list(dict.fromkeys(found))


def from_allowed_network(token: ApiToken, ip: str | None) -> bool:
    if not token.allowed_networks:
        return True
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address
    return any(
        address.version == network.version and address in network
        for network in (ipaddress.ip_network(value) for value in token.allowed_networks)
    )


@sensitive_variables("header", "raw")
def authenticate(header: str, ip: str | None) -> Authenticated:
    """The token of an `Authorization: Api-Key <token>` header, checked now; Refused if not."""
    header = (header or "").strip()
    if not header:
        raise Refused(401, NO_CREDENTIALS)
    scheme, _sep, raw = header.partition(" ")
    raw = raw.strip()
    if scheme.lower() != "api-key" or not raw or len(raw) > _MAX_LENGTH:
        raise Refused(401, INVALID_KEY)
    token = (
        ApiToken.objects.select_related("team", "connection", "user", "membership")
        .filter(digest=token_digest(raw))
        .first()
    )
    if token is None:
        raise Refused(401, INVALID_KEY)
    if token.revoked_at is not None:
        raise Refused(401, _("This token was revoked."), token)
    if token.is_expired:
        raise Refused(401, _("This token has expired."), token)
    membership = token.membership
    if (
        membership is None
        or membership.user_id != token.user_id
        or membership.team_id != token.team_id
        or not token.user.is_active
    ):
        raise Refused(401, _("This token's member is no longer in the team."), token)
    scopes = Scopes.from_json(token.scopes)
    if not scopes.allowed_for(membership.role):
        raise Refused(
            401, _("This token's member no longer has a role that allows its scopes."), token
        )
    if token.team.require_two_factor and not has_two_factor(token.user):
        raise Refused(
            401,
            _("The team requires two-factor sign-in, which this token's member has not set up."),
            token,
        )
    if not from_allowed_network(token, ip):
        raise Refused(
            403,
            _("This token may not be used from %(address)s.") % {"address": ip or "?"},
            token,
        )
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
    token.last_used_at, token.last_used_ip = now, ip
    return Authenticated(token=token, membership=membership, scopes=scopes)
