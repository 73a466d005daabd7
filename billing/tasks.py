"""Celery tasks of the billing area: the scheduled alert check (see fornexpanel/celery.py)."""

from __future__ import annotations

import logging

from celery import shared_task

from accounts.models import Team

log = logging.getLogger(__name__)


@shared_task(name="billing.check_alerts", ignore_result=True)
def check_alerts() -> int:
    """Check every team; one team's failure does not stop the others. Returns alerts raised."""
    from billing.alerts import alerts_check

    raised = 0
    for team in Team.objects.order_by("pk"):
        try:
            raised += len(alerts_check(team))
        except Exception:  # keep going: the next team's alerts matter as much
            log.exception("alert check failed for team %s", team.pk)
    return raised
