"""API tokens: a member's key for scripts, for one connection of the team, with scopes never wider
than the member's role. Only a keyed hash of the token is stored (api/tokens.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="api_tokens")
    connection = models.ForeignKey(
        "accounts.Connection", on_delete=models.CASCADE, related_name="api_tokens"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    # The membership it was made under. Leaving the team deletes it (SET_NULL here), and a member
    # who joins again gets a new membership: an old token never comes back to life. The role is
    # read from it on every request (api/tokens.py).
    membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    # The token's visible start ("fxp_" and 8 characters), shown in lists to tell tokens apart.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    # HMAC-SHA256 of the whole token under a server-side key: never the token itself.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # What the token may do (api/scopes.py: Scopes.as_json()).
    scopes = models.JSONField(default=dict)
    # Addresses or networks the token may be used from; empty: anywhere.
    allowed_networks = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_name = models.CharField(max_length=150, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "user"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def label(self) -> str:
        """How the audit history names the token."""
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def state(self) -> str:
        """For the lists: "revoked", "expired", "orphaned" (its member left the team) or
        "active". Whether the member's role still allows the scopes is checked per request."""
        if self.is_revoked:
            return "revoked"
        if self.is_expired:
            return "expired"
        if self.membership_id is None:
            return "orphaned"
        return "active"

    def scope_lines(self) -> list[str]:
        from api.scopes import Scopes

        return Scopes.from_json(self.scopes).describe()
