"""The five plan catalogues as tables: which columns each has, what sorts and filters fit it.

Fornex sends sizes as text ("16 GB", "4 × 300 GB SAS 15k"); they are read into numbers here so
that the tables sort and filter by size rather than alphabetically.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from fornexpanel.fornex import (
    BackupPlan,
    DedicatedPlan,
    FornexClient,
    HostingPlan,
    VpnPlan,
    VpsPlan,
)

_UNITS = {"mb": Decimal("0.001"), "gb": Decimal(1), "tb": Decimal(1000), "pb": Decimal(1000000)}
_SIZE = re.compile(r"(?:(\d+)\s*[×x*]\s*)?(\d+(?:[.,]\d+)?)\s*([mgtp]b)", re.IGNORECASE)
_CORES = re.compile(r"\((\d+)\s*[×x*]")


def size_gb(text: str | None) -> Decimal | None:
    """Gigabytes in "16 GB", "1 TB", "4 × 300 GB SAS 15k" (1200), "2 × 1.92 TB NVMe" (3840)."""
    if not text:
        return None
    match = _SIZE.search(text)
    if match is None:
        return None
    count, number, unit = match.groups()
    try:
        amount = Decimal(number.replace(",", "."))
    except InvalidOperation:
        return None
    return (amount * _UNITS[unit.lower()] * int(count or 1)).normalize()


def cores(cpu_model: str, cpu_count: int) -> int:
    """Cores of a dedicated server: "(8×2.1Ghz)" in the model name, times the CPU count."""
    match = _CORES.search(cpu_model or "")
    return int(match.group(1)) * max(cpu_count, 1) if match else max(cpu_count, 1)


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    sortable: bool = True
    numeric: bool = False
    best: str = ""  # "min" or "max": the better end, highlighted in the comparison
    unit: str = ""  # of the number the column sorts and filters by (cells may show Fornex's text)


@dataclass(frozen=True)
class Catalogue:
    kind: str
    title: Any
    icon: str
    fetch: Callable[[FornexClient], tuple]
    row: Callable[[Any], dict[str, Any]]
    columns: tuple[Column, ...]
    # Filters: "location", "type" (choices from the data), "<column>_min", "price_max", "q".
    filters: tuple[str, ...] = field(default=())
    default_sort: str = "price"


def _vps_row(plan: VpsPlan) -> dict[str, Any]:
    return {
        "key": str(plan.id),
        "name": plan.name,
        "cpu": plan.cpu_count,
        "ram": size_gb(plan.ram),
        "ram_text": plan.ram,
        "disk": size_gb(plan.disk),
        "disk_text": plan.disk,
        "bandwidth": plan.bandwidth,
        "price": plan.price,
        "locations": (),
    }


def _dedicated_row(plan: DedicatedPlan) -> dict[str, Any]:
    return {
        "key": str(plan.id),
        "name": plan.name,
        "cpu_model": plan.cpu_model,
        "cpu": cores(plan.cpu_model, plan.cpu_count),
        "ram": size_gb(plan.ram),
        "ram_text": plan.ram,
        "disk": size_gb(plan.disk),
        "disk_text": plan.disk,
        "bandwidth": plan.bandwidth,
        "location": plan.location or "",
        "locations": (plan.location,) if plan.location else (),
        "price": plan.price,
    }


def _vpn_row(plan: VpnPlan) -> dict[str, Any]:
    return {
        "key": str(plan.id),
        "name": plan.type,
        "type": plan.type,
        "locations": plan.available_locations,
        "location_count": len(plan.available_locations),
        "price": plan.price,
    }


def _hosting_row(plan: HostingPlan) -> dict[str, Any]:
    return {
        "key": str(plan.id),
        "name": plan.name,
        "sites": plan.sites,
        # hdd_space is a number with no unit in the API; Fornex's hosting plans are sized in MB.
        "disk": plan.hdd_space,
        "disk_text": f"{plan.hdd_space} MB" if plan.hdd_space is not None else None,
        "cpu": plan.cpu_cores,
        "databases": plan.databases,
        "mailboxes": plan.mailboxes,
        "mail_domains": plan.mail_domains,
        "locations": plan.available_locations,
        "price": plan.price,
    }


def _backup_row(plan: BackupPlan) -> dict[str, Any]:
    space = size_gb(f"{plan.space} {plan.units}") or Decimal(plan.space)
    return {
        # Backup plans carry no id: their size names them.
        "key": f"{plan.space}{plan.units}",
        "name": f"{plan.space} {plan.units}",
        "space": space,
        "space_text": f"{plan.space} {plan.units}",
        "price": plan.price,
        "per_gb": (plan.price / space).quantize(Decimal("0.001")) if space else None,
        "locations": (),
    }


PRICE = Column("price", _("Price a month"), numeric=True, best="min")

CATALOGUES: dict[str, Catalogue] = {
    catalogue.kind: catalogue
    for catalogue in (
        Catalogue(
            kind="vps",
            title=_("VPS"),
            icon="bi-hdd-stack",
            fetch=lambda client: client.plans_vps(),
            row=_vps_row,
            columns=(
                Column("name", _("Plan")),
                Column("cpu", _("CPU cores"), numeric=True, best="max"),
                Column("ram", _("RAM"), numeric=True, best="max", unit="GB"),
                Column("disk", _("Disk"), numeric=True, best="max", unit="GB"),
                Column("bandwidth", _("Bandwidth"), sortable=False),
                PRICE,
            ),
            filters=("q", "cpu_min", "ram_min", "disk_min", "price_max"),
        ),
        Catalogue(
            kind="dedicated",
            title=_("Dedicated servers"),
            icon="bi-server",
            fetch=lambda client: client.plans_dedicated(),
            row=_dedicated_row,
            columns=(
                Column("name", _("Plan")),
                Column("cpu_model", _("Processor"), sortable=False),
                Column("cpu", _("CPU cores"), numeric=True, best="max"),
                Column("ram", _("RAM"), numeric=True, best="max", unit="GB"),
                Column("disk", _("Disk"), numeric=True, best="max", unit="GB"),
                Column("bandwidth", _("Bandwidth"), sortable=False),
                Column("location", _("Location")),
                PRICE,
            ),
            filters=("q", "location", "cpu_min", "ram_min", "disk_min", "price_max"),
        ),
        Catalogue(
            kind="vpn",
            title=_("VPN"),
            icon="bi-shield-lock",
            fetch=lambda client: client.plans_vpn(),
            row=_vpn_row,
            columns=(
                Column("type", _("Type")),
                Column("location_count", _("Locations"), numeric=True, best="max"),
                PRICE,
            ),
            filters=("location", "type", "price_max"),
        ),
        Catalogue(
            kind="hosting",
            title=_("Hosting"),
            icon="bi-globe",
            fetch=lambda client: client.plans_hosting(),
            row=_hosting_row,
            columns=(
                Column("name", _("Plan")),
                Column("sites", _("Sites"), numeric=True, best="max"),
                Column("disk", _("Disk"), numeric=True, best="max", unit="MB"),
                Column("cpu", _("CPU cores"), numeric=True, best="max"),
                Column("databases", _("Databases"), numeric=True, best="max"),
                Column("mailboxes", _("Mailboxes"), numeric=True, best="max"),
                Column("mail_domains", _("Mail domains"), numeric=True, best="max"),
                Column("locations", _("Locations"), sortable=False),
                PRICE,
            ),
            filters=("q", "location", "sites_min", "disk_min", "price_max"),
        ),
        Catalogue(
            kind="backups",
            title=_("Backups"),
            icon="bi-archive",
            fetch=lambda client: client.plans_backups(),
            row=_backup_row,
            columns=(
                Column("space", _("Space"), numeric=True, best="max", unit="GB"),
                PRICE,
                Column("per_gb", _("Price per GB"), numeric=True, best="min"),
            ),
            filters=("space_min", "price_max"),
        ),
    )
}
KINDS = tuple(CATALOGUES)


def catalogue_for(kind: str) -> Catalogue | None:
    return CATALOGUES.get(kind)


def rows_for(catalogue: Catalogue, plans: tuple) -> list[dict[str, Any]]:
    return [catalogue.row(plan) for plan in plans]


def choices_for(rows: list[dict[str, Any]], name: str) -> list[str]:
    """The locations (or types) present in the data, for the filter's drop-down."""
    if name == "location":
        return sorted({location for row in rows for location in row.get("locations", ())})
    return sorted({str(row[name]) for row in rows if row.get(name)})


