"""The background operation that applies a DNS plan (registered in DnsConfig.ready())."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dns.selectors import PLAN_KIND
from fornexpanel.fornex import FornexClient
from operations.models import Operation
from operations.registry import Handler, Progress, Sent, register


class PlanApplyHandler(Handler):
    kind = PLAN_KIND
    action = "dns.record.change"
    label = _("Apply a DNS plan")
    # Sending applies every change (one POST each); polling only reads the outcome back.
    time_limit = 600
    poll_every = 0.5

    def send(self, op: Operation, client: FornexClient) -> Sent:
        from dns.apply import apply_plan

        return apply_plan(op, client)

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        from dns.apply import progress_of

        return progress_of(op)

    def abandoned(self, op: Operation, client: FornexClient) -> Progress | None:
        from dns.apply import settle_abandoned

        return settle_abandoned(op, client)

    def ended(self, op: Operation) -> None:
        from dns.apply import release_changes

        release_changes(op)

    def target_url(self, op: Operation) -> str | None:
        if op.connection_id is None or "domain" not in op.params:
            return None
        return reverse("dns:plan", args=[op.connection_id, op.params["domain"]])


def register_handlers() -> None:
    register(PlanApplyHandler())
