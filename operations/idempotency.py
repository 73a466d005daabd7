"""One-time form tokens: a double click, a reload that posts again or a retried request never
starts a second operation. Each action form carries a fresh random token
(`{% operation_form_token %}`); the operation it starts keeps it (unique per team), so a second
POST of the same token finds that operation and shows it instead of starting another."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from operations.models import Operation

T = TypeVar("T")
FIELD = "form_token"
_TOKEN = re.compile(r"[0-9a-f]{32}")


class AlreadyStarted(Exception):
    """The form's token already started `operation` (two POSTs racing each other)."""

    def __init__(self, operation: Operation) -> None:
        super().__init__(f"form token already used by operation {operation.pk}")
        self.operation = operation


def new_token() -> str:
    return uuid.uuid4().hex


def posted_token(request: HttpRequest) -> str:
    """The form's token, or "" when it sent none (scripts, an old page) or a malformed one."""
    value = request.POST.get(FIELD, "")
    return value if _TOKEN.fullmatch(value) else ""


def started_by(request: HttpRequest) -> Operation | None:
    """The operation this form's token already started in the current team, if any."""
    token = posted_token(request)
    if not token:
        return None
    return Operation.objects.filter(team=request.team, form_token=token).order_by("pk").first()


def show_started(request: HttpRequest, op: Operation) -> HttpResponse:
    """The answer to a form posted again: the operation the first POST started."""
    messages.info(
        request,
        _("This form was already sent: here is what it started. Nothing was started twice."),
    )
    first_of_batch = not Operation.objects.filter(batch=op.batch, pk__lt=op.pk).exists()
    if op.batch and first_of_batch and Operation.objects.filter(batch=op.batch).count() > 1:
        return redirect("operations:batch", batch=op.batch)
    return redirect("operations:detail", pk=op.pk)


def start_once(
    request: HttpRequest, start: Callable[[str], T]
) -> tuple[T | None, HttpResponse | None]:
    """Call `start(form_token)` unless this form's token already started an operation. Returns
    (what `start` returned, None), or (None, the answer showing the operation already started)."""
    started = started_by(request)
    if started is not None:
        return None, show_started(request, started)
    try:
        return start(posted_token(request)), None
    except AlreadyStarted as error:
        return None, show_started(request, error.operation)
