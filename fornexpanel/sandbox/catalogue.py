"""The plan catalogues (``/api/plans/...``): the same for every account, keys as documented."""

from __future__ import annotations

from typing import Any


def _vps(plan_id: int, name: str, cpus: int, ram: int, disk: int, bw: str, price: float) -> dict:
    return {
        "bandwidth": bw,
        "cpu_count": cpus,
        "disk": f"{disk} GB",
        "id": plan_id,
        "name": name,
        "price": price,
        "ram": f"{ram} GB",
    }


VPS_PLANS: list[dict[str, Any]] = [
    _vps(433, "SSD Cloud 1GB", 1, 1, 10, "100 Mbit/s", 5.0),
    _vps(434, "SSD Cloud 2GB", 1, 2, 20, "100 Mbit/s", 9.0),
    _vps(435, "SSD Cloud 4GB", 2, 4, 40, "200 Mbit/s", 17.0),
    _vps(436, "SSD Cloud 8GB", 4, 8, 80, "200 Mbit/s", 33.0),
    _vps(437, "SSD Cloud 16GB", 6, 16, 160, "1 Gbit/s", 65.0),
    _vps(438, "SSD Cloud 32GB", 8, 32, 320, "1 Gbit/s", 129.0),
]


def _ds(plan_id: int, name: str, cpu: str, cpus: int, disk: str, ram: int, loc: str, price: float):
    return {
        "bandwidth": "1 Gbit/s",
        "cpu_model": cpu,
        "cpu_count": cpus,
        "disk": disk,
        "name": name,
        "id": plan_id,
        "price": price,
        "ram": f"{ram} GB",
        "location": loc,
    }


DEDICATED_PLANS: list[dict[str, Any]] = [
    _ds(
        101, "DS XeonSAS", "Intel Xeon E3-1270 (4×3.4Ghz)", 1, "4 × 300 GB SAS 15k", 16, "DE", 198.0
    ),
    _ds(
        102, "DS XeonNeon", "Intel Xeon E5-2620v4 (8×2.1Ghz)", 2, "2 × 960 GB SSD", 64, "NL", 249.0
    ),
    _ds(
        103,
        "DS HyperXeon",
        "Intel Xeon Gold 6226R (16×2.9Ghz)",
        2,
        "2 × 1.92 TB NVMe",
        128,
        "DE",
        389.0,
    ),
    _ds(104, "DS Ryzen", "AMD Ryzen 9 5950X (16×3.4Ghz)", 1, "2 × 1 TB NVMe", 64, "FI", 129.0),
    _ds(105, "DS Storage", "Intel Xeon E-2236 (6×3.4Ghz)", 1, "4 × 8 TB HDD", 32, "NL", 159.0),
]

VPN_PLANS: list[dict[str, Any]] = [
    {"available_locations": ["DE", "NL", "US", "RU"], "type": "dedicated", "id": 1, "price": 10.0},
    {"available_locations": ["DE", "NL", "FI"], "type": "shared", "id": 2, "price": 3.0},
    {"available_locations": ["DE", "US"], "type": "double", "id": 3, "price": 6.5},
]


def _hosting(plan_id: int, name: str, sites: int, disk: int, cores: int, price: float, locs):
    return {
        "available_locations": locs,
        "cpu_cores": cores,
        "databases": sites,
        "hdd_space": disk,
        "mail_domains": sites,
        "mailboxes": sites * 10,
        "name": name,
        "id": plan_id,
        "price": price,
        "sites": sites,
    }


HOSTING_PLANS: list[dict[str, Any]] = [
    _hosting(33, "VH-SSD-2", 2, 1000, 1, 1.0, ["DE", "RU"]),
    _hosting(34, "VH-SSD-5", 5, 5000, 1, 2.5, ["DE", "NL", "RU"]),
    _hosting(35, "VH-SSD-10", 10, 10000, 2, 4.0, ["DE", "NL"]),
    _hosting(36, "VH-SSD-25", 25, 25000, 4, 8.0, ["NL"]),
]

BACKUP_PLANS: list[dict[str, Any]] = [
    {"price": 3.0, "space": 100, "units": "Gb"},
    {"price": 4.5, "space": 150, "units": "Gb"},
    {"price": 6.0, "space": 200, "units": "Gb"},
    {"price": 12.0, "space": 500, "units": "Gb"},
    {"price": 22.0, "space": 1000, "units": "Gb"},
]

PLANS: dict[str, list[dict[str, Any]]] = {
    "vps": VPS_PLANS,
    "dedicated": DEDICATED_PLANS,
    "vpn": VPN_PLANS,
    "hosting": HOSTING_PLANS,
    "backups": BACKUP_PLANS,
}

VPS_BY_NAME = {plan["name"]: plan for plan in VPS_PLANS}
DEDICATED_BY_NAME = {plan["name"]: plan for plan in DEDICATED_PLANS}
