"""What a member is told after starting an operation: "sent" only when a worker is running to
send it; otherwise that it is queued with no worker, and when it expires unsent."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from fornexpanel.core.health import worker_running


def no_worker_running() -> bool:
    """True only when the workers' heartbeat says none is alive (a cache that cannot tell is
    not taken for a missing worker)."""
    return worker_running() is False


def announce_started(request: HttpRequest, sent: str, *, what: str) -> None:
    """`sent` ("Restart of web-1 sent: ...") when a worker runs; else "<what> queued: no
    worker is running", or "<what> not sent yet: the task queue cannot be reached"."""
    from operations.services import broker_refused_recently

    if broker_refused_recently():
        messages.warning(
            request,
            _(
                "%(what)s is not sent yet: the panel's task queue cannot be reached, so nothing "
                "has gone to Fornex. The panel sends it once the queue is back; if that takes "
                "more than %(minutes)d minutes, it expires unsent."
            )
            % {"what": what, "minutes": settings.OPERATIONS_QUEUE_EXPIRY_MINUTES},
        )
    elif no_worker_running():
        messages.warning(
            request,
            _(
                "%(what)s is queued: no worker is running, so nothing has been sent to Fornex yet. "
                "If no worker takes it within %(minutes)d minutes, it expires unsent."
            )
            % {"what": what, "minutes": settings.OPERATIONS_QUEUE_EXPIRY_MINUTES},
        )
    else:
        messages.success(request, sent)
