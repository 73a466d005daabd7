"""The Celery application. Tasks live in each app's tasks.py and are found automatically."""

import os

from celery import Celery
from django.conf import settings

from fornexpanel.core import worker as worker_hooks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fornexpanel.settings")

app = Celery("fornexpanel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Task log lines, request ids carried into tasks, and the worker heartbeat the health check reads.
worker_hooks.install(app)

# Celery beat (`celery worker --beat` in `make run`, a `celery beat` process in production).
app.conf.beat_schedule = {
    # Operations left open by a lost message or a dead worker (operations/reconcile.py).
    "operations-reconcile": {
        "task": "operations.reconcile",
        "schedule": settings.OPERATIONS_RECONCILE_SECONDS,
        # A run that could not start in time is dropped: the next one does its work.
        "options": {"expires": settings.OPERATIONS_RECONCILE_SECONDS},
    },
    # Balance, runway, expiring orders and failed operations of every team (billing/alerts.py).
    "billing-check-alerts": {"task": "billing.check_alerts", "schedule": 10 * 60},
}
