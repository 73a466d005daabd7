"""Ordering a new VPS: the catalogues the order form offers, the summary (price, balance and
runway after the order), the order itself and the operation that follows it.

The order is sent to Fornex in the member's request, like the other synchronous writes: Fornex's
refusal (ordering switched off for the account, a balance too small) then shows on the summary
at once, in Fornex's words, with what to do next. Once Fornex has taken the order, an operation
("vps.order") follows it until the new server shows in the orders list, up and running; its
handler sends nothing (the order was sent already), so a retry can never order twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.connections import client_for
from accounts.crypto import KeyDecryptionError
from accounts.models import AuditEvent, Connection, Team, User
from billing import figures
from billing.plans import size_gb
from fornexpanel import gateway
from fornexpanel.core.i18n import fornex_words, interpolate_html
from fornexpanel.fornex import (
    BadRequest,
    FornexError,
    NoPermission,
    UpstreamUnavailable,
    VpsDiskClass,
    VpsPlan,
    VpsService,
)
from fornexpanel.gateway import Fetched, describe_error, describe_error_html
from operations import job_messages
from operations.registry import FORNEX_WORDS, Handler, Progress, Sent, register
from operations.services import operation_create
from vps.selectors import order_target_id, ssh_keys, vps_plans
from vps.services import ActionFailed

if TYPE_CHECKING:
    from fornexpanel.fornex import FornexClient
    from operations.models import Operation

ORDER_KIND = "vps.order"
ORDER_ACTION = "vps.order"
SOURCES = ("template", "app", "snapshot")

_CATALOGUES = {
    "locations": lambda client: client.orders_vps_locations(),
    "templates": lambda client: client.orders_vps_templates(),
    "apps": lambda client: client.orders_vps_apps(),
    "snapshots": lambda client: client.orders_vps_snapshots(),
    "disks": lambda client: client.orders_vps_disks(),
    "services": lambda client: client.orders_vps_services(),
}


def catalogue(connection: Connection, name: str, *, refresh: bool = False) -> Fetched:
    return gateway.read(
        connection, "vps_order_catalogue", _CATALOGUES[name], parts=(name,), refresh=refresh
    )


@dataclass
class Catalogues:
    plans: Fetched
    locations: Fetched
    templates: Fetched
    apps: Fetched
    snapshots: Fetched
    disks: Fetched
    services: Fetched
    ssh_keys: Fetched
    balance: Fetched
    orders: Fetched

    @property
    def all(self) -> list[Fetched]:
        return [getattr(self, name) for name in self.__dataclass_fields__]

    @property
    def missing(self) -> list[Fetched]:
        """What the form cannot do without (the plans, the locations, what to install)."""
        needed = [self.plans, self.locations]
        if not any(f.ok for f in (self.templates, self.apps, self.snapshots)):
            needed.append(self.templates)
        return [fetched for fetched in needed if not fetched.ok]

    def data(self, name: str) -> tuple:
        fetched = getattr(self, name)
        return tuple(fetched.data) if fetched.ok else ()


def catalogues_for(connection: Connection, *, refresh: bool = False) -> Catalogues:
    from billing.selectors import balance
    from vps.selectors import orders

    return Catalogues(
        plans=vps_plans(connection, refresh=refresh),
        ssh_keys=ssh_keys(connection, refresh=refresh),
        balance=balance(connection, refresh=refresh),
        orders=orders(connection, refresh=refresh),
        **{name: catalogue(connection, name, refresh=refresh) for name in _CATALOGUES},
    )


@dataclass
class InstallGroup:
    title: str
    fetched: Fetched

    @property
    def options(self) -> list[tuple[str, Any]]:
        """(form value, option) pairs: "template:41"."""
        return [(f"{o.kind}:{o.id}", o) for o in (self.fetched.data or ())]


def install_groups(catalogues: Catalogues) -> list[InstallGroup]:
    return [
        InstallGroup(_("Operating systems"), catalogues.templates),
        InstallGroup(_("Applications"), catalogues.apps),
        InstallGroup(_("Snapshots"), catalogues.snapshots),
    ]


# The summary ---------------------------------------------------------------------------------


@dataclass
class OrderChoice:
    """What the member chose, as the form cleaned it."""

    location: str
    location_label: str
    plan: VpsPlan
    source: str  # template, app or snapshot
    source_id: int
    source_name: str
    disk: VpsDiskClass | None
    services: list[tuple[VpsService, int]] = field(default_factory=list)
    ssh_key_ids: list[int] = field(default_factory=list)
    ssh_key_titles: list[str] = field(default_factory=list)
    name: str = ""

    def request(self) -> dict[str, Any]:
        """The arguments of FornexClient.orders_vps_create."""
        return {
            "location": self.location,
            "tariff": self.plan.id,
            self.source: self.source_id,
            "disk_class": self.disk.id if self.disk else None,
            "services": {service.id: count for service, count in self.services},
            "ssh_keys": list(self.ssh_key_ids),
            "name": self.name,
        }


@dataclass
class Summary:
    monthly: Decimal
    once: Decimal
    currency: str
    balance: Decimal | None
    balance_after: Decimal | None
    runway_after: Decimal | None  # days, at the account's monthly spend with the new server

    @property
    def first_payment(self) -> Decimal:
        return self.monthly + self.once

    @property
    def affordable(self) -> bool | None:
        return None if self.balance_after is None else self.balance_after >= 0


def disk_extra(plan: VpsPlan, disk: VpsDiskClass | None, disks: tuple) -> Decimal:
    """What a disk class adds to the plan's price a month: its size times the difference from the
    cheapest class (the one a plan includes). An estimate: Fornex's answer is what counts."""
    if disk is None or not disks:
        return Decimal(0)
    base = min(d.price_per_gb for d in disks)
    gb = size_gb(plan.disk) or 0
    return ((disk.price_per_gb - base) * Decimal(str(gb))).quantize(Decimal("0.01"))


