"""Operation handlers for VPS actions: power (start, stop, restart, hard reset), the root
password reset, and what only the v2 API offers: rescue mode (start, stop) and reinstall.
Registered in VpsConfig.ready().

Power actions have no job id in the legacy API, so they are followed through `vps_status` until
the VPS shows the state the action leads to; the v2 API answers the job's log entry, whose id is
followed through `log_details` instead. The password reset returns a job id (`resp_id`) that
is followed through `log_details`; the new password travels back in `Sent.transient` only.
Rescue mode (v2 only) is followed like a power action. A reinstall answers no job id: it is followed through the status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy

from fornexpanel import gateway
from fornexpanel.fornex import FornexError
from operations import job_messages
from operations.registry import FORNEX_WORDS, Handler, Progress, Sent, register

if TYPE_CHECKING:
    from fornexpanel.fornex import FornexClient, LogEntry
    from operations.models import Operation

# What vps_status says while a job runs: seeing one of these proves the job has started.
TRANSITIONAL = frozenset(
    {"starting", "stopping", "restarting", "rebooting", "resetting", "reinstalling"}
)
# Job log states that mean the job failed (anything else, once completed, is success).
FAILED_JOB_STATES = frozenset({"error", "failed", "fail"})


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

    def request(self, op: Operation, client: FornexClient) -> tuple[str, dict]:
        """The one POST: returns the job id to follow ("" for none) and facts for the result."""
        job = getattr(client, self.method)(order_id_of(op))
        log_id = getattr(job, "log_id", None)
        return ("" if log_id is None else str(log_id)), {}

    def send(self, op: Operation, client: FornexClient) -> Sent:
        job_id, facts = self.request(op, client)
        result: dict = {"expected": self.expected, **facts}
        # One look right after the POST (a read, never repeated as a write): a transitional
        # status here tells a finished restart apart from one that has not begun.
        try:
            status = client.vps_status(order_id_of(op)).status
        except FornexError:
            status = ""
        if status:
            result["last_status"] = status
            result["seen_transition"] = status in TRANSITIONAL
        message, code = job_messages.coded("vps.sent")
        return Sent(job_id=job_id, message=message, result={**result, **code})

    def done_message(self, op: Operation, status: str) -> tuple[str, dict]:
        """The message once the server is in `status`, the state the action leads to, and the
        result entry that keeps its code."""
        return job_messages.coded("vps.server_is", status=status)

    def settle(self, op: Operation, client: FornexClient) -> Progress | None:
        """After an unclear answer (or a worker that died): the server's status tells where it
        can. A job running on it (a transitional status) proves the action went through: it is
        followed. The state this action leads to proves it too unless the action ends where it
        may start (restart, hard reset). Anything else cannot tell: unknown."""
        from operations.models import Operation

        status = client.vps_status(order_id_of(op)).status
        result = {"expected": self.expected, "last_status": status}
        if status in TRANSITIONAL:
            message, code = job_messages.coded("vps.unclear_followed", status=status)
            return Progress(None, message, {**result, "seen_transition": True, **code})
        if status == self.expected and not self.ambiguous:
            _forget_status(op)
            message, code = job_messages.coded("vps.unclear_done", status=status)
            return Progress(Operation.State.DONE, message, {**result, **code})
        return None

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        if op.fornex_job_id:
            progress = follow_job_log(op, client, self.done_message(op, self.expected))
            if progress.state is not None:
                _forget_status(op)
            return progress
        return self.poll_status(op, client)

    def poll_status(self, op: Operation, client: FornexClient) -> Progress:
        from operations.models import Operation

        status = client.vps_status(order_id_of(op)).status
        seen = bool(op.result.get("seen_transition")) or status in TRANSITIONAL
        result = {"last_status": status, "seen_transition": seen}
        if status == self.expected:
            waited = (timezone.now() - op.sent_at).total_seconds() if op.sent_at else 0
            if not self.ambiguous or seen or waited >= self.settle_after:
                _forget_status(op)
                message, code = self.done_message(op, status)
                return Progress(Operation.State.DONE, message, {**result, **code})
        message, code = job_messages.coded("vps.server_is", status=status)
        return Progress(None, message, {**result, **code})

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
        message, code = job_messages.coded("vps.password_setting")
        return Sent(
            job_id=str(reset.resp_id),
            message=message,
            result=code,
            transient={"password": reset.password},
        )

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        return follow_job_log(op, client, job_messages.coded("vps.password_set"))

    def target_url(self, op: Operation) -> str | None:
        return _vps_url(op)


def follow_job_log(op: Operation, client: FornexClient, done: tuple[str, dict]) -> Progress:
    """One look at the operation's job in the VPS's log (`fornex_job_id`); `done` is the coded
    message (text and result entry) it ends with when the job completed."""
    from operations.models import Operation

    entry = client.vps_log_details(order_id_of(op), int(op.fornex_job_id))
    result: dict = {"log": [log_entry_json(entry)]}
    if entry.note:
        # The job's note is Fornex's own text (often Russian): shown as it came, marked as such.
        result[FORNEX_WORDS] = [entry.note]
    if entry.completed:
        if (entry.job_state or "").lower() in FAILED_JOB_STATES:
            if entry.note:
                return Progress(Operation.State.FAILED, entry.note, result)
            failed, code = job_messages.coded("vps.failed")
            return Progress(Operation.State.FAILED, failed, {**result, **code})
        message, code = done
        return Progress(Operation.State.DONE, message, {**result, **code})
    return Progress(None, entry.note or "", result)


class RescueHandler(PowerHandler):
    """Rescue mode on or off: a reboot into Fornex's rescue system, or back onto the disk.

    v2 answers the job's log entry, followed through `log_details`; without a log id the VPS's
    status is followed like a restart's (it ends "on" either way)."""

    action = "vps.rescue"
    time_limit = 600

    def __init__(self, kind: str, method: str, label: str, done: str) -> None:
        super().__init__(kind, method, "on", label, ambiguous=True)
        self.done = done  # the code of its message in operations/job_messages.py

    def done_message(self, op: Operation, status: str) -> tuple[str, dict]:
        return job_messages.coded(self.done)


