"""The billing app's own data: alert thresholds per team, the alerts raised, the panel's ticket
webhook endpoints and the ticket events Fornex posted to them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AlertSettings(models.Model):
    """A team's alert thresholds. An empty threshold switches that check off."""

    team = models.OneToOneField(
        "accounts.Team", on_delete=models.CASCADE, related_name="alert_settings"
    )
    balance_below = models.DecimalField(
        _("balance under"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In each account's currency. Empty: no balance alert."),
    )
    runway_below_days = models.PositiveIntegerField(
        _("runway under (days)"),
        null=True,
        blank=True,
        default=14,
        validators=[MaxValueValidator(3650)],
        help_text=_("Days the balance covers at the current monthly spend. Empty: off."),
    )
    expiring_within_days = models.PositiveIntegerField(
        _("orders expiring within (days)"),
        null=True,
        blank=True,
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("Expired orders count too. Empty: off."),
    )
    failed_operations = models.BooleanField(
        _("operations that failed"),
        default=True,
        help_text=_("Failed or unknown outcome in the last 24 hours."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # When the scheduled check last looked at the team (shown on the alerts page).
    checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Alert settings of {self.team}"


class Alert(models.Model):
    """One condition that held: raised once, cleared when it stops holding.

    At most one alert per (team, kind, subject) is active: a partial unique index, so two checks
    running at once cannot both raise (and email) the same condition.
    """

    class Kind(models.TextChoices):
        BALANCE_LOW = "balance_low", _("Low balance")
        RUNWAY_SHORT = "runway_short", _("Short runway")
        ORDER_EXPIRING = "order_expiring", _("Order expiring")
        OPERATION_FAILED = "operation_failed", _("Operation failed")

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="alerts")
    connection = models.ForeignKey(
        "accounts.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # Which thing the condition is about: "<connection>" for money, "<connection>:<order>" for an
    # order, "<operation>" for an operation.
    subject = models.CharField(max_length=200)
    # Figures at the time it was raised (amounts as strings): the message is worded when shown,
    # in the reader's language.
    detail = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(auto_now_add=True, db_index=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    # Email: claimed with a conditional update, so exactly one worker sends it.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "subject"],
                condition=Q(cleared_at__isnull=True),
                name="billing_alert_one_active_per_condition",
            )
        ]
        indexes = [models.Index(fields=["team", "cleared_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({'cleared' if self.cleared_at else 'active'})"

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None


class TicketWebhook(models.Model):
    """The panel's own receiving address for one connection's Fornex ticket notifications.

    Only a SHA-256 of the URL's token is stored; the token itself goes to Fornex once.
    """

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="ticket_webhooks"
    )
    connection = models.OneToOneField(
        "accounts.Connection", on_delete=models.CASCADE, related_name="ticket_webhook"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_received_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Ticket webhook of {self.connection}"


class TicketEvent(models.Model):
    """A ticket notification Fornex posted to the panel."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="ticket_events"
    )
    connection = models.ForeignKey(
        "accounts.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticket_events",
    )
    connection_label = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["team", "-received_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class SupportTicket(models.Model):
    """A support ticket a member opened at Fornex from the panel (Fornex's v2 API).

    The API can open a ticket but not list them, so the panel keeps what it opened: the ticket
    feed shows these beside the notifications Fornex posts back.
    """

    class Priority(models.IntegerChoices):
        # Fornex's own wording (PublicTicketRequest.priority in its API spec).
        NON_URGENT = 0, _("Non-urgent (answer within 24 hours)")
        NORMAL = 1, _("Normal (within 8 hours)")
        IMPORTANT = 2, _("Important (within 6 hours)")
        URGENT = 3, _("Urgent (within 1 hour)")
        VERY_URGENT = 4, _("Very urgent (as soon as possible; extended management only)")

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="support_tickets"
    )
    connection = models.ForeignKey(
        "accounts.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_tickets",
    )
    connection_label = models.CharField(max_length=100, blank=True)
    fornex_id = models.CharField(max_length=64)
    # Only an http(s) address Fornex gave is kept: it becomes a link in the feed.
    url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=32, blank=True)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, null=True, blank=True)
    order_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Copied so the feed still says who opened it once the user is gone.
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "-created_at"])]

    def __str__(self) -> str:
        return self.subject
