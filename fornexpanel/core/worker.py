"""Celery side of logging and health: installed on the app by fornexpanel/celery.py.

- A task enqueued during a request carries the request id in a message header; the worker runs
  the task inside that origin, so its log lines and audit events share the id.
- One structured line per task: name, id, state, duration, request id. Never the arguments or the
  return value (Celery's own success line, which has the return value, is turned down to WARNING
  in settings.LOGGING).
- A heartbeat written to the cache from the worker's consumer timer, read by the health check:
  if the worker stops consuming (broker lost, consumer stuck), the heartbeats stop with it.
- Celery leaves logging to Django's LOGGING, so worker lines have the same format as web lines.
"""

from __future__ import annotations

import contextlib
import logging
import logging.config
import threading
import time
from contextvars import Token
from typing import Any

from celery import Celery, bootsteps, signals

from fornexpanel.core.context import Origin, current_request_id, reset_origin, set_origin

REQUEST_ID_HEADER = "request_id"

task_log = logging.getLogger("fornexpanel.task")
log = logging.getLogger("fornexpanel.worker")

_running: dict[str, tuple[float, str, Token[Origin] | None]] = {}
_running_lock = threading.Lock()


def _add_request_id(headers: dict | None = None, **kwargs: Any) -> None:
    request_id = current_request_id()
    if headers is not None and request_id and REQUEST_ID_HEADER not in headers:
        headers[REQUEST_ID_HEADER] = request_id


def _task_started(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    from fornexpanel.core.middleware import valid_request_id

    request_id = valid_request_id(getattr(task.request, REQUEST_ID_HEADER, None))
    token = set_origin(Origin(request_id=request_id)) if request_id else None
    with _running_lock:
        _running[task_id or ""] = (time.monotonic(), request_id, token)


def _task_finished(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    with _running_lock:
        started, request_id, token = _running.pop(task_id or "", (None, "", None))
    if token is not None:
        # ValueError: set in another context (should not happen), so nothing to undo here.
        with contextlib.suppress(ValueError):
            reset_origin(token)
    name = getattr(task, "name", "?")
    task_log.log(
        logging.INFO if state == "SUCCESS" else logging.WARNING,
        "task %s %s",
        name,
        state,
        extra={
            "fields": {
                "event": "task",
                "task": name,
                "task_id": task_id,
                "state": state,
                "duration_ms": (
                    round((time.monotonic() - started) * 1000, 1) if started is not None else None
                ),
                "request_id": request_id,
            }
        },
    )


def _keep_django_logging(**kwargs: Any) -> None:
    """Celery would configure the root logger itself; Django's LOGGING already did (django.setup()
    runs in every worker). Configure it only if nothing did yet."""
    if not logging.getLogger().handlers:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)


def _beat() -> None:
    from django.db import close_old_connections

    from fornexpanel.core.health import write_heartbeat

    try:
        # The timer thread keeps its own database connection (database cache): never a dead one.
        close_old_connections()
        write_heartbeat()
    except Exception:
        # A missed heartbeat shows in the health check; it must never stop the worker.
        log.warning("worker heartbeat could not be written", exc_info=True)


class Heartbeat(bootsteps.StartStopStep):
    """Consumer step: beats on start, then every WORKER_HEARTBEAT_SECONDS while consuming."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.tref = None

    def start(self, parent: Any) -> None:
        from django.conf import settings

        _beat()
        self.tref = parent.timer.call_repeatedly(settings.WORKER_HEARTBEAT_SECONDS, _beat)

    def stop(self, parent: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    shutdown = stop


def install(app: Celery) -> None:
    signals.before_task_publish.connect(_add_request_id, weak=False)
    signals.task_prerun.connect(_task_started, weak=False)
    signals.task_postrun.connect(_task_finished, weak=False)
    signals.setup_logging.connect(_keep_django_logging, weak=False)
    app.steps["consumer"].add(Heartbeat)
