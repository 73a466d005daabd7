"""Operations: long actions at Fornex, driven by Celery tasks, followed until they end.

State machine::

    pending ──> sending ──> sent ──> done
       │           │          ├────> failed
       │           │          └────> unknown   (time limit reached, or lost track)
       │           ├────> failed               (Fornex refused the request)
       │           ├────> done                 (answer unclear, but the target shows it done)
       │           └────> unknown              (no answer: the request may have gone through)
       └────> failed                           (could not even start, e.g. connection removed)

A task claims the row (pending -> sending) with a conditional UPDATE before it calls Fornex, so a
task delivered twice sends the request once.

Every open state has an exit that does not depend on one message arriving: `lease_until` says
when the reconciler (operations/reconcile.py, Celery beat every minute) looks at the row next if
nothing else moved it: a pending row whose task never ran is queued again (or failed once it has
waited longer than OPERATIONS_QUEUE_EXPIRY_MINUTES), a sending row whose worker died becomes
unknown, a sent row whose follow-up was lost is followed again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("In progress")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Unknown")

    FINAL_STATES = frozenset({State.DONE, State.FAILED, State.UNKNOWN})
    TRANSITIONS: dict[str, frozenset[str]] = {
        State.PENDING: frozenset({State.SENDING, State.FAILED}),
        State.SENDING: frozenset({State.SENT, State.DONE, State.FAILED, State.UNKNOWN}),
        State.SENT: frozenset({State.DONE, State.FAILED, State.UNKNOWN}),
        State.DONE: frozenset(),
        State.FAILED: frozenset(),
        State.UNKNOWN: frozenset(),
    }

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="operations")
    connection = models.ForeignKey(
        "accounts.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operations",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=200, blank=True, db_index=True)
    target_label = models.CharField(max_length=200, blank=True)
    # What the task needs to act: never a secret.
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    # Progress and outcome details shown to the user (job log entries, per-change results...).
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    fornex_job_id = models.CharField(max_length=64, blank=True)
    batch = models.UUIDField(null=True, blank=True, db_index=True)
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )
    request_id = models.CharField(max_length=64, blank=True)
    # The language of the member who started it: the worker writes its messages in it.
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    # When the reconciler looks at this open row if nothing moved it before (see above); renewed
    # by a long send as it goes and by each follow-up.
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    # The one-time token of the form that started it: the same form posted twice shows this
    # operation rather than starting a second one.
    form_token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["team", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "form_token"],
                condition=~models.Q(form_token=""),
                name="operations_one_operation_per_form_token",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_label or self.target_id} ({self.state})"

    @property
    def is_final(self) -> bool:
        return self.state in self.FINAL_STATES

    @property
    def fingerprint(self) -> tuple:
        """What a jobs table's row shows (the key of its rendered row, {% fragment %})."""
        return (
            self.pk,
            self.kind,
            self.target_label,
            self.actor_name,
            self.created_at,
            self.state,
            self.message,
            self.result,
        )

    @property
    def is_retryable(self) -> bool:
        from operations.registry import handler_for

        try:
            allowed = handler_for(self.kind).retryable
        except LookupError:
            allowed = True
        return allowed and self.state in (self.State.FAILED, self.State.UNKNOWN)