def summarize(choice: OrderChoice, catalogues: Catalogues) -> Summary:
    monthly = choice.plan.price + disk_extra(choice.plan, choice.disk, catalogues.data("disks"))
    once = Decimal(0)
    for service, count in choice.services:
        if service.monthly:
            monthly += service.price * count
        else:
            once += service.price * count
    balance = catalogues.balance.data if catalogues.balance.ok else None
    amount = balance.amount if balance is not None else None
    after = None if amount is None else amount - monthly - once
    runway = None
    if after is not None and catalogues.orders.ok:
        spend = figures.monthly_spend(catalogues.orders.data) + monthly
        runway = figures.runway_days(after, spend)
    return Summary(
        monthly=monthly.quantize(Decimal("0.01")),
        once=once.quantize(Decimal("0.01")),
        currency=balance.currency if balance is not None else "",
        balance=amount,
        balance_after=after,
        runway_after=runway,
    )


# Ordering ------------------------------------------------------------------------------------


def refusal_html(error: Exception):
    """Fornex's refusal in its own words, with what the member can do about it."""
    if isinstance(error, NoPermission):
        words = error.message or _("no permission")
        return interpolate_html(
            _(
                "Fornex refused: %(message)s Fornex switches ordering through the API off for an "
                "account until its support switches it on: ask Fornex's support for it (a ticket "
                "from this panel will do), or order this server in Fornex's own cabinet."
            ),
            {"message": fornex_words(words)},
        )
    if isinstance(error, BadRequest) and error.message:
        lowered = error.message.lower()
        if "fund" in lowered or "balance" in lowered:
            hint = _(
                "Top up the account's balance at Fornex (or choose a smaller plan or fewer "
                "extras), then confirm again."
            )
        else:
            hint = _("Change the choices it names and review the order again.")
        return interpolate_html(
            _("Fornex refused: %(message)s %(hint)s"),
            {"message": fornex_words(error.message), "hint": hint},
        )
    if isinstance(error, UpstreamUnavailable) and error.maybe_applied:
        return interpolate_html(
            _(
                "%(reason)s The order may have been placed: look for the new server in the "
                "servers list before ordering again."
            ),
            {"reason": describe_error(error)},
        )
    return describe_error_html(error)


