"""What a VPS can be reinstalled from, as the reinstall page shows it: the three lists Fornex gives
(templates, applications, snapshots), each option marked when the VPS's plan is too small for it.

Fornex refuses a template that needs more RAM, disk or CPU cores than the VPS has; saying so next
to the template, and not offering it, spares the member an operation that can only fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Connection
from billing.plans import size_gb  # a pure parser of Fornex's sizes ("16 GB", "1 TB")
from fornexpanel.core import formats
from fornexpanel.fornex import Order, ReinstallOption, VpsPlan
from fornexpanel.gateway import Fetched
from vps import selectors

TITLES = {
    "template": gettext_lazy("Operating systems"),
    "app": gettext_lazy("Applications"),
    "snapshot": gettext_lazy("Snapshots"),
}
EMPTY = {
    "template": gettext_lazy("Fornex offers no template for this server."),
    "app": gettext_lazy("Fornex offers no application for this server."),
    "snapshot": gettext_lazy("The account has no snapshot."),
}


@dataclass
class Choice:
    option: ReinstallOption
    unfit: str = ""  # why the VPS cannot take it, or ""

    @property
    def key(self) -> str:
        return f"{self.option.kind}:{self.option.id}"


@dataclass
class Group:
    source: str
    fetched: Fetched
    choices: list[Choice] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TITLES[self.source])

    @property
    def empty_text(self) -> str:
        return str(EMPTY[self.source])


def plan_of(connection: Connection, order: Order) -> VpsPlan | None:
    """The VPS's plan in the catalogue: by name (what the order shows), else by tariff id."""
    fetched = selectors.vps_plans(connection)
    plans = fetched.data or ()
    by_name = next((plan for plan in plans if plan.name == order.tariff), None)
    if by_name is not None or order.tariff_id is None:
        return by_name
    return next((plan for plan in plans if plan.id == order.tariff_id), None)


def unfit_reason(option: ReinstallOption, plan: VpsPlan | None) -> str:
    """Why a VPS on `plan` cannot take `option` ("" when it can, or when it cannot be known)."""
    if plan is None or option.kind != "template":
        return ""
    ram, disk = size_gb(plan.ram), size_gb(plan.disk)
    if option.min_ram_gb and ram is not None and ram < option.min_ram_gb:
        return _("Needs %(need)s GB of RAM; this server has %(have)s GB.") % {
            "need": formats.number(option.min_ram_gb),
            "have": formats.number(ram),
        }
    if option.min_disk_gb and disk is not None and disk < option.min_disk_gb:
        return _("Needs %(need)s GB of disk; this server has %(have)s GB.") % {
            "need": formats.number(option.min_disk_gb),
            "have": formats.number(disk),
        }
    if option.min_cpu_cores and plan.cpu_count and plan.cpu_count < option.min_cpu_cores:
        return _("Needs %(need)s CPU cores; this server has %(have)s.") % {
            "need": option.min_cpu_cores,
            "have": plan.cpu_count,
        }
    return ""


def groups_for(connection: Connection, order: Order, *, refresh: bool = False) -> list[Group]:
    plan = plan_of(connection, order)
    groups = []
    for source in selectors.REINSTALL_SOURCES:
        fetched = selectors.reinstall_options(connection, order.id, source, refresh=refresh)
        choices = [Choice(option, unfit_reason(option, plan)) for option in fetched.data or ()]
        groups.append(Group(source, fetched, choices))
    return groups


def offered(groups: list[Group]) -> list[ReinstallOption]:
    """The options the form accepts: every listed one the VPS can take."""
    return [choice.option for group in groups for choice in group.choices if not choice.unfit]
