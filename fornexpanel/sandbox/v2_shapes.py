"""The JSON the v2 API answers, built from the same objects the legacy answers are built from.

Shapes follow the official spec's schemas (``openapi-v2.3.28.json``); where the sandbox's data
has no value for a required field, a plausible constant stands in (a plan's disk class, an
order's project). Dates and times are Moscow time; the v2 spec's own examples send naive ISO
timestamps for orders and domains and offset-aware ones for the job log, and so does this.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fornexpanel.sandbox import state
from fornexpanel.sandbox.catalogue import DEDICATED_BY_NAME, PLANS
from fornexpanel.sandbox.models import (
    MSK,
    Account,
    Domain,
    Job,
    Order,
    Record,
    SshKey,
    World,
    format_iso,
)
from fornexpanel.sandbox.v2_state import APPS, TEMPLATES, snapshots

# The v2 order statuses (OrderStatus); the legacy wording the seed uses maps onto them.
_STATUS = {"suspended": "disabled"}
LOCATIONS = {
    "DE": "Germany",
    "NL": "Netherlands",
    "FI": "Finland",
    "US": "United States",
    "RU": "Russia",
}


def iso_aware(moment: datetime) -> str:
    return moment.astimezone(MSK).isoformat(timespec="seconds")


def order(item: Order) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "tariff": item.tariff,
        "tariff_price": item.tariff_price,
        "type": item.type,
        "hostname": item.hostname,
        "ipaddress_set": list(item.ips),
        "status": _STATUS.get(item.status, item.status),
        "cost_month": item.cost_month,
        "expiration_date": format_iso(item.expiration),
        "tags": list(item.tags),
        "cancel_mark": item.cancel_mark,
        "project": dict(item.project) if item.project is not None else None,
    }


def log_entry(world: World, job: Job) -> dict[str, Any]:
    done = state.job_done(world, job)
    return {
        "pk": job.pk,
        "action": job.kind.action,
        "note": job.kind.note,
        "user": job.user,
        "time": iso_aware(job.created_at),
        "completed": done,
        "job_state": "done" if done else "ready",
        "job_action": job.job_action,
    }


def ssh_key(account: Account, key: SshKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "user": account.username,
        "key": key.key,
        "title": key.title,
        "date": iso_aware(datetime.combine(key.created, datetime.min.time(), MSK)),
        "default": False,
    }


def entry(record: Record) -> dict[str, Any]:
    return {
        "id": record.id,
        "host": record.host,
        "type": record.type,
        "prio": record.prio,
        "value": record.value,
        "ttl": record.ttl,
    }


def domain(item: Domain) -> dict[str, Any]:
    return {
        "name": item.name,
        "created": format_iso(item.created),
        "updated": format_iso(item.updated),
        "tags": list(item.tags),
        "entry_set": [entry(record) for record in item.records.values()],
    }


def webhook(account: Account) -> dict[str, Any]:
    # `url` is not nullable in v2: no webhook is "".
    return {"url": account.webhook_url or "", "last_error_date": None, "last_error_message": None}


# Plans: the legacy catalogues in the v2 spec's shapes ------------------------------------------

_DISK_CLASS = {
    "id": 1,
    "name": "NVMe",
    "limit_total_mbytes_sec": 500,
    "limit_read_iops_sec": 20000,
    "limit_write_iops_sec": 10000,
    "price_per_gb": "0.1000",
    "disk_type": "nvme",
    "disk_type_display": "NVMe",
}


def plans(kind: str) -> list[dict[str, Any]]:
    if kind == "backups":
        return [{"space": p["space"], "price": p["price"], "units": "GB"} for p in PLANS[kind]]
    if kind == "vps":
        return [{**p, "disk_class": dict(_DISK_CLASS)} for p in PLANS[kind]]
    if kind == "dedicated":
        return [
            {
                "id": p["id"],
                "name": p["name"],
                "cpu_model": p["cpu_model"],
                "cpu_count": p["cpu_count"],
                "ram": p["ram"],
                "disk": p["disk"],
                "bandwidth": p["bandwidth"],
                "price": p["price"],
                "locations": [[p["location"], LOCATIONS.get(p["location"], p["location"])]],
            }
            for p in PLANS[kind]
        ]
    # hosting: v2 sizes storage in GB (the legacy catalogue in MB) and has no mail/db counts.
    return [
        {
            "id": p["id"],
            "name": p["name"],
            "sites": p["sites"],
            "price": p["price"],
            "cpu_cores": p["cpu_cores"],
            "hdd_space": p["hdd_space"] // 1000,
            "available_locations": list(p["available_locations"]),
        }
        for p in PLANS["hosting"]
    ]


def ds_traffic_used(answer: dict[str, Any]) -> dict[str, Any]:
    # The v2 schema has whole bytes where the legacy answer has floats.
    return {**answer, "limit": int(answer["limit"]), "used": int(answer["used"])}


# Reinstall options ---------------------------------------------------------------------------


def templates() -> list[dict[str, Any]]:
    return [
        {
            "id": tid,
            "name": name,
            "os": os_name,
            "panel": panel,
            "arch": "x86_64",
            "min_storage_space": disk,
            "min_ram_volume": ram,
            "min_cpu_cores": cores,
        }
        for tid, name, os_name, panel, disk, ram, cores in TEMPLATES
    ]


def apps() -> list[dict[str, Any]]:
    return [{"id": aid, "name": name, "os": os_name} for aid, name, os_name in APPS]


def snapshot_list(world: World, account: Account) -> list[dict[str, Any]]:
    return [
        {
            "id": snap["id"],
            "name": snap["name"],
            "size_gb": snap["size_gb"],
            "created_at": iso_aware(snap["created_at"]),
        }
        for snap in snapshots(world, account)
    ]


def reinstall_started(display: str, when: datetime) -> dict[str, Any]:
    return {"display_name": display, "status": "new", "date": iso_aware(when)}


# IP addresses --------------------------------------------------------------------------------


def _location(item: Order) -> str:
    plan = DEDICATED_BY_NAME.get(item.tariff)
    return plan["location"] if plan else "DE"


def ip_addresses(account: Account) -> list[dict[str, Any]]:
    """Every address of the account's orders; ids follow the orders, so they are stable."""
    found = []
    for item in account.orders.values():
        for index, address in enumerate(item.ips):
            code = _location(item)
            found.append(
                {
                    "id": len(found) + 1,
                    "ip": address,
                    "location": {
                        "value": code,
                        "label": LOCATIONS[code],
                        "icon": f"https://fornex.com/static/flags/{code.lower()}.svg",
                    },
                    "rdns": item.hostname if index == 0 else "",
                    "order": {
                        "id": int(item.id.split("-")[-1]),
                        "name": item.name,
                        "type": item.type,
                        "link": f"https://fornex.com/my/orders/{item.id}/",
                        "unique_number": item.id,
                    },
                }
            )
    return found