class ReinstallHandler(PowerHandler):
    """Erase the disk and install a template, an application or a snapshot (`params["source"]`,
    `params["source_id"]`). v2 gives no job id for it: the status is followed, "reinstalling"
    meanwhile and "on" at the end."""

    action = "vps.reinstall"
    # Reinstalling takes minutes; an image restore of a large snapshot longer.
    time_limit = 3600
    poll_every = 5.0
    # Fornex queues the reinstall before the status changes: "on" alone says nothing for a while.
    settle_after = 180
    # A retry from the jobs pages would erase the disk again without the typed confirmation:
    # it is started again from the VPS's reinstall page.
    retryable = False

    def __init__(self) -> None:
        super().__init__(
            "vps.reinstall", "vps_reinstall", "on", gettext_lazy("Reinstall"), ambiguous=True
        )

    def request(self, op: Operation, client: FornexClient) -> tuple[str, dict]:
        # `source` is one of template, app, snapshot: vps_reinstall checks it, the service too.
        source, source_id = op.params["source"], int(op.params["source_id"])
        started = client.vps_reinstall(order_id_of(op), **{source: source_id})
        return "", {"installing": started.display_name or op.params.get("source_name", "")}

    def done_message(self, op: Operation, status: str) -> tuple[str, dict]:
        # What was installed is in Fornex's words (its display name): shown as stored.
        name = op.result.get("installing") or op.params.get("source_name") or ""
        return job_messages.coded("vps.reinstalled", name=name, status=status)


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
RESCUE_ACTIONS: dict[str, RescueHandler] = {
    "start": RescueHandler(
        "vps.rescue_start",
        "vps_rescue_start",
        gettext_lazy("Start rescue mode"),
        "vps.rescue_on",
    ),
    "stop": RescueHandler(
        "vps.rescue_stop",
        "vps_rescue_stop",
        gettext_lazy("Stop rescue mode"),
        "vps.rescue_off",
    ),
}
REINSTALL = ReinstallHandler()


def register_handlers() -> None:
    for handler in (*POWER_ACTIONS.values(), *RESCUE_ACTIONS.values()):
        register(handler)
    register(PASSWORD_RESET)
    register(REINSTALL)
