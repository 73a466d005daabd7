"""The v2 sandbox's server orders: the lists and details by type (/orders/vps/, /orders/ds/), the
catalogues a new VPS is made of, and ordering one (``POST /orders/vps/``).

Rules, for the panel's tests:

- Ordering is switched off for ``sandbox-nodns`` (Fornex switches it off by default; its support
  switches it on): 403 with Fornex's words.
- Exactly one of template, app or snapshot; a known location, plan, disk class, services and the
  account's own SSH keys (400 with DRF field errors otherwise).
- The price: the plan's, plus the disk's size times the difference between the chosen disk class
  and the plan's own (class 1), plus the monthly services; the one-off services are paid once.
  The first month and the one-off services are debited from the balance at once; a balance that
  cannot pay gets a 400 and no order.
- A new order is ``pending`` with no address, then ``active``, on and addressed once
  ``job_seconds`` have passed (``settle``, run before every API request), with its SSH keys.
- ``/orders/ds/<n>/traffic_used/`` also takes the order's number alone (the spec types it as an
  integer: ``34-1234`` is ``1234``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from fornexpanel.sandbox import stats
from fornexpanel.sandbox import v2_shapes as shapes
from fornexpanel.sandbox.catalogue import DEDICATED_BY_NAME, VPS_BY_NAME, VPS_PLANS
from fornexpanel.sandbox.models import Account, Order, World
from fornexpanel.sandbox.v2_http import ORDER, Request, route
from fornexpanel.sandbox.v2_state import (
    APPS,
    TEMPLATES,
    FieldErrors,
    field_error,
    listed_orders,
    snapshots,
)
from fornexpanel.sandbox.validation import ApiError

ORDERING_OFF_KEYS = ("sandbox-nodns",)
ORDERING_OFF = (
    "Creating a VPS via API is not available for your account. "
    "Contact technical support to get access."
)
NOT_ENOUGH = "Insufficient funds on the balance to pay for the order."
PLAN_DISK_CLASS = 1
DISK_CLASSES: list[dict[str, Any]] = [
    {**shapes._DISK_CLASS},
    {
        "id": 2,
        "name": "NVMe Turbo",
        "limit_total_mbytes_sec": 1000,
        "limit_read_iops_sec": 40000,
        "limit_write_iops_sec": 20000,
        "price_per_gb": "0.2000",
        "disk_type": "nvme",
        "disk_type_display": "NVMe",
    },
]
SERVICES: list[dict[str, Any]] = [
    {
        "id": 11,
        "name": "Backups",
        "description": "Daily backups kept for 7 days.",
        "price": "3.00",
        "billing_type": "periodic",
    },
    {
        "id": 12,
        "name": "Extra IPv4 address",
        "description": "One more public IPv4 address.",
        "price": "2.00",
        "billing_type": "periodic",
    },
    {
        "id": 13,
        "name": "Control panel set-up",
        "description": "A control panel installed and configured by Fornex's engineers.",
        "price": "15.00",
        "billing_type": "single",
    },
]
FREQUENCIES = {"x86_64": ["2.1", "3.8"]}


# Shapes --------------------------------------------------------------------------------------


def _gb(text: str) -> int:
    return int(str(text).split()[0])


def vps_configuration(order: Order) -> dict[str, Any]:
    plan = VPS_BY_NAME.get(order.tariff)
    return {
        "cpu_count": int(plan["cpu_count"]) if plan else 1,
        "ram_size": max(2, _gb(plan["ram"])) if plan else 2,
        "disk_class": PLAN_DISK_CLASS,
        "disk_size": min(300, max(20, _gb(plan["disk"]))) if plan else 20,
        "cpu_arch": "x86_64",
        "min_cpu_freq": "2.1",
    }


def ds_configuration(order: Order) -> dict[str, Any]:
    plan = DEDICATED_BY_NAME.get(order.tariff)
    if plan is None:
        return {
            "cpu_count": 1,
            "cpu": "",
            "motherboard": "",
            "chassis": "",
            "raid_controller": "",
            "network_adapter": "",
            "bandwidth": 1024,
            "memory": 0,
            "disks": "",
        }
    return {
        "cpu_count": plan["cpu_count"],
        "cpu": plan["cpu_model"],
        "motherboard": "Supermicro X11SCL-F",
        "chassis": "(1U) Supermicro 813MF (4x 3.5)",
        "raid_controller": "Software RAID",
        "network_adapter": "Intel I210 1 Gbit/s",
        "bandwidth": 1024,
        "memory": _gb(plan["ram"]),
        "disks": plan["disk"],
    }


def server_order(order: Order) -> dict[str, Any]:
    shaped = shapes.order(order)
    if order.type == "vps":
        shaped["configuration"] = vps_configuration(order)
    else:
        shaped["configuration"] = ds_configuration(order)
    return shaped


def _typed(req: Request, otype: str) -> dict:
    found = listed_orders(req.query, [o for o in req.me.orders.values() if o.type == otype])
    return req.page([server_order(o) for o in found])


# Routes --------------------------------------------------------------------------------------


@route("GET", r"/api/orders/vps/")
def orders_vps_list(req: Request) -> dict:
    return _typed(req, "vps")


@route("GET", r"/api/orders/ds/")
def orders_ds_list(req: Request) -> dict:
    return _typed(req, "ds")


@route("GET", rf"/api/orders/vps/{ORDER}/")
def orders_vps_retrieve(req: Request, order_id: str) -> dict:
    return server_order(_typed_order(req.me, order_id, "vps"))


@route("GET", rf"/api/orders/ds/{ORDER}/")
def orders_ds_retrieve(req: Request, order_id: str) -> dict:
    return server_order(_typed_order(req.me, order_id, "ds"))


def _typed_order(account: Account, order_id: str, otype: str) -> Order:
    order = account.orders.get(order_id)
    if order is None or order.type != otype:
        raise ApiError(404, "Not found")  # DRF's queryset is filtered by type
    return order


@route("GET", r"/api/orders/ds/(?P<number>\d{1,18})/traffic_used/")
def ds_traffic_used_by_number(req: Request, number: str) -> dict:
    order = next(
        (
            o
            for o in req.me.orders.values()
            if o.type == "ds" and o.id.split("-")[-1] == str(int(number))
        ),
        None,
    )
    if order is None:
        raise ApiError(404, "Not found")
    today = req.world.clock.wall().date()
    return shapes.ds_traffic_used(stats.ds_traffic_used(req.world.seed, order, today))


@route("GET", r"/api/orders/vps/templates/")
def orders_vps_templates(req: Request) -> list:
    return shapes.templates()


@route("GET", r"/api/orders/vps/apps/")
def orders_vps_apps(req: Request) -> list:
    return shapes.apps()


@route("GET", r"/api/orders/vps/snapshots/")
def orders_vps_snapshots(req: Request) -> list:
    return shapes.snapshot_list(req.world, req.me)


@route("GET", r"/api/orders/vps/locations/")
def orders_vps_locations(req: Request) -> list:
    return [
        {
            "value": code,
            "label": label,
            "location_os_types": ["linux", "windows"],
            "bandwidth_tariff": None,
            "disabled_by_slots": code == "RU",  # no free slot there, to show a closed location
            "disabled_by_cpu_freq": False,
            "disabled_by_os": False,
            "disabled_by_cpu_type": False,
            "available_frequencies": FREQUENCIES,
        }
        for code, label in shapes.LOCATIONS.items()
    ]


@route("GET", r"/api/orders/vps/disks/")
def orders_vps_disks(req: Request) -> list:
    return [dict(disk) for disk in DISK_CLASSES]


@route("GET", r"/api/orders/vps/services/")
def orders_vps_services(req: Request) -> list:
    return [dict(service) for service in SERVICES]


@route("POST", r"/api/orders/vps/")
def orders_vps_create(req: Request) -> tuple:
    return 201, {"order_id": create(req.world, req.me, req.body)}


# Rules ---------------------------------------------------------------------------------------


def _pk(body: dict[str, Any], name: str) -> int | None:
    raw = body.get(name)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise field_error(name, "A valid integer is required.")
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise field_error(name, "A valid integer is required.") from None


def _invalid(name: str, value: Any) -> FieldErrors:
    return field_error(name, f'Invalid pk "{str(value)[:20]}" - object does not exist.')


def price(
    plan: dict[str, Any], disk_class: dict[str, Any], services: list[tuple[dict, int]]
) -> tuple[Decimal, Decimal]:
    """(monthly cost, paid once) of a VPS on `plan` with `disk_class` and `services`."""
    base = next(d for d in DISK_CLASSES if d["id"] == PLAN_DISK_CLASS)
    extra_per_gb = Decimal(disk_class["price_per_gb"]) - Decimal(base["price_per_gb"])
    monthly = Decimal(str(plan["price"])) + extra_per_gb * _gb(plan["disk"])
    once = Decimal(0)
    for service, count in services:
        if service["billing_type"] == "periodic":
            monthly += Decimal(service["price"]) * count
        else:
            once += Decimal(service["price"]) * count
    return monthly.quantize(Decimal("0.01")), once.quantize(Decimal("0.01"))


def create(world: World, account: Account, body: dict[str, Any]) -> str:
    if account.key in ORDERING_OFF_KEYS:
        raise ApiError(403, ORDERING_OFF)
    location = str(body.get("location") or "").strip()
    if not location:
        raise field_error("location", "This field is required.")
    if location not in shapes.LOCATIONS:
        raise field_error("location", f'"{location[:20]}" is not a valid choice.')
    if body.get("configuration") not in (None, ""):
        raise field_error("configuration", "A custom configuration is not offered here.")
    tariff = _pk(body, "tariff")
    if tariff is None:
        raise field_error("tariff", "Choose a plan (tariff) or a configuration.")
    plan = next((p for p in VPS_PLANS if p["id"] == tariff), None)
    if plan is None:
        raise _invalid("tariff", tariff)
    chosen = {name: _pk(body, name) for name in ("template", "app", "snapshot")}
    chosen = {name: value for name, value in chosen.items() if value is not None}
    if len(chosen) != 1:
        raise FieldErrors({"non_field_errors": ["Give exactly one of template, app or snapshot."]})
    ((source, source_id),) = chosen.items()
    known = {
        "template": [t[0] for t in TEMPLATES],
        "app": [a[0] for a in APPS],
        "snapshot": [s["id"] for s in snapshots(world, account)],
    }[source]
    if source_id not in known:
        raise _invalid(source, source_id)
    disk_id = _pk(body, "disk_class") or PLAN_DISK_CLASS
    disk_class = next((d for d in DISK_CLASSES if d["id"] == disk_id), None)
    if disk_class is None:
        raise _invalid("disk_class", disk_id)
    services = _services(body.get("services"))
    keys = _keys(account, body.get("ssh_keys"))
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 25):
        raise field_error("name", "Ensure this field has no more than 25 characters.")
    monthly, once = price(plan, disk_class, services)
    if Decimal(str(account.balance)) < monthly + once:
        raise ApiError(400, NOT_ENOUGH)
    account.balance = float(Decimal(str(account.balance)) - monthly - once)
    number = 1 + max(
        (int(o.id.split("-")[-1]) for o in account.orders.values() if o.id.startswith("34-")),
        default=190000,
    )
    order_id = f"34-{number}"
    account.orders[order_id] = Order(
        id=order_id,
        type="vps",
        name=(name or "").strip() or f"vps-{number}",
        hostname="",
        status="pending",
        tariff=plan["name"],
        tariff_id=plan["id"],
        tariff_price=plan["price"],
        cost_month=float(monthly),
        expiration=world.clock.wall() + timedelta(days=30),
        power="off",
        ssh_keys=keys,
        ready_at=world.clock.now() + world.job_seconds,
    )
    return order_id


def _services(raw: Any) -> list[tuple[dict[str, Any], int]]:
    if raw in (None, "", []):
        return []
    if not isinstance(raw, list):
        raise field_error("services", 'Expected a list of items but got type "str".')
    found = []
    for item in raw:
        if not isinstance(item, dict):
            raise field_error("services", "Invalid data. Expected a dictionary.")
        service_id = _pk(item, "service")
        service = next((s for s in SERVICES if s["id"] == service_id), None)
        if service is None:
            raise _invalid("services", service_id)
        count = _pk(item, "count") or 1
        if count < 1:
            raise field_error("services", "Ensure this value is greater than or equal to 1.")
        found.append((service, count))
    return found


def _keys(account: Account, raw: Any) -> list[int]:
    if raw in (None, "", []):
        return []
    if not isinstance(raw, list):
        raise field_error("ssh_keys", 'Expected a list of items but got type "str".')
    keys = []
    for item in raw:
        try:
            key_id = int(item)
        except (TypeError, ValueError):
            raise field_error("ssh_keys", "A valid integer is required.") from None
        if key_id not in account.ssh_keys:
            raise _invalid("ssh_keys", key_id)
        keys.append(key_id)
    return keys


def settle(world: World) -> None:
    """Bring up the new VPSs whose time has come (called with the application lock held)."""
    now = world.clock.now()
    for account in world.accounts.values():
        for order in account.orders.values():
            if order.ready_at is None or now < order.ready_at:
                continue
            order.ready_at = None
            if order.status != "pending":
                continue
            number = int(order.id.split("-")[-1])
            order.status = "active"
            order.power = "on"
            order.hostname = f"srv-{number}.fornex.org"
            order.ips = [f"185.{(number >> 16) % 256}.{(number >> 8) % 256}.{number % 256 or 1}"]
