"""Kinds of operation. Each app registers a handler that knows how to send its action to Fornex
and how to tell, later, whether it has finished."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fornexpanel.core import i18n

if TYPE_CHECKING:
    from fornexpanel.fornex import FornexClient
    from operations.models import Operation

# The key in an operation's result (and in a DNS change's result) listing Fornex's own phrases
# quoted in its message, so that pages mark them as Fornex's words (fornexpanel.core.i18n).
FORNEX_WORDS = i18n.FORNEX_WORDS


@dataclass
class Sent:
    """What sending returned. `transient` is handed back to the caller and never stored (it is
    where a new root password travels from the client to the page)."""

    job_id: str = ""
    message: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    transient: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Progress:
    """What one look at Fornex says: a final state (done/failed), or None for still running."""

    state: str | None = None
    message: str = ""
    result: dict[str, Any] | None = None


class Handler:
    kind: str = ""
    action: str = ""  # the role-table action a member needs to start (or retry) it
    label: str = ""
    time_limit: int = 300  # seconds after sending before we stop following and say "unknown"
    # False where a retry from the jobs pages would be wrong, e.g. a password reset whose new
    # password can only be shown in the request that asked for it: started again from its page.
    retryable: bool = True
    poll_every: float = 3.0
    # Seconds a worker may hold the row in "sending" without renewing it; None: the setting
    # OPERATIONS_SENDING_LEASE_SECONDS. A long send renews it as it goes (renew_lease).
    lease: int | None = None

    def send(self, op: Operation, client: FornexClient) -> Sent:
        raise NotImplementedError

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        """Default: nothing to follow, sending was the whole job."""
        from operations.models import Operation

        return Progress(Operation.State.DONE)

    def settle(self, op: Operation, client: FornexClient) -> Progress | None:
        """The answer to the request was unclear: can Fornex tell whether it was applied?
        A Progress with a final state ends the operation; with state None the action is
        running and is followed; None (the default): the outcome is unknown. Only reads."""
        return None

    def abandoned(self, op: Operation, client: FornexClient) -> Progress | None:
        """The worker died while sending (its lease ran out): as `settle` (the default)."""
        return self.settle(op, client)

    def ended(self, op: Operation) -> None:
        """The operation was ended by hand: release whatever it holds."""

    def target_url(self, op: Operation) -> str | None:
        return None


_REGISTRY: dict[str, Handler] = {}


def register(handler: Handler) -> Handler:
    if not handler.kind or not handler.action:
        raise ValueError("An operation handler needs a kind and an action.")
    _REGISTRY[handler.kind] = handler
    return handler


def handler_for(kind: str) -> Handler:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"No handler registered for operation kind {kind!r}") from None


def registered_kinds() -> list[str]:
    return sorted(_REGISTRY)
