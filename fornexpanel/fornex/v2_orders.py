"""Ordering a VPS and reading the per-type order details: the v2 operations under /orders/vps/
and /orders/ds/ (spec tags "VPS: Create", "Orders").

`orders_vps_create` is a POST that spends money: never retried by the client. Fornex switches it
off by default for an account (its support switches it on) and refuses an order the balance
cannot pay for; both come back as the client's error types with Fornex's own words.

The catalogues are plain arrays in the spec (no pagination); the order lists are paginated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import v2_parse
from .legacy import _seg
from .order_types import (
    ServerConfiguration,
    ServerOrder,
    VpsDiskClass,
    VpsLocation,
    VpsOrderCreated,
    VpsService,
)
from .shape import ident, integer, money, obj, string, strings
from .types import ReinstallOption
from .v2_base import V2Plumbing, _int, _many

NAME_MAX = 25  # VpsOrderCreateRequest.name


class V2OrdersMixin(V2Plumbing):
    # Orders by type

    def orders_vps_list(self) -> tuple[ServerOrder, ...]:
        return self._list("orders_vps_list", "/orders/vps/", server_order)

    def orders_ds_list(self) -> tuple[ServerOrder, ...]:
        return self._list("orders_ds_list", "/orders/ds/", server_order)

    def orders_vps_retrieve(self, order_id: str) -> ServerOrder:
        path = f"/orders/vps/{_seg(order_id, 'order_id')}/"
        return self._get("orders_vps_retrieve", path, server_order)

    def orders_ds_retrieve(self, order_id: str) -> ServerOrder:
        path = f"/orders/ds/{_seg(order_id, 'order_id')}/"
        return self._get("orders_ds_retrieve", path, server_order)

    # What a new VPS can be made of

    def orders_vps_templates(self) -> tuple[ReinstallOption, ...]:
        parse = _many(v2_parse.reinstall_option("template"))
        return self._get("orders_vps_templates", "/orders/vps/templates/", parse)

    def orders_vps_apps(self) -> tuple[ReinstallOption, ...]:
        parse = _many(v2_parse.reinstall_option("app"))
        return self._get("orders_vps_apps", "/orders/vps/apps/", parse)

    def orders_vps_snapshots(self) -> tuple[ReinstallOption, ...]:
        parse = _many(v2_parse.reinstall_option("snapshot"))
        return self._get("orders_vps_snapshots", "/orders/vps/snapshots/", parse)

    def orders_vps_locations(self) -> tuple[VpsLocation, ...]:
        return self._get("orders_vps_locations", "/orders/vps/locations/", _many(vps_location))

    def orders_vps_disks(self) -> tuple[VpsDiskClass, ...]:
        return self._get("orders_vps_disks", "/orders/vps/disks/", _many(vps_disk_class))

    def orders_vps_services(self) -> tuple[VpsService, ...]:
        return self._get("orders_vps_services", "/orders/vps/services/", _many(vps_service))

    def orders_vps_create(
        self,
        *,
        location: str,
        tariff: int,
        template: int | None = None,
        app: int | None = None,
        snapshot: int | None = None,
        disk_class: int | None = None,
        services: Mapping[int, int] | None = None,
        ssh_keys: Iterable[int] = (),
        name: str = "",
    ) -> VpsOrderCreated:
        """Order a VPS on plan `tariff` in `location`, installed from exactly one of `template`,
        `app` or `snapshot`; `services` maps an extra service's id to its count. Paid from the
        balance at once. Never retried."""
        body = order_body(
            location=location,
            tariff=tariff,
            template=template,
            app=app,
            snapshot=snapshot,
            disk_class=disk_class,
            services=services,
            ssh_keys=ssh_keys,
            name=name,
        )
        created = self._write("orders_vps_create", "POST", "/orders/vps/", vps_order_created, body)
        assert created is not None
        return created


def order_body(
    *,
    location: str,
    tariff: int,
    template: int | None,
    app: int | None,
    snapshot: int | None,
    disk_class: int | None,
    services: Mapping[int, int] | None,
    ssh_keys: Iterable[int],
    name: str,
) -> dict[str, Any]:
    """The JSON body of `orders_vps_create`, checked before anything is sent."""
    if not isinstance(location, str) or not location.strip():
        raise ValueError("location is required")
    chosen = {
        key: _int(value, key)
        for key, value in (("template", template), ("app", app), ("snapshot", snapshot))
        if value is not None
    }
    if len(chosen) != 1:
        raise ValueError("give exactly one of template, app or snapshot")
    body: dict[str, Any] = {"location": location.strip(), "tariff": _int(tariff, "tariff")}
    body.update(chosen)
    if disk_class is not None:
        body["disk_class"] = _int(disk_class, "disk_class")
    extras = []
    for service, count in (services or {}).items():
        amount = _int(count, "service count")
        if amount < 1:
            raise ValueError("a service count must be at least 1")
        extras.append({"service": _int(service, "service"), "count": amount})
    if extras:
        body["services"] = extras
    keys = [_int(key, "ssh key") for key in ssh_keys]
    if keys:
        body["ssh_keys"] = keys
    name = (name or "").strip()
    if name:
        if len(name) > NAME_MAX:
            raise ValueError(f"name must be at most {NAME_MAX} characters")
        body["name"] = name
    return body


# Parsing -------------------------------------------------------------------------------------


def _optional_int(d: Mapping[str, Any], key: str) -> int | None:
    return integer(d, key, optional=True)


def configuration(data: Any) -> ServerConfiguration:
    if data is None:
        return ServerConfiguration()
    d = obj(data, "field 'configuration'")
    freq = d.get("min_cpu_freq")
    if freq is not None and (isinstance(freq, bool) or not isinstance(freq, str | int | float)):
        freq = None
    ram = _optional_int(d, "ram_size")
    return ServerConfiguration(
        cpu_count=_optional_int(d, "cpu_count"),
        ram_gb=ram if ram is not None else _optional_int(d, "memory"),
        disk_gb=_optional_int(d, "disk_size"),
        cpu_arch=string(d, "cpu_arch", optional=True) or None,
        min_cpu_freq=None if freq is None else str(freq),
        cpu=string(d, "cpu", optional=True) or None,
        motherboard=string(d, "motherboard", optional=True) or None,
        chassis=string(d, "chassis", optional=True) or None,
        raid_controller=string(d, "raid_controller", optional=True) or None,
        network_adapter=string(d, "network_adapter", optional=True) or None,
        bandwidth=_optional_int(d, "bandwidth"),
        disks=string(d, "disks", optional=True) or None,
    )


def server_order(data: Any) -> ServerOrder:
    details = v2_parse.order_details(data)
    d = obj(data, "order")
    fields = {name: getattr(details, name) for name in details.__dataclass_fields__}
    return ServerOrder(**fields, configuration=configuration(d.get("configuration")))


def vps_location(data: Any) -> VpsLocation:
    d = obj(data, "location")
    disabled = any(
        d.get(flag) is True
        for flag in ("disabled_by_slots", "disabled_by_cpu_freq", "disabled_by_os")
    )
    return VpsLocation(
        code=ident(d, "value"),
        label=string(d, "label"),
        os_types=strings(d, "location_os_types"),
        available=not disabled,
    )


def vps_disk_class(data: Any) -> VpsDiskClass:
    d = obj(data, "disk class")
    return VpsDiskClass(
        id=integer(d, "id"),
        name=string(d, "name"),
        price_per_gb=money(d, "price_per_gb"),
        disk_type=string(d, "disk_type", optional=True) or None,
        disk_type_display=string(d, "disk_type_display", optional=True) or "",
        limit_total_mbytes_sec=_optional_int(d, "limit_total_mbytes_sec"),
        limit_read_iops_sec=_optional_int(d, "limit_read_iops_sec"),
        limit_write_iops_sec=_optional_int(d, "limit_write_iops_sec"),
    )


def vps_service(data: Any) -> VpsService:
    d = obj(data, "service")
    return VpsService(
        id=integer(d, "id"),
        name=string(d, "name"),
        description=string(d, "description", optional=True) or "",
        price=money(d, "price"),
        billing_type=string(d, "billing_type"),
    )


def vps_order_created(data: Any) -> VpsOrderCreated:
    return VpsOrderCreated(order_id=ident(obj(data), "order_id"))


__all__ = ["V2OrdersMixin"]
