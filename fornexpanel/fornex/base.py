"""The dialect-independent client interface.

Callers (the provider gateway) depend only on FornexClient; each API dialect (legacy, v2)
subclasses it, says where the key goes and which paths are rights-scoped, and implements every
operation on top of the shared Transport.

The operations that only v2 offers (rescue mode, reinstall, order details and cancellation,
support tickets, IP addresses; S3 storage, names and tags in `storage.py`) have a default that
raises `Unsupported`, so a caller can offer them on any connection and tell the member which
dialect has them.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import ClassVar, Literal, NoReturn

import requests

from .errors import Unsupported
from .networks import NetworksDefaults
from .order_types import ServerOrder, VpsDiskClass, VpsLocation, VpsOrderCreated, VpsService
from .redaction import Secret
from .storage import StorageDefaults
from .transport import USER_AGENT, Auth, Transport
from .types import (
    AccountInfo,
    BackupPlan,
    Balance,
    DedicatedPlan,
    DnsRecord,
    Domain,
    DomainAdded,
    DsTraffic,
    DsTrafficUsed,
    HostingPlan,
    Invoices,
    IpAddress,
    LogEntry,
    Order,
    OrderCancelled,
    OrderDetails,
    PasswordReset,
    PowerJob,
    RecordAdded,
    ReinstallOption,
    ReinstallStarted,
    SshKey,
    TicketCreated,
    VpnPlan,
    VpsPlan,
    VpsStats,
    VpsStatus,
    WebhookInfo,
)

DEFAULT_BASE_URL = "https://fornex.com/api"

StatField = Literal["cpu", "memory", "traffic", "disk", "inodes", "io"]
STAT_FIELDS: tuple[str, ...] = ("cpu", "memory", "traffic", "disk", "inodes", "io")
VpnProto = Literal["udp", "tcp"]
CancelWhen = Literal["expired", "now"]


class FornexClient(NetworksDefaults, StorageDefaults, ABC):
    """One Fornex account seen through one API dialect. Not for sharing across threads."""

    dialect: ClassVar[str]
    # The statistics fields `vps_stat` offers on this dialect.
    stat_fields: ClassVar[tuple[str, ...]] = STAT_FIELDS
    # Operations the interface has that this dialect has no path for (they raise NoV2Equivalent).
    lacks: ClassVar[tuple[str, ...]] = ()
    # Where a 403 without a clear text means "no rights" rather than "bad key".
    rights_scoped_paths: ClassVar[tuple[str, ...]] = ()
    # The transport decodes answers: v2 reads DRF errors where legacy reads its `error` field.
    transport_class: ClassVar[type[Transport]] = Transport

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float | tuple[float, float] = (5, 30),
        retries: int = 2,
        backoff: float = 0.5,
        backoff_cap: float = 4.0,
        session: requests.Session | None = None,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = self.transport_class(
            api_key,
            base_url,
            self._auth,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            backoff_cap=backoff_cap,
            session=session,
            user_agent=user_agent,
            rights_scoped_paths=self.rights_scoped_paths,
            sleep=sleep,
        )

    @staticmethod
    @abstractmethod
    def _auth(key: Secret) -> Auth:
        """How this dialect authenticates requests."""

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> FornexClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Account and billing

    @abstractmethod
    def account_balance(self) -> Balance: ...

    @abstractmethod
    def account_info(self) -> AccountInfo: ...

    @abstractmethod
    def account_invoices(self) -> Invoices: ...

    @abstractmethod
    def orders_list(self) -> tuple[Order, ...]: ...

    @abstractmethod
    def plans_backups(self) -> tuple[BackupPlan, ...]: ...

    @abstractmethod
    def plans_dedicated(self) -> tuple[DedicatedPlan, ...]: ...

    @abstractmethod
    def plans_vpn(self) -> tuple[VpnPlan, ...]: ...

    @abstractmethod
    def plans_vps(self) -> tuple[VpsPlan, ...]: ...

    @abstractmethod
    def plans_hosting(self) -> tuple[HostingPlan, ...]: ...

    # VPS

    @abstractmethod
    def vps_log_details(self, order_id: str, log_id: int) -> LogEntry: ...

    @abstractmethod
    def vps_stop(self, order_id: str) -> PowerJob: ...

    @abstractmethod
    def vps_start(self, order_id: str) -> PowerJob: ...

    @abstractmethod
    def vps_hard_reset(self, order_id: str) -> PowerJob: ...

    @abstractmethod
    def vps_restart(self, order_id: str) -> PowerJob: ...

    @abstractmethod
    def vps_passwd_reset(self, order_id: str) -> PasswordReset:
        """Set a new root password. Never retried: a repeat would reset it again."""

    @abstractmethod
    def vps_stat(self, order_id: str, field: StatField, start: date, end: date) -> VpsStats: ...

    @abstractmethod
    def vps_status(self, order_id: str) -> VpsStatus: ...

    # SSH keys

    @abstractmethod
    def ssh_keys(self) -> tuple[SshKey, ...]: ...

    @abstractmethod
    def ssh_key_add(self, title: str, key: str) -> SshKey: ...

    @abstractmethod
    def ssh_key_delete(self, key_pk: int) -> None: ...

    @abstractmethod
    def vps_ssh_keys(self, order_id: str) -> tuple[SshKey, ...]: ...

    @abstractmethod
    def vps_ssh_key_attach(self, order_id: str, key_pk: int) -> None: ...

    @abstractmethod
    def vps_ssh_key_detach(self, order_id: str, key_pk: int) -> None: ...

    # Tickets webhook, VPN

    @abstractmethod
    def webhook_info(self) -> WebhookInfo: ...

    @abstractmethod
    def webhook_set(self, url: str) -> None:
        """Point ticket notifications at `url`; "" switches them off."""

    @abstractmethod
    def vpn_config(self, order_id: str, proto: VpnProto) -> str:
        """The OpenVPN client configuration (.ovpn text)."""

    # DNS

    @abstractmethod
    def dns_domain_list(
        self, q: str | None = None, tag: str | None = None
    ) -> tuple[Domain, ...]: ...

    @abstractmethod
    def dns_domain_add(self, name: str, ip: str) -> DomainAdded: ...

    @abstractmethod
    def dns_domain_delete(self, name: str) -> None: ...

    @abstractmethod
    def dns_records(self, domain: str, q: str | None = None) -> tuple[DnsRecord, ...]: ...

    @abstractmethod
    def dns_record_add(
        self,
        domain: str,
        *,
        host: str,
        type: str,
        value: str,
        ttl: int | None = None,
        prio: int | None = None,
    ) -> RecordAdded: ...

    @abstractmethod
    def dns_record_update(
        self,
        domain: str,
        pk: int,
        *,
        host: str,
        type: str,
        value: str,
        ttl: int | None = None,
        prio: int | None = None,
    ) -> None: ...

    @abstractmethod
    def dns_record_delete(self, domain: str, pk: int) -> None: ...

    @abstractmethod
    def dns_zone_file(self, domain: str) -> str:
        """The zone in BIND format (text)."""

    @abstractmethod
    def domain_change_ns(self, order_id: str, nss: list[str]) -> None: ...

    # Dedicated servers

    @abstractmethod
    def ds_traffic(self, order_id: str, period: str = "month", port: int = 0) -> DsTraffic: ...

    @abstractmethod
    def ds_traffic_used(self, order_id: str) -> DsTrafficUsed: ...

    # Only in the v2 dialect: the defaults say so.

    def _unsupported(self, operation: str) -> NoReturn:
        raise Unsupported(
            f"The {self.dialect} Fornex API has no such operation; it needs a v2 connection.",
            operation=operation,
        )

    def vps_rescue_start(self, order_id: str) -> PowerJob:
        """Boot the VPS into rescue mode (a job: follow `log_id` with `vps_log_details`)."""
        self._unsupported("vps_rescue_start")

    def vps_rescue_stop(self, order_id: str) -> PowerJob:
        self._unsupported("vps_rescue_stop")

    def vps_reinstall_templates(self, order_id: str) -> tuple[ReinstallOption, ...]:
        self._unsupported("vps_reinstall_templates")

    def vps_reinstall_apps(self, order_id: str) -> tuple[ReinstallOption, ...]:
        self._unsupported("vps_reinstall_apps")

    def vps_reinstall_snapshots(self, order_id: str) -> tuple[ReinstallOption, ...]:
        self._unsupported("vps_reinstall_snapshots")

    def vps_reinstall(
        self,
        order_id: str,
        *,
        template: int | None = None,
        app: int | None = None,
        snapshot: int | None = None,
    ) -> ReinstallStarted:
        """Erase the VPS's disk and install exactly one of a template, an application or a
        snapshot. Never retried."""
        self._unsupported("vps_reinstall")

    def order_details(self, order_id: str) -> OrderDetails:
        self._unsupported("order_details")

    def order_cancel(
        self, order_id: str, *, when: CancelWhen = "expired", save_backup: bool = True
    ) -> OrderCancelled:
        """Mark the order for cancellation when its paid period ends (`when="expired"`, the API's
        default); `save_backup` snapshots a VPS first (the API's default, and chargeable)."""
        self._unsupported("order_cancel")

    def order_cancel_unset(self, order_id: str) -> None:
        """Remove the cancel mark."""
        self._unsupported("order_cancel_unset")

    def ticket_create(
        self,
        *,
        subject: str,
        text: str,
        order_id: str | None = None,
        priority: int | None = None,
    ) -> TicketCreated:
        """Open a support ticket (`priority` 0-4, the API's default 1 when None)."""
        self._unsupported("ticket_create")

    def ip_addresses(self) -> tuple[IpAddress, ...]:
        self._unsupported("ip_addresses")

    # Ordering servers and the per-type order details (v2 only; see v2_orders.py).

    def orders_vps_list(self) -> tuple[ServerOrder, ...]:
        self._unsupported("orders_vps_list")

    def orders_ds_list(self) -> tuple[ServerOrder, ...]:
        self._unsupported("orders_ds_list")

    def orders_vps_retrieve(self, order_id: str) -> ServerOrder:
        """The VPS order with its configuration (cores, RAM, disk, architecture)."""
        self._unsupported("orders_vps_retrieve")

    def orders_ds_retrieve(self, order_id: str) -> ServerOrder:
        """The dedicated server order with its hardware."""
        self._unsupported("orders_ds_retrieve")

    def orders_vps_templates(self) -> tuple[ReinstallOption, ...]:
        self._unsupported("orders_vps_templates")

    def orders_vps_apps(self) -> tuple[ReinstallOption, ...]:
        self._unsupported("orders_vps_apps")

    def orders_vps_snapshots(self) -> tuple[ReinstallOption, ...]:
        self._unsupported("orders_vps_snapshots")

    def orders_vps_locations(self) -> tuple[VpsLocation, ...]:
        self._unsupported("orders_vps_locations")

    def orders_vps_disks(self) -> tuple[VpsDiskClass, ...]:
        self._unsupported("orders_vps_disks")

    def orders_vps_services(self) -> tuple[VpsService, ...]:
        self._unsupported("orders_vps_services")

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
        """Order (and pay for, from the balance) a new VPS. Never retried."""
        self._unsupported("orders_vps_create")
