"""The panel's typed Fornex results in the JSON shapes of Fornex's v2 API (the official spec's
schemas), whatever dialect the connection speaks.

What the panel's reads do not carry is given as the spec's empty value: an order's `project`
(null), its `tags` on legacy connections ([]; v2's orders list has them) and, in the orders list,
its `cancel_mark` (false; the order detail reads the real one on v2 connections); an SSH key's
`default` (false). Legacy order statuses are
mapped onto v2's (`suspended` is `disabled`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import Connection
from fornexpanel.fornex import Balance, DnsRecord, Domain, Order, SshKey
from operations.models import Operation

_ORDER_STATUS = {"suspended": "disabled"}
_JOB_STATE = {
    Operation.State.DONE: "done",
    Operation.State.FAILED: "error",
    Operation.State.UNKNOWN: "error",
}


def _time(moment: datetime | None) -> str:
    # Fornex's own answers: naive ISO times for orders and domains; "" where the panel has none.
    return moment.isoformat() if moment is not None else ""


def _money(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def entry(record: DnsRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "host": record.host,
        "type": record.type,
        "prio": record.prio,
        "value": record.value,
        "ttl": record.ttl,
    }


def domain(item: Domain, records: list[DnsRecord] | None = None) -> dict[str, Any]:
    return {
        "name": item.name,
        "created": _time(item.created),
        "updated": _time(item.updated),
        "tags": list(item.tags),
        "entry_set": [entry(record) for record in (item.records if records is None else records)],
    }


def order(item: Order) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name or "",
        "tariff": item.tariff or "",
        "tariff_price": _money(item.tariff_price),
        "type": item.type,
        "hostname": item.hostname,
        "ipaddress_set": list(item.ip_addresses),
        "status": _ORDER_STATUS.get(item.status, item.status),
        "cost_month": _money(item.cost_month),
        "expiration_date": _time(item.expiration_date),
        "tags": list(getattr(item, "tags", ())),
        "cancel_mark": bool(getattr(item, "cancel_mark", False)),
        "project": None,
    }


def ssh_key(key: SshKey, connection: Connection) -> dict[str, Any]:
    return {
        "id": key.id,
        "user": connection.account_email or connection.account_name or "",
        "key": key.key,
        "title": key.title,
        "date": key.date or "",
        "default": False,
    }


def balance(item: Balance) -> dict[str, Any]:
    return {"balance": float(item.amount), "currency": item.currency}


def log_entry_of_operation(op: Operation, *, action: str, label: str) -> dict[str, Any]:
    """A power action started through the panel, as Fornex's job log entry (`VpsLogEntry`).
    Its `pk` is the panel operation's: `log_details/<pk>/` on this API follows it."""
    return {
        "pk": op.pk,
        "action": label,
        "note": op.message or str(op.get_state_display()),
        "user": op.actor_name,
        "time": timezone.localtime(op.created_at, timezone.get_fixed_timezone(0)).isoformat(
            timespec="seconds"
        ),
        "completed": op.is_final,
        "job_state": _JOB_STATE.get(op.state, "ready"),
        "job_action": action,
    }
