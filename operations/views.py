"""Following operations: the team's jobs list, one operation's page, its live status fragment,
a batch's progress, and retrying a failed one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import require, team_view
from fornexpanel.core.paging import paginate
from operations.idempotency import start_once
from operations.models import Operation
from operations.registry import handler_for
from operations.services import (
    InvalidTransition,
    NeedsConfirmation,
    operation_end_by_hand,
    operation_retry,
)


def _operation(request: HttpRequest, pk: int) -> Operation:
    return get_object_or_404(
        Operation.objects.select_related("connection"), pk=pk, team=request.team
    )


@team_view("operation.view")
@require_safe
def operation_list(request: HttpRequest) -> HttpResponse:
    operations = Operation.objects.filter(team=request.team)
    state = request.GET.get("state", "")
    if state in Operation.State.values:
        operations = operations.filter(state=state)
    paged = paginate(request, operations)
    context = {"paged": paged, "state": state, "states": Operation.State.choices}
    if request.htmx and request.htmx.target == "operations":
        return render(request, "operations/list.html#operations", context)
    return render(request, "operations/list.html", context)


@team_view("operation.view")
@require_safe
def operation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    op = _operation(request, pk)
    return render(request, "operations/detail.html", {"op": op, "handler": handler_for(op.kind)})


@team_view("operation.view")
@require_safe
def operation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled fragment. Once the state is final it comes back without a trigger: polling stops."""
    op = _operation(request, pk)
    return render(request, "operations/_status.html", {"op": op})


@team_view("operation.view")
@require_safe
def batch_detail(request: HttpRequest, batch: str) -> HttpResponse:
    operations = list(Operation.objects.filter(team=request.team, batch=batch).order_by("pk"))
    if not operations:
        return render(request, "errors/404.html", status=404)
    context = {
        "operations": operations,
        "batch": batch,
        "final": all(o.is_final for o in operations),
    }
    if request.htmx:
        return render(request, "operations/batch.html#progress", context)
    return render(request, "operations/batch.html", context)


@team_view("operation.retry")
@require_POST
def operation_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    op = _operation(request, pk)
    require(request, handler_for(op.kind).action)
    new, shown = start_once(
        request,
        lambda token: _retry(request, op, token),
    )
    if shown is not None:
        return shown
    if new is None:
        return redirect("operations:detail", pk=op.pk)
    messages.success(request, _("Started again."))
    return redirect("operations:detail", pk=new.pk)


@team_view("operation.end")
@require_POST
def operation_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin ends an operation that is stuck: unknown if it may have been sent, failed if not."""
    op = _operation(request, pk)
    if operation_end_by_hand(actor=request.user, op=op):
        messages.success(request, _("The operation was ended."))
    else:
        messages.info(request, _("The operation had already ended."))
    return redirect("operations:detail", pk=op.pk)


def _retry(request: HttpRequest, op: Operation, token: str) -> Operation | None:
    try:
        return operation_retry(
            actor=request.user,
            op=op,
            confirmed=request.POST.get("confirm") == "1",
            form_token=token,
        )
    except NeedsConfirmation as error:
        messages.error(request, f"{error} {' '.join(error.risks)}")
    except InvalidTransition as error:
        messages.error(request, str(error))
    return None
