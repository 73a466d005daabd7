"""The rules behind what only the v2 API offers: rescue mode, reinstall, cancel marks, tickets.

They change the same ``Account`` and ``Order`` objects as the legacy operations (``state.py``), so
a VPS stopped through one dialect is off through the other. Rules, for the panel's tests:

- Rescue mode: ``rescue_mode`` needs the VPS out of rescue mode, ``stop_rescue_mode`` in it; each
  is a job like a power action (one job at a time, status ``restarting`` meanwhile, ``on`` after).
- Reinstall: exactly one of template, app or snapshot; a template may need more RAM, disk or
  CPU cores than the VPS's plan has (400). A job (status ``reinstalling``); it ends rescue mode.
- Cancel: ``when=expired`` (the default) sets the cancel mark; ``when=now`` is refused as the
  spec says ("not yet supported"), except that an order not yet paid for (``pending``) is
  cancelled at once whatever ``when`` says. Removing a mark that is not there is a 400.
- Tickets: stored on the account (``/_sandbox/tickets`` lists them); the spec has no list.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fornexpanel.sandbox import state
from fornexpanel.sandbox.catalogue import VPS_BY_NAME
from fornexpanel.sandbox.models import Account, Job, Order, World
from fornexpanel.sandbox.validation import ApiError, bad_request


class FieldErrors(ApiError):
    """A 400 answered as DRF does for invalid fields: ``{"field": ["message", ...]}``."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class FilePart:
    """A file sent in a multipart/form-data body."""

    filename: str
    content_type: str
    content: bytes


def field_error(name: str, message: str) -> FieldErrors:
    return FieldErrors({name: [message]})


def listed_orders(query: dict[str, str], orders: list) -> list:
    """An order list's `?cancel_mark=` filter and `?ordering=` (id or expired, "-" for
    descending), as Fornex's order lists (all, by type, S3) apply them."""
    mark = (query.get("cancel_mark") or "").lower()
    if mark in ("true", "1", "false", "0"):
        orders = [o for o in orders if o.cancel_mark == (mark in ("true", "1"))]
    ordering = query.get("ordering") or "id"
    if ordering.lstrip("-") not in ("id", "expired"):
        raise field_error("ordering", f'"{ordering[:20]}" is not a valid choice.')
    if ordering.lstrip("-") == "expired":
        orders = sorted(orders, key=lambda o: o.expiration)
    if ordering.startswith("-"):
        orders = list(reversed(orders))
    return orders


# What a VPS can be reinstalled from ----------------------------------------------------------

# id, name, os, panel, min disk GB, min RAM GB, min CPU cores
TEMPLATES: list[tuple[int, str, str, str | None, int, int, int]] = [
    (41, "Ubuntu 24.04", "Ubuntu 24.04 LTS", None, 5, 1, 1),
    (42, "Ubuntu 22.04", "Ubuntu 22.04 LTS", None, 5, 1, 1),
    (43, "Debian 12", "Debian 12", None, 5, 1, 1),
    (44, "Debian 11", "Debian 11", None, 5, 1, 1),
    (45, "AlmaLinux 9", "AlmaLinux 9", None, 10, 1, 1),
    (46, "Rocky Linux 9", "Rocky Linux 9", None, 10, 1, 1),
    (47, "CentOS Stream 9", "CentOS Stream 9", None, 10, 1, 1),
    (48, "Fedora 40", "Fedora 40", None, 10, 1, 1),
    (49, "Ubuntu 22.04 & Hestia", "Ubuntu 22.04 LTS", "hestia", 10, 2, 1),
    (50, "Ubuntu 22.04 & aaPanel", "Ubuntu 22.04 LTS", "aapanel", 10, 2, 1),
    (51, "Debian 12 & CloudPanel", "Debian 12", "cloudpanel", 10, 2, 1),
    (52, "Windows Server 2022", "Windows Server 2022", None, 40, 4, 2),
]
# id, name, os
APPS: list[tuple[int, str, str]] = [
    (301, "Docker", "Ubuntu 24.04 LTS"),
    (302, "WordPress", "Ubuntu 22.04 LTS"),
    (303, "Nextcloud", "Debian 12"),
    (304, "GitLab CE", "Ubuntu 22.04 LTS"),
    (305, "n8n", "Ubuntu 24.04 LTS"),
    (306, "OpenVPN Access Server", "Debian 12"),
]
SNAPSHOT_LABELS = ("before upgrade", "weekly", "golden image")


def snapshots(world: World, account: Account) -> list[dict[str, Any]]:
    """The account's snapshots: one for each of its first three VPSs, stable for a seed."""
    found = []
    vps_orders = [order for order in account.orders.values() if order.type == "vps"][:3]
    for index, order in enumerate(vps_orders):
        key = zlib.crc32(f"{world.seed}:{account.username}:{order.id}".encode())
        plan = VPS_BY_NAME.get(order.tariff)
        disk = int(plan["disk"].split()[0]) if plan else 20
        found.append(
            {
                "id": 7000 + key % 2000,
                "name": f"{order.name} {SNAPSHOT_LABELS[index]}",
                "size_gb": round(disk * (0.25 + (key % 40) / 100), 2),
                "created_at": world.anchor - timedelta(days=3 + key % 60, minutes=key % 1440),
                "order_id": order.id,
            }
        )
    return found


def _plan_needs(order: Order) -> tuple[int, int, int]:
    plan = VPS_BY_NAME.get(order.tariff)
    if plan is None:
        return (10**6, 10**6, 10**6)  # a tariff of no catalogue: no requirement can fail
    return (int(plan["disk"].split()[0]), int(plan["ram"].split()[0]), int(plan["cpu_count"]))