def apply_filters(rows: list[dict[str, Any]], values: dict[str, Any]) -> list[dict[str, Any]]:
    """Keep the rows that pass every filter given (empty values are ignored)."""
    kept = rows
    for name, value in values.items():
        if value in (None, ""):
            continue
        if name == "q":
            needle = str(value).casefold()
            kept = [row for row in kept if needle in str(row.get("name", "")).casefold()]
        elif name == "location":
            kept = [row for row in kept if value in row.get("locations", ())]
        elif name == "type":
            kept = [row for row in kept if row.get("type") == value]
        elif name == "price_max":
            kept = [row for row in kept if row["price"] <= value]
        elif name.endswith("_min"):
            column = name.removesuffix("_min")
            kept = [row for row in kept if row.get(column) is not None and row[column] >= value]
    return kept


def sort_rows(
    catalogue: Catalogue, rows: list[dict[str, Any]], sort: str
) -> tuple[list[dict[str, Any]], str]:
    """Rows sorted by `sort` ("price", "-ram"...); an unknown column falls back to the default.

    Returns the rows and the sort actually applied. Missing values sort last either way.
    """
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    sortable = {column.key for column in catalogue.columns if column.sortable}
    if key not in sortable:
        key, descending = catalogue.default_sort, False
    present = [row for row in rows if row.get(key) is not None]
    missing = [row for row in rows if row.get(key) is None]

    def value(row: dict[str, Any]) -> Any:
        item = row[key]
        return item.casefold() if isinstance(item, str) else item

    present.sort(key=lambda row: (value(row), str(row.get("name", ""))), reverse=descending)
    return present + missing, f"-{key}" if descending else key


def compare(
    catalogue: Catalogue, rows: list[dict[str, Any]], keys: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The chosen plans side by side: (plans, lines), each line a column with its values and
    which of them is the best."""
    chosen = [row for key in keys for row in rows if row["key"] == key]
    lines = []
    for column in catalogue.columns:
        values = [plan.get(column.key) for plan in chosen]
        best = None
        numbers = [item for item in values if isinstance(item, (int, Decimal))]
        if column.best and len(set(numbers)) > 1:
            best = max(numbers) if column.best == "max" else min(numbers)
        lines.append(
            {
                "column": column,
                "cells": [
                    {"value": item, "plan": plan, "best": best is not None and item == best}
                    for item, plan in zip(values, chosen, strict=True)
                ],
            }
        )
    return chosen, lines
