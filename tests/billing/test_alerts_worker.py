"""The scheduled alert check through a real Celery worker process (PostgreSQL + Redis)."""

from __future__ import annotations

import time
from decimal import Decimal

from billing.models import Alert, AlertSettings
from billing.tasks import check_alerts

WAIT = 30.0


def run_check_in_the_worker(team) -> None:
    """Enqueue the beat's task and wait until the worker has checked the team."""
    before = AlertSettings.objects.get(team=team).checked_at
    check_alerts.delay()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        checked = AlertSettings.objects.get(team=team).checked_at
        if checked is not None and checked != before:
            return
        time.sleep(0.1)
    raise AssertionError(f"the worker did not check the team within {WAIT:.0f} s")


def test_an_alert_fires_once_stays_quiet_and_fires_again_through_a_real_worker(
    celery_worker_process, team, connection, quiet_rules, owner, admin
):
    AlertSettings.objects.filter(team=team).update(balance_below=Decimal("100"))

    run_check_in_the_worker(team)
    run_check_in_the_worker(team)

    alert = Alert.objects.get()
    assert alert.is_active and alert.emailed_at is not None and alert.email_error == ""

    AlertSettings.objects.filter(team=team).update(balance_below=Decimal("50"))
    run_check_in_the_worker(team)
    alert.refresh_from_db()
    assert alert.cleared_at is not None

    AlertSettings.objects.filter(team=team).update(balance_below=Decimal("100"))
    run_check_in_the_worker(team)
    assert Alert.objects.count() == 2
    again = Alert.objects.get(cleared_at__isnull=True)
    assert again.pk != alert.pk and again.emailed_at is not None
