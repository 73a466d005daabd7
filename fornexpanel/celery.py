"""The Celery application. Tasks live in each app's tasks.py and are found automatically."""

import os

from celery import Celery

from fornexpanel.core import worker as worker_hooks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fornexpanel.settings")

app = Celery("fornexpanel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Task log lines, request ids carried into tasks, and the worker heartbeat the health check reads.
worker_hooks.install(app)

# The beat schedule is CELERY_BEAT_SCHEDULE in settings.py: read lazily, so importing this module
# (as `fornexpanel/__init__.py` does) never loads the settings before the caller has set them up.
