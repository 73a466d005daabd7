"""Celery tasks: thin interfaces that load an operation by id and call its service."""

from __future__ import annotations

from celery import shared_task

from fornexpanel.core.context import Origin, origin
from operations.models import Operation


def _origin_of(op_id: int) -> Origin:
    request_id = Operation.objects.filter(pk=op_id).values_list("request_id", flat=True).first()
    return Origin(request_id=request_id or "")


@shared_task(name="operations.run", acks_late=True, ignore_result=True)
def operation_run(op_id: int) -> None:
    from operations.services import operation_send

    with origin(_origin_of(op_id)):
        operation_send(op_id)


@shared_task(name="operations.follow", acks_late=True, ignore_result=True)
def operation_follow(op_id: int) -> None:
    from operations.services import enqueue_follow, operation_poll

    with origin(_origin_of(op_id)):
        op = operation_poll(op_id)
        if op is not None and op.state == Operation.State.SENT:
            enqueue_follow(op)
