"""Operation handlers for VPS actions: power (start, stop, restart, hard reset) and the root
password reset. Registered in VpsConfig.ready().

Power actions have no job id in the legacy API, so they are followed through `vps_status` until
the VPS shows the state the action leads to. The password reset returns a job id (`resp_id`) that
is followed through `log_details`; the new password travels back in `Sent.transient` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fornexpanel import gateway
from fornexpanel.fornex import FornexError
from operations.registry import Handler, Progress, Sent, register

if TYPE_CHECKING:
    from fornexpanel.fornex import FornexClient, LogEntry
    from operations.models import Operation

# What vps_status says while a job runs: seeing one of these proves the job has started.
TRANSITIONAL = frozenset({"starting", "stopping", "restarting", "rebooting", "resetting"})


def order_id_of(op: Operation) -> str:
    return str(op.params["order_id"])


def _forget_status(op: Operation) -> None:
    """The page reads the status through the gateway: drop the cached one once it changed."""
    if op.connection is not None:
        gateway.invalidate(op.connection, "vps_status", parts=(order_id_of(op),))


class PowerHandler(Handler):
    action = "vps.power"
    time_limit = 300
    poll_every = 3.0
    # Seconds after which a VPS in the expected state counts as done even if no transitional
    # status was ever seen (a fast restart can finish between two looks).
    settle_after = 20

    def __init__(
        self, kind: str, method: str, expected: str, label: str, *, ambiguous: bool = False
    ) -> None:
        self.kind = kind
        self.method = method
        self.expected = expected
        self.label = label
        # Restart and hard reset end in the state they may start from ("on"): reaching it says
        # nothing unless the job was seen running (or enough time has passed).
        self.ambiguous = ambiguous

    def send(self, op: Operation, client: FornexClient) -> Sent:
        getattr(client, self.method)(order_id_of(op))
        result: dict = {"expected": self.expected}
        # One look right after the POST (a read, never repeated as a write): a transitional
        # status here tells a finished restart apart from one that has not begun.
        try:
            status = client.vps_status(order_id_of(op)).status
        except FornexError:
            status = ""
        if status:
            result["last_status"] = status
            result["seen_transition"] = status in TRANSITIONAL
        return Sent(message=_("Sent to Fornex; waiting for the server."), result=result)

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        from operations.models import Operation

        status = client.vps_status(order_id_of(op)).status
        seen = bool(op.result.get("seen_transition")) or status in TRANSITIONAL
        result = {"last_status": status, "seen_transition": seen}
        if status == self.expected:
            waited = (timezone.now() - op.sent_at).total_seconds() if op.sent_at else 0
            if not self.ambiguous or seen or waited >= self.settle_after:
                _forget_status(op)
                return Progress(
                    Operation.State.DONE,
                    _("The server is %(status)s.") % {"status": status},
                    result,
                )
        return Progress(None, _("The server is %(status)s.") % {"status": status}, result)

    def target_url(self, op: Operation) -> str | None:
        return _vps_url(op)


def log_entry_json(entry: LogEntry) -> dict:
    """What the job log table shows: never anything but these four fields."""
    return {
        "action": entry.action,
        "job_state": entry.job_state or ("done" if entry.completed else ""),
        "note": entry.note or "",
        "time": entry.time_raw or "",
    }


class PasswordResetHandler(Handler):
    kind = "vps.password_reset"
    action = "vps.password_reset"
    label = gettext_lazy("Reset root password")
    time_limit = 600
    # A retry run by a worker would set a password nobody ever sees: start it from the VPS page.
    retryable = False
    poll_every = 3.0

    def send(self, op: Operation, client: FornexClient) -> Sent:
        reset = client.vps_passwd_reset(order_id_of(op))
        return Sent(
            job_id=str(reset.resp_id),
            message=_("Fornex is setting the new password."),
            transient={"password": reset.password},
        )

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        from operations.models import Operation

        entry = client.vps_log_details(order_id_of(op), int(op.fornex_job_id))
        result = {"log": [log_entry_json(entry)]}
        if entry.completed:
            state = (entry.job_state or "").lower()
            if state in ("error", "failed", "fail"):
                return Progress(Operation.State.FAILED, entry.note or _("Fornex failed."), result)
            return Progress(Operation.State.DONE, _("The new password is set."), result)
        return Progress(None, entry.note or "", result)

    def target_url(self, op: Operation) -> str | None:
        return _vps_url(op)


def _vps_url(op: Operation) -> str | None:
    from django.urls import reverse

    if op.connection_id is None:
        return None
    return reverse("vps:detail", args=[op.connection_id, order_id_of(op)])


POWER_ACTIONS: dict[str, PowerHandler] = {
    "start": PowerHandler("vps.start", "vps_start", "on", gettext_lazy("Start")),
    "stop": PowerHandler("vps.stop", "vps_stop", "off", gettext_lazy("Stop")),
    "restart": PowerHandler(
        "vps.restart", "vps_restart", "on", gettext_lazy("Restart"), ambiguous=True
    ),
    "hard_reset": PowerHandler(
        "vps.hard_reset", "vps_hard_reset", "on", gettext_lazy("Hard reset"), ambiguous=True
    ),
}
PASSWORD_RESET = PasswordResetHandler()


def register_handlers() -> None:
    for handler in POWER_ACTIONS.values():
        register(handler)
    register(PASSWORD_RESET)
