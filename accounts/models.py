"""Users, teams, memberships, invitations, Fornex connections and the audit history."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from fornexpanel.core.prepared import Prepared


class MemberManager(UserManager):
    def get(self, *args, **kwargs):
        """`get(pk=<int>)` is the read of the signed-in member on every request (Django's
        ModelBackend.get_user): it runs as prepared SQL (fornexpanel/core/prepared.py)."""
        if not args and kwargs.keys() == {"pk"} and type(kwargs["pk"]) is int:
            found = _user_by_pk(kwargs["pk"], using=self.db)
            if not found:
                raise self.model.DoesNotExist(
                    f"{self.model._meta.object_name} matching query does not exist."
                )
            return found[0]
        return super().get(*args, **kwargs)


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")

    objects = MemberManager()

    def __str__(self) -> str:
        return self.get_full_name() or self.username


_user_by_pk = Prepared(lambda pk: User._base_manager.filter(pk=pk), int)


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100)
    is_personal = models.BooleanField(default=False)
    require_two_factor = models.BooleanField(_("require two-factor sign-in"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user")
        ]
        ordering = ["team", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


def _invitation_expiry():
    return timezone.now() + timedelta(days=7)


class Invitation(models.Model):
    """A single-use, expiring link. Only a hash of its token is stored."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class Connection(models.Model):
    """A team's access to one Fornex account: the API key, encrypted, and which API dialect."""

    class Dialect(models.TextChoices):
        V2 = "v2", _("Fornex API v2 (recommended)")
        LEGACY = "legacy", _("Legacy API (apikey parameter)")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="connections")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=100)
    dialect = models.CharField(
        _("API dialect"), max_length=10, choices=Dialect.choices, default=Dialect.V2
    )
    # MultiFernet token of the key bound to (team, uid); see accounts/crypto.py.
    key_ciphertext = models.TextField(editable=False)
    key_hint = models.CharField(max_length=4, editable=False)
    account_name = models.CharField(max_length=200, blank=True)
    account_email = models.CharField(max_length=200, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def masked_key(self) -> str:
        return f"••••{self.key_hint}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit history is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit history is append-only.")


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    """One thing that happened. Append-only: never updated, never deleted.

    Foreign keys carry no database constraint and copies of the names are kept, so the record
    outlives the user, the team and the operation it mentions.
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")
        PENDING = "pending", _("Started")

    time = models.DateTimeField(default=timezone.now, db_index=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    team_name = models.CharField(max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=200, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    operation = models.ForeignKey(
        "operations.Operation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        indexes = [
            models.Index(fields=["team", "-time"]),
            # An object's history, newest first (its page, the private network card): without
            # the time, a team's whole history is sorted to find an object's last event.
            models.Index(fields=["target_type", "target_id", "-time"]),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit history is append-only.")

    @property
    def fingerprint(self) -> tuple:
        """What the history's row shows (the key of its rendered row, {% fragment %}): the event
        never changes, but a key made of its content also holds where ids are reused."""
        return (
            self.pk,
            self.time,
            self.actor_name,
            self.action,
            self.target_type,
            self.target_id,
            self.target_label,
            self.outcome,
            self.detail,
            self.request_id,
            self.ip,
            self.operation_id,
        )


class MemberSession(AbstractBaseSession):
    """A browser session (SESSION_ENGINE = accounts.sessions), with the member it belongs to so
    that a member can see and end their sessions, and password or two-factor changes can end the
    others. Where and when it signed in is kept in the session's own data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app whose seed is stored encrypted under FORNEX_KEYS.

    django-otp's TOTPDevice keeps its seed in plain hex, so a database dump would be enough to
    make any member's codes. This device has the same fields except the seed, and checks codes
    with django-otp's own TOTP code (verify_token, config_url, throttling) unchanged: only where
    the seed is kept differs.
    """

    key_ciphertext = models.TextField(editable=False)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    def set_seed(self, seed: bytes) -> None:
        from accounts.crypto import encrypt_totp_seed

        self.key_ciphertext = encrypt_totp_seed(user_id=self.user_id, seed=seed)

    @property
    def bin_key(self) -> bytes:
        from accounts.crypto import decrypt_totp_seed
        from fornexpanel.core.debug import remember_revealed

        seed = decrypt_totp_seed(user_id=self.user_id, ciphertext=self.key_ciphertext)
        remember_revealed(seed.hex())
        return seed

    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


class RecoveryCodes(StaticDevice):
    """django-otp's static device, with its tokens stored as keyed hashes (recovery_code_hash):
    the codes themselves are shown once and kept nowhere."""

    class Meta:
        proxy = True
        verbose_name = _("recovery codes")

    def verify_token(self, token):
        from accounts.twofactor import recovery_code_hashes

        allowed, _detail = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.token_set.filter(token__in=recovery_code_hashes(token)).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True