def vps_order_create(
    *, actor: User, team: Team, connection: Connection, choice: OrderChoice, summary: Summary
) -> Operation:
    """Order the VPS at Fornex (paid from the balance at once) and start following it."""
    authorize(user=actor, team=team, action=ORDER_ACTION)
    if connection.team_id != team.pk:
        raise ValueError("The connection belongs to another team.")
    detail = {
        "location": choice.location,
        "plan": choice.plan.name,
        "installing": choice.source_name,
        "monthly": str(summary.monthly),
        "first_payment": str(summary.first_payment),
        "currency": summary.currency,
    }
    label = choice.name or choice.plan.name
    try:
        created = client_for(connection).orders_vps_create(**choice.request())
    except (FornexError, KeyDecryptionError) as error:
        audit_record(
            action="vps.order",
            actor=actor,
            team=team,
            target_type="order",
            target_id=f"{connection.pk}:",
            target_label=label,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={**detail, "message": describe_error(error)},
        )
        raise ActionFailed(describe_error(error), refusal_html(error)) from None
    finally:
        # Money moved (or may have): the balance and the orders are read again.
        for kind in ("balance", "orders"):
            gateway.invalidate(connection, kind)
    with transaction.atomic():
        audit_record(
            action="vps.order",
            actor=actor,
            team=team,
            target_type="order",
            target_id=order_target_id(connection, created.order_id),
            target_label=label,
            detail={**detail, "order_id": created.order_id},
        )
        return operation_create(
            actor=actor,
            team=team,
            connection=connection,
            kind=ORDER_KIND,
            target_type="order",
            target_id=order_target_id(connection, created.order_id),
            target_label=label,
            params={
                "order_id": created.order_id,
                "name": label,
                "source_name": choice.source_name,
            },
        )


class VpsOrderHandler(Handler):
    """Follows a VPS Fornex has accepted until it is in the orders list and active."""

    kind = ORDER_KIND
    action = ORDER_ACTION
    label = gettext_lazy("Order a server")
    time_limit = 1800  # Fornex sets a VPS up in minutes; half an hour is plenty
    poll_every = 3.0

    def send(self, op: Operation, client: FornexClient) -> Sent:
        # The order itself was sent in the member's request (vps_order_create): nothing to send.
        message, code = job_messages.coded("vps.ordered")
        return Sent(
            job_id=str(op.params["order_id"]),
            message=message,
            result={"order_id": op.params["order_id"], **code},
        )

    def poll(self, op: Operation, client: FornexClient) -> Progress:
        from operations.models import Operation as Op

        order_id = str(op.params["order_id"])
        found = next((o for o in client.orders_list() if o.id == order_id), None)
        if found is None:
            message, code = job_messages.coded("vps.order_not_listed")
            return Progress(message=message, result=code)
        if found.status != "active":
            # The order's status is Fornex's word: kept as it came.
            message, code = job_messages.coded("vps.order_setting_up", status=found.status)
            return Progress(message=message, result=code)
        if op.connection is not None:
            gateway.invalidate(op.connection, "orders")
        message, code = job_messages.coded(
            "vps.order_up",
            order=order_id,
            address=", ".join(found.ip_addresses) or found.hostname,
        )
        return Progress(Op.State.DONE, message, {"order_id": order_id, FORNEX_WORDS: [], **code})

    def target_url(self, op: Operation) -> str | None:
        from django.urls import reverse

        if op.connection_id is None:
            return None
        return reverse("vps:detail", args=[op.connection_id, op.params["order_id"]])


ORDER_HANDLER = VpsOrderHandler()


def register_handler() -> None:
    register(ORDER_HANDLER)
