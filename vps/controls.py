"""Which controls a server's page offers, by the state the panel knows it is in.

A button that can only fail is not offered: Start on a running server, Stop on a stopped one,
anything while the server is between two states. When the state is unknown (Fornex could not be
asked), every action is offered: the member may know better than the panel.
"""

from __future__ import annotations

from operations.models import Operation

# Power state (Fornex's VPS status) -> the power actions that make sense in it.
_BY_STATE: dict[str, tuple[str, ...]] = {
    "on": ("restart", "stop", "hard_reset"),
    "off": ("start",),
    "starting": (),
    "stopping": (),
    "restarting": (),
    "reinstalling": (),
}
ALL_POWER_ACTIONS = ("start", "restart", "stop", "hard_reset")


def power_actions_offered(status: str | None) -> tuple[str, ...]:
    """The power actions to offer for a VPS whose status is `status` (None: unknown)."""
    if status is None or status not in _BY_STATE:
        return ALL_POWER_ACTIONS
    return _BY_STATE[status]


def is_busy(status: str | None) -> bool:
    """The server is between two states: nothing is offered until it settles."""
    return status in _BY_STATE and not _BY_STATE[status]


def rescue_action_offered(last_rescue: Operation | None) -> str:
    """ "stop" when the panel last started rescue mode, otherwise "start" (Fornex's API does not
    say whether a VPS is in rescue mode: the panel goes by what it did last)."""
    if last_rescue is not None and last_rescue.kind == "vps.rescue_start":
        return "stop"
    return "start"
