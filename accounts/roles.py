"""Who may do what: the one table of actions and the lowest role each needs.

Every view and every service asks `can(role, action)` through accounts.access; nothing else
decides permissions. To add an action, add a row here and a row in the access-control matrix test.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OPERATOR = "operator", _("Operator")
    ADMIN = "admin", _("Admin")
    OWNER = "owner", _("Owner")


RANK: dict[str, int] = {Role.VIEWER: 0, Role.OPERATOR: 1, Role.ADMIN: 2, Role.OWNER: 3}

# action -> the lowest role allowed to do it
ACTIONS: dict[str, str] = {
    # Seeing things: every member. Secrets are never shown to anyone.
    "team.view": Role.VIEWER,
    "operation.view": Role.VIEWER,
    # A token for scripts, never wider than its member's own role (api/scopes.py).
    "api_token.create": Role.VIEWER,
    # Operators run the servers and the DNS records.
    "vps.power": Role.OPERATOR,
    "vps.password_reset": Role.OPERATOR,
    "vps.rescue": Role.OPERATOR,
    "vps.reinstall": Role.OPERATOR,
    "ssh_key.manage": Role.OPERATOR,
    "vps.private_network": Role.OPERATOR,
    "vpn.config": Role.OPERATOR,
    "dns.record.change": Role.OPERATOR,
    "ticket.create": Role.OPERATOR,
    "operation.retry": Role.OPERATOR,
    # Names and tags label orders and domains: they change nothing that runs.
    "order.label": Role.OPERATOR,
    "dns.domain.tags": Role.OPERATOR,
    # Admins run the team's set-up.
    "connection.manage": Role.ADMIN,
    "member.manage": Role.ADMIN,
    "invitation.manage": Role.ADMIN,
    "dns.domain.manage": Role.ADMIN,
    "domain.nameservers": Role.ADMIN,
    "webhook.manage": Role.ADMIN,
    "alerts.manage": Role.ADMIN,
    "order.cancel": Role.ADMIN,
    # Ordering a server spends the account's balance.
    "vps.order": Role.ADMIN,
    "private_network.manage": Role.ADMIN,
    "project.manage": Role.ADMIN,
    # S3 storage: the low-space e-mail, and the access and secret keys (shown once, audited).
    "s3.notification": Role.ADMIN,
    "s3.credentials": Role.ADMIN,
    "audit.view": Role.ADMIN,
    "team.settings": Role.ADMIN,
    "lockout.reset": Role.ADMIN,
    # Ending a stuck operation by hand (marked unknown, or failed if it was never sent).
    "operation.end": Role.ADMIN,
    # Seeing and revoking every member's API tokens (each member revokes their own).
    "api_token.manage": Role.ADMIN,
    # Owners own the team.
    "owner.manage": Role.OWNER,
    "team.delete": Role.OWNER,
}


def rank(role: str) -> int:
    return RANK[role]


def can(role: str | None, action: str) -> bool:
    """True when `role` may perform `action`. Unknown actions raise: a typo must not grant access."""
    needed = ACTIONS[action]
    return role is not None and RANK[role] >= RANK[needed]


def required_role(action: str) -> str:
    return ACTIONS[action]


def roles_up_to(role: str) -> list[str]:
    """The roles a member with `role` may hand out (never above their own)."""
    return [r for r in Role.values if RANK[r] <= RANK[role]]
