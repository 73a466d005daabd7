"""Celery tasks of the billing area: the scheduled alert check (see fornexpanel/celery.py)."""

from __future__ import annotations

import logging
import uuid

from celery import shared_task
from django.core.cache import cache

from accounts.models import Team

log = logging.getLogger(__name__)


LOCK_KEY = "billing:check-alerts-lock"
# Longer than any check takes (Fornex reads per connection, mail with EMAIL_TIMEOUT per team);
# a worker that died holding it frees it after this.
LOCK_SECONDS = 15 * 60


@shared_task(name="billing.check_alerts", ignore_result=True)
def check_alerts() -> int:
    """Check every team; one team's failure does not stop the others. Returns alerts raised.
    One check at a time: a check that finds another running returns at once."""
    from billing.alerts import alerts_check

    token = uuid.uuid4().hex
    try:
        if not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
            log.info("alert check skipped: another one is running")
            return 0
    except Exception:
        log.warning("alert check: the cache lock is unavailable; checking anyway", exc_info=True)
    raised = 0
    try:
        for team in Team.objects.order_by("pk"):
            try:
                raised += len(alerts_check(team))
            except Exception:  # keep going: the next team's alerts matter as much
                log.exception("alert check failed for team %s", team.pk)
    finally:
        try:
            if cache.get(LOCK_KEY) == token:
                cache.delete(LOCK_KEY)
        except Exception:
            log.warning("alert check: could not release the cache lock", exc_info=True)
    return raised
