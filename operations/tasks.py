"""Celery tasks: thin interfaces that load an operation by id and call its service."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from celery import shared_task
from django.conf import settings
from django.utils import translation

from fornexpanel.core.context import Origin, origin
from fornexpanel.core.i18n import is_offered
from operations.models import Operation


@contextlib.contextmanager
def operation_context(op_id: int) -> Iterator[None]:
    """The request id of the request that started the operation, and the language of the member
    who started it: the messages the worker stores are written in it."""
    request_id, language = Operation.objects.filter(pk=op_id).values_list(
        "request_id", "language"
    ).first() or ("", "")
    with (
        origin(Origin(request_id=request_id or "")),
        translation.override(language if is_offered(language) else settings.LANGUAGE_CODE),
    ):
        yield


@shared_task(name="operations.run", acks_late=True, ignore_result=True)
def operation_run(op_id: int) -> None:
    from operations.services import operation_send

    with operation_context(op_id):
        operation_send(op_id)


@shared_task(name="operations.follow", acks_late=True, ignore_result=True)
def operation_follow(op_id: int) -> None:
    from operations.services import enqueue_follow, operation_poll

    with operation_context(op_id):
        op = operation_poll(op_id)
        if op is not None and op.state == Operation.State.SENT:
            enqueue_follow(op)


@shared_task(name="operations.reconcile", ignore_result=True)
def operations_reconcile() -> None:
    """Celery beat, every OPERATIONS_RECONCILE_SECONDS: end or resume what was left open."""
    from operations.reconcile import operations_reconcile as reconcile

    reconcile()
