"""The v2 sandbox's S3 storage orders, order names and tags (``orders_partial_update``).

Rules, for the panel's tests:

- Each Northwind key has two S3 orders (``664-7``, ``664-9``), Blue Harbor one (``664-12``).
  Their access and secret keys are drawn from the seed, so they are the same after a reset. They
  are listed under ``/orders/s3/`` only (the sandbox's ``/orders/`` lists the other orders).
- ``space_used`` is in GB; the notification threshold (``space_warning_notify_gb``) is a whole
  number of GB, 0 or more, kept on the order (the spec has no way to read it back).
- ``PATCH /orders/{id}/`` changes ``name`` (1 to 64 characters) and ``tags`` (a list of non-empty
  strings, replacing the old ones) of any order, S3 orders included. ``project`` may only be
  null here: the sandbox has no projects, so any other value is an unknown project.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fornexpanel.sandbox import state
from fornexpanel.sandbox.models import Account, World, format_iso
from fornexpanel.sandbox.v2_http import ORDER, Request, route
from fornexpanel.sandbox.v2_state import FieldErrors, field_error, listed_orders
from fornexpanel.sandbox.validation import ApiError

S3_HOST = "s3.fornex.com"


@dataclass
class S3Order:
    id: str
    name: str
    access_key: str
    secret_key: str
    bucket_suffix: str
    space_used: int  # GB
    cost_month: float
    expiration: datetime
    tags: list[str] = field(default_factory=list)
    cancel_mark: bool = False
    notify_gb: int = 0

    @property
    def bucket_name(self) -> str:
        # Fornex names the bucket after the access key, as the spec's example shows.
        return f"{self.access_key}.{self.bucket_suffix}"


# account slug -> (id, name, bucket suffix, GB used, monthly cost, days until expiration, tags)
S3_PROFILES: dict[str, tuple[tuple[str, str, str, int, float, int, tuple[str, ...]], ...]] = {
    "northwind": (
        ("664-7", "backups", "main", 18, 4.0, 40, ("backups",)),
        ("664-9", "media", "media", 153, 9.0, 12, ("web", "production")),
    ),
    "blueharbor": (("664-12", "assets", "main", 3, 2.0, 70, ()),),
}


def seed_s3(world: World) -> None:
    """Give each seeded account its S3 orders (each account's own random stream)."""
    for account in world.accounts.values():
        rng = random.Random(f"{world.seed}:{account.username}:s3")
        for order_id, name, suffix, used, cost, days, tags in S3_PROFILES.get(account.username, ()):
            account.s3_orders[order_id] = S3Order(
                id=order_id,
                name=name,
                access_key=f"{account.username}.{rng.randbytes(5).hex()}",
                secret_key="".join(
                    rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                    for _ in range(32)
                ),
                bucket_suffix=suffix,
                space_used=used,
                cost_month=cost,
                expiration=world.anchor + timedelta(days=days, hours=rng.randint(0, 23)),
                tags=list(tags),
            )


def s3_shape(order: S3Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "name": order.name,
        "hostname": S3_HOST,
        "access_key": order.access_key,
        "secret_key": order.secret_key,
        "bucket_name": order.bucket_name,
        "space_used": order.space_used,
        "cost_month": order.cost_month,
        "expiration_date": format_iso(order.expiration),
        "tags": list(order.tags),
        "cancel_mark": order.cancel_mark,
        "project": None,
    }


def _s3(account: Account, order_id: str) -> S3Order:
    order = account.s3_orders.get(order_id)
    if order is None:
        raise ApiError(404, "Not found")
    return order


@route("GET", r"/api/orders/s3/")
def s3_list(req: Request) -> dict:
    orders = listed_orders(req.query, list(req.me.s3_orders.values()))
    return req.page([s3_shape(o) for o in orders])


@route("GET", rf"/api/orders/s3/{ORDER}/")
def s3_detail(req: Request, order_id: str) -> dict:
    return s3_shape(_s3(req.me, order_id))


@route("PUT", rf"/api/orders/s3/{ORDER}/notification_threshold/")
def s3_notification_threshold(req: Request, order_id: str) -> dict:
    order = _s3(req.me, order_id)
    raw = req.body.get("space_warning_notify_gb")
    if raw is None or raw == "":
        raise field_error("space_warning_notify_gb", "This field is required.")
    if isinstance(raw, bool) or isinstance(raw, float) and not raw.is_integer():
        raise field_error("space_warning_notify_gb", "A valid integer is required.")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise field_error("space_warning_notify_gb", "A valid integer is required.") from None
    if value < 0:
        raise field_error(
            "space_warning_notify_gb", "Ensure this value is greater than or equal to 0."
        )
    if value > 2147483647:
        raise field_error(
            "space_warning_notify_gb", "Ensure this value is less than or equal to 2147483647."
        )
    order.notify_gb = value
    return {"space_warning_notify_gb": value}


def _tags(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        raise field_error("tags", f'Expected a list of items but got type "{type(raw).__name__}".')
    errors: dict[str, list[str]] = {}
    for index, tag in enumerate(raw):
        if not isinstance(tag, str):
            errors[str(index)] = ["Not a valid string."]
        elif not tag.strip():
            errors[str(index)] = ["This field may not be blank."]
        elif len(tag) > 64:
            errors[str(index)] = ["Ensure this field has no more than 64 characters."]
    if errors:
        raise FieldErrors({"tags": [f"{k}: {' '.join(v)}" for k, v in errors.items()]})
    return list(dict.fromkeys(tag.strip() for tag in raw))


@route("PATCH", rf"/api/orders/{ORDER}/")
def order_partial_update(req: Request, order_id: str) -> dict:
    target: Any = req.me.s3_orders.get(order_id) or state.get_order(req.me, order_id)
    changes: dict[str, Any] = {}
    if "name" in req.body:
        name = req.body["name"]
        if not isinstance(name, str):
            raise field_error("name", "Not a valid string.")
        if len(name) > 64:
            raise field_error("name", "Ensure this field has no more than 64 characters.")
        changes["name"] = name.strip()  # "" removes the name, as the spec's description says
    if "tags" in req.body:
        changes["tags"] = _tags(req.body["tags"])
    if "project" in req.body and req.body["project"] not in (None, ""):
        raise field_error("project", f'Invalid pk "{str(req.body["project"])[:20]}" - object does not exist.')  # fmt: skip
    for key, value in changes.items():
        setattr(target, key, value)
    return {"name": target.name, "tags": list(target.tags), "project": None}
