"""Typed results of ordering a server and of the per-type order details (v2 only).

Kept apart from `types.py` so that the ordering operations (`v2_orders.py`) read as one unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .types import OrderDetails


@dataclass(frozen=True)
class ServerConfiguration:
    """What a server is made of. VPS orders give cores, RAM, disk and CPU architecture; dedicated
    servers give the hardware's names. A field the order's type does not have is None."""

    cpu_count: int | None = None
    ram_gb: int | None = None  # VPS `ram_size`, dedicated `memory`
    disk_gb: int | None = None  # VPS only
    cpu_arch: str | None = None  # VPS only
    min_cpu_freq: str | None = None  # VPS only, GHz as Fornex writes it ("3.0")
    cpu: str | None = None  # dedicated only: "Intel Xeon Silver 4110 (8×2.1Ghz)"
    motherboard: str | None = None
    chassis: str | None = None
    raid_controller: str | None = None
    network_adapter: str | None = None
    bandwidth: int | None = None  # Mbit/s
    disks: str | None = None  # dedicated only, as Fornex words it


@dataclass(frozen=True)
class ServerOrder(OrderDetails):
    """A VPS or dedicated server order with its configuration (orders_vps_* / orders_ds_*)."""

    configuration: ServerConfiguration


@dataclass(frozen=True)
class VpsLocation:
    code: str  # what `orders_vps_create(location=...)` takes: "DE"
    label: str
    os_types: tuple[str, ...]
    available: bool  # False when Fornex marks the location disabled (no slots, ...)


@dataclass(frozen=True)
class VpsDiskClass:
    id: int
    name: str
    price_per_gb: Decimal  # per GB and month
    disk_type: str | None  # "ssd", "nvme", "hdd", "sas"
    disk_type_display: str
    limit_total_mbytes_sec: int | None
    limit_read_iops_sec: int | None
    limit_write_iops_sec: int | None


@dataclass(frozen=True)
class VpsService:
    id: int
    name: str
    description: str
    price: Decimal
    billing_type: str  # "periodic" (monthly) or "single" (once)

    @property
    def monthly(self) -> bool:
        return self.billing_type == "periodic"


@dataclass(frozen=True)
class VpsOrderCreated:
    order_id: str
