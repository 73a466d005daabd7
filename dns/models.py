"""Staged DNS changes: adds, edits and deletes collected into a plan before they go to Fornex.

A plan is the set of staged changes of one (team, connection, domain). Applying it starts one
operation; each change applied at Fornex is removed from the plan in the same transaction as its
audit event, so whatever was not applied stays staged, with the reason when it failed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dns.validation import RecordSpec, display_host


class StagedChange(models.Model):
    class Action(models.TextChoices):
        ADD = "add", _("Add")
        UPDATE = "update", _("Change")
        DELETE = "delete", _("Delete")

    class Outcome(models.TextChoices):
        NONE = "", _("Staged")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Outcome unknown")

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(
        "accounts.Connection", on_delete=models.CASCADE, related_name="staged_dns_changes"
    )
    domain = models.CharField(max_length=253)
    action = models.CharField(max_length=10, choices=Action.choices)
    # The Fornex record an edit or delete is about; None for an add.
    record_id = models.BigIntegerField(null=True, blank=True)
    # The record after the change (add, update); for a delete, a copy of the record deleted.
    host = models.CharField(max_length=253, blank=True)
    type = models.CharField(max_length=10)
    value = models.TextField()
    ttl = models.PositiveIntegerField(null=True, blank=True)
    prio = models.PositiveIntegerField(null=True, blank=True)
    # The live record when the change was staged (update, delete): the plan compares it with
    # the zone at apply time, so a record changed meanwhile at Fornex is not silently overwritten.
    before = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The last apply operation that took this change: while it runs, the change is locked.
    operation = models.ForeignKey(
        "operations.Operation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        max_length=10, choices=Outcome.choices, default=Outcome.NONE, blank=True
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["team", "connection", "domain"])]
        constraints = [
            # One staged change per record: staging another replaces it.
            models.UniqueConstraint(
                fields=["connection", "domain", "record_id"],
                condition=Q(record_id__isnull=False),
                name="dns_stagedchange_one_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.display_host} {self.type} {self.value[:40]}"

    @property
    def display_host(self) -> str:
        return display_host(self.host)

    @property
    def spec(self) -> RecordSpec:
        return RecordSpec(
            host=self.host, type=self.type, value=self.value, ttl=self.ttl or 3600, prio=self.prio
        )

    def _result(self) -> dict:
        """This change's entry in the result of the apply operation that last took it."""
        if self.operation is None:
            return {}
        for result in self.operation.result.get("changes", []):
            if result.get("id") == self.pk:
                return result
        return {}

    @property
    def error_text(self) -> str:
        """`error` in the reader's language where the run stored it as a code."""
        from operations.job_messages import message_in

        if not self.error:
            return ""
        return message_in(self._result(), self.error)

    @property
    def error_fornex_words(self) -> list[str]:
        """Fornex's own phrases in `error`, kept with this change's result in the apply
        operation (dns/apply.py), so the plan page marks them as Fornex's words."""
        if not self.error:
            return []
        return list(self._result().get("fornex_words", []))

    @property
    def is_locked(self) -> bool:
        """Being applied: taken by an apply operation that a worker is sending or following.
        One still pending (its task may never run) locks nothing: applying again replaces it."""
        from operations.models import Operation

        return self.operation is not None and self.operation.state in (
            Operation.State.SENDING,
            Operation.State.SENT,
        )

    def as_params(self) -> dict:
        return {
            "id": self.pk,
            "action": self.action,
            "record_id": self.record_id,
            "host": self.host,
            "type": self.type,
            "value": self.value,
            "ttl": self.ttl,
            "prio": self.prio,
        }