def reinstall(
    world: World, account: Account, order_id: str, body: dict[str, Any]
) -> tuple[Job, str]:
    """Queue a reinstall; return the job and the name of what is being installed."""
    order = state.get_order(account, order_id, "vps")
    chosen = {name: body.get(name) for name in ("template", "app", "snapshot")}
    chosen = {name: value for name, value in chosen.items() if value not in (None, "")}
    if len(chosen) != 1:
        raise FieldErrors({"non_field_errors": ["Give exactly one of template, app or snapshot."]})
    ((name, raw),) = chosen.items()
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        raise field_error(name, "A valid integer is required.") from None
    invalid = field_error(name, f'Invalid pk "{wanted}" - object does not exist.')
    if name == "template":
        template = next((t for t in TEMPLATES if t[0] == wanted), None)
        if template is None:
            raise invalid
        disk, ram, cores = _plan_needs(order)
        label, need_disk, need_ram, need_cores = template[1], template[4], template[5], template[6]
        if ram < need_ram:
            raise field_error(
                name, f"{label} needs at least {need_ram} GB of RAM; this VPS has {ram} GB."
            )
        if disk < need_disk:
            raise field_error(
                name, f"{label} needs at least {need_disk} GB of disk; this VPS has {disk} GB."
            )
        if cores < need_cores:
            raise field_error(
                name, f"{label} needs at least {need_cores} CPU cores; this VPS has {cores}."
            )
        display = label
    elif name == "app":
        app = next((a for a in APPS if a[0] == wanted), None)
        if app is None:
            raise invalid
        display = f"{app[1]} ({app[2]})"
    else:
        snapshot = next((s for s in snapshots(world, account) if s["id"] == wanted), None)
        if snapshot is None:
            raise invalid
        display = snapshot["name"]
    job = state.vps_power(world, account, order_id, "reinstall")
    order.rescue = False
    return job, display


# Rescue mode ---------------------------------------------------------------------------------


def rescue(world: World, account: Account, order_id: str, start: bool) -> Job:
    order = state.get_order(account, order_id, "vps")
    if start and order.rescue:
        raise bad_request(f"VPS {order_id} is already in rescue mode")
    if not start and not order.rescue:
        raise bad_request(f"VPS {order_id} is not in rescue mode")
    job = state.vps_power(world, account, order_id, "rescue_mode" if start else "stop_rescue_mode")
    order.rescue = start
    return job


# Orders --------------------------------------------------------------------------------------


def cancel(account: Account, order_id: str, body: dict[str, Any]) -> dict[str, str]:
    order = state.get_order(account, order_id)
    when = body.get("when") or "expired"
    if when not in ("expired", "now"):
        raise field_error("when", f'"{str(when)[:20]}" is not a valid choice.')
    save_backup = body.get("save_backup", True)
    if not isinstance(save_backup, bool) and str(save_backup).lower() not in (
        "true",
        "false",
        "1",
        "0",
    ):
        raise field_error("save_backup", "Must be a valid boolean.")
    if order.status == "canceled":
        raise bad_request(f"Order {order_id} is already canceled")
    if order.status in ("pending", "unpaid"):
        order.status = "canceled"
        order.cancel_mark = False
        return {"status": "canceled", "message": "The order was not paid for and is canceled."}
    if when == "now":
        raise field_error("when", "Instant order cancelation is not yet supported.")
    if order.cancel_mark:
        raise bad_request(f"Order {order_id} already has a cancel mark")
    order.cancel_mark = True
    return {"status": "cancel_pending", "message": "Order will be canceled after expiration."}


def cancel_unset(account: Account, order_id: str) -> None:
    order = state.get_order(account, order_id)
    if not order.cancel_mark:
        raise bad_request(f"Order {order_id} has no cancel mark")
    order.cancel_mark = False


# Tickets -------------------------------------------------------------------------------------


def _text(body: dict[str, Any], name: str, limit: int) -> str:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise field_error(name, "This field is required.")
    if not isinstance(value, str):
        raise field_error(name, "Not a valid string.")
    if len(value) > limit:
        raise field_error(name, f"Ensure this field has no more than {limit} characters.")
    return value


def ticket_create(world: World, account: Account, body: dict[str, Any]) -> dict[str, Any]:
    subject = _text(body, "subject", 64)
    message = _text(body, "message", 49152)
    priority = body.get("priority", 1)
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = -1
    if priority not in range(5):
        raise field_error("priority", f'"{str(body.get("priority"))[:10]}" is not a valid choice.')
    order_id = body.get("order") or None
    if order_id is not None and str(order_id) not in account.orders:
        raise field_error("order", f"Order {str(order_id)[:20]} not found.")
    world.next_ticket += 1
    ticket_id = f"{0x66A8968A01027A2C2F240000 + world.next_ticket:024x}"
    ticket = {
        "subject": subject,
        "message": message,
        "priority": priority,
        "order": None if order_id is None else str(order_id),
        "url": f"https://fornex.com/my/tickets/{ticket_id}/",
        "id": ticket_id,
        "status": "new",
    }
    account.tickets.append(ticket)
    return ticket


def tickets_by_key(world: World) -> dict[str, list[dict[str, Any]]]:
    """For ``GET /_sandbox/tickets``: each sandbox key's tickets (the keys are public constants)."""
    return {key: list(account.tickets) for key, account in world.accounts.items()}
