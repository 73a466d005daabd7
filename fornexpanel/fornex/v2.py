"""The v2 Fornex API (shared/fornex/openapi-v2.3.28.json) behind the same FornexClient interface.

Every legacy operation has its v2 equivalent here, returning the same typed results, so a page of
the panel works on either dialect; the operations only v2 offers are implemented as well.

How v2 is spoken (see `v2_transport.py` for errors):

- The key travels in `Authorization: Api-Key <key>`, never in a URL. Bodies are JSON.
- Paths are the spec's, trailing slash included wherever the spec has one (`/account/*` and
  `/plans/*` have none in the spec). Creates answer 201, deletes 204.
- Lists may be paginated (`count`, `next`, `results`): every page is read, asking for
  `page_size` items at a time from the operations whose spec declares `page_size` (the others
  get no such parameter). Only the query of `next` is used, on our own base URL and path,
  so a `next` pointing elsewhere never receives the key; at most `MAX_PAGES` pages are read and a
  `next` that repeats is an error, never a loop. Lists the spec gives as plain arrays are read
  either way.
- `dns_domain_list(q=...)`: v2 matches `q` loosely, so the answer is filtered here to the legacy
  meaning: part of the domain name, or exactly one of its A/AAAA values; `tag` must be one of
  the domain's tags.
- DNS records: the apex is sent as `""`; in answers "", "@" and the domain name itself (with or
  without its final dot) all come back as "" as in the legacy dialect. A TTL of None is sent as
  `null`, the API's default; a prio of None is left out.
- Statistics: `start`/`end` are sent as YYYY-MM-DD query dates (the end day included, as in the
  legacy path `{start}--{end}`); v2's `[time, value]` points become the legacy StatSeries shape
  (start + interval), keeping the times themselves when they are not evenly spaced.
- Power actions (and rescue mode) answer a job log entry: they return `PowerJob(log_id)`, to be
  followed through `/vps/{id}/log_details/{log_id}/` (`vps_log_details`).
- GETs are retried like the legacy dialect's; POST, PUT, PATCH and DELETE never are.
- Where v2's shapes differ, results are brought to the legacy meaning (`v2_parse.py`): hosting
  storage comes in GB and is given in MB, a null tariff price is the monthly cost, the dedicated
  plans' `locations` pairs give the first code, a webhook `url` of "" is None.
- Where the spec types a path's `order_id` as an integer (`ds_traffic_used`), the order's number
  is sent ("34-1234" -> 1234). Switching the ticket webhook off sends no `url` (the spec's "leave
  blank"), never `url: ""`, which its `uri` format refuses.
- Ordering a VPS and the per-type order details are in `v2_orders.py`.

The plumbing (JSON calls, pagination, the legacy-path fallback) is in `v2_base.py`.

Legacy operations that v2 has no path for: the VPN plan catalogue (`/plans/vpn`), the OpenVPN
config (`/vpn/{order}/config-{proto}.ovpn`) and the `inodes` statistics (v2's stats fields are
cpu, disk, io, memory and traffic). A v2 connection does not fall back to the legacy paths for
them: they raise `NoV2Equivalent` (an `Unsupported`), so pages say plainly that Fornex's v2 API
has no such thing instead of reporting a legacy path's failure as something else. A connection
on the legacy API offers them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import legacy_parse
from . import v2_parse as parse
from .base import STAT_FIELDS, CancelWhen, StatField, VpnProto
from .errors import NoV2Equivalent
from .legacy import DS_PERIODS, VPN_PROTOS, _seg
from .textfiles import check_zone_file, checked
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
from .v2_base import V2Plumbing, _int, _many
from .v2_networks import V2NetworksMixin
from .v2_orders import V2OrdersMixin
from .v2_storage import V2Storage
from .v2_transport import TEXT

V2_STAT_FIELDS = ("cpu", "memory", "traffic", "disk", "io")
TICKET_PRIORITIES = range(5)


class V2Client(V2OrdersMixin, V2NetworksMixin, V2Storage, V2Plumbing):
    dialect = "v2"
    stat_fields = V2_STAT_FIELDS
    lacks = ("plans_vpn", "vpn_config")

    # Account and billing

    def account_balance(self) -> Balance:
        return self._get("account_balance", "/account/balance", legacy_parse.balance)

    def account_info(self) -> AccountInfo:
        return self._get("account_info", "/account/info", parse.account_info)

    def account_invoices(self) -> Invoices:
        return self._get("account_invoices", "/account/invoices", legacy_parse.invoices)

    def orders_list(self) -> tuple[Order, ...]:
        return self._list("orders_list", "/orders/", parse.order)

    def plans_backups(self) -> tuple[BackupPlan, ...]:
        return self._get("plans_backups", "/plans/backups", _many(legacy_parse.backup_plan))

    def plans_dedicated(self) -> tuple[DedicatedPlan, ...]:
        return self._get("plans_dedicated", "/plans/dedicated", _many(parse.dedicated_plan))

    def plans_vpn(self) -> tuple[VpnPlan, ...]:
        raise NoV2Equivalent(operation="plans_vpn")  # see the module docstring

    def plans_vps(self) -> tuple[VpsPlan, ...]:
        return self._get("plans_vps", "/plans/vps", _many(legacy_parse.vps_plan))

    def plans_hosting(self) -> tuple[HostingPlan, ...]:
        return self._get("plans_hosting", "/plans/hosting", _many(parse.hosting_plan))

    # VPS

    def vps_log_details(self, order_id: str, log_id: int) -> LogEntry:
        path = f"/vps/{_seg(order_id, 'order_id')}/log_details/{_seg(log_id, 'log_id')}/"
        return self._get("vps_log_details", path, parse.log_entry)

    def _job(self, operation: str, order_id: str, action: str) -> PowerJob:
        path = f"/vps/{_seg(order_id, 'order_id')}/{action}/"
        entry = self._write(operation, "POST", path, parse.log_entry)
        return PowerJob(log_id=entry.pk if entry is not None else None)

    def vps_stop(self, order_id: str) -> PowerJob:
        return self._job("vps_stop", order_id, "stop")

    def vps_start(self, order_id: str) -> PowerJob:
        return self._job("vps_start", order_id, "start")

    def vps_hard_reset(self, order_id: str) -> PowerJob:
        return self._job("vps_hard_reset", order_id, "hard_reset")

    def vps_restart(self, order_id: str) -> PowerJob:
        return self._job("vps_restart", order_id, "restart")

    def vps_passwd_reset(self, order_id: str) -> PasswordReset:
        path = f"/vps/{_seg(order_id, 'order_id')}/passwd_reset/"
        reset = self._write("vps_passwd_reset", "POST", path, legacy_parse.password_reset)
        assert reset is not None
        return reset

    def vps_stat(self, order_id: str, field: StatField, start: date, end: date) -> VpsStats:
        if field not in STAT_FIELDS:
            raise ValueError(f"field must be one of {', '.join(STAT_FIELDS)}")
        order = _seg(order_id, "order_id")
        if field not in V2_STAT_FIELDS:
            raise NoV2Equivalent(operation="vps_stat")  # inodes: see the module docstring
        params = {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
        return self._get("vps_stat", f"/vps/{order}/stats/{field}/", parse.vps_stats, params)

    def vps_status(self, order_id: str) -> VpsStatus:
        path = f"/vps/{_seg(order_id, 'order_id')}/status/"
        return self._get("vps_status", path, legacy_parse.vps_status)

    # SSH keys

    def ssh_keys(self) -> tuple[SshKey, ...]:
        return self._list("ssh_keys", "/ssh_keys/", parse.ssh_key, paginated=False)

    def ssh_key_add(self, title: str, key: str) -> SshKey:
        added = self._write(
            "ssh_key_add", "POST", "/ssh_keys/", parse.ssh_key, {"title": title, "key": key}
        )
        assert added is not None
        return added

    def ssh_key_delete(self, key_pk: int) -> None:
        self._write("ssh_key_delete", "DELETE", f"/ssh_keys/{_seg(key_pk, 'key_pk')}/")

    def vps_ssh_keys(self, order_id: str) -> tuple[SshKey, ...]:
        path = f"/vps/{_seg(order_id, 'order_id')}/ssh_keys/"
        return self._list("vps_ssh_keys", path, parse.ssh_key, paginated=False)

    def vps_ssh_key_attach(self, order_id: str, key_pk: int) -> None:
        path = f"/vps/{_seg(order_id, 'order_id')}/ssh_keys/add/"
        self._write("vps_ssh_key_attach", "POST", path, body={"key_pk": _int(key_pk, "key_pk")})

    def vps_ssh_key_detach(self, order_id: str, key_pk: int) -> None:
        path = f"/vps/{_seg(order_id, 'order_id')}/ssh_keys/delete/"
        self._write("vps_ssh_key_detach", "POST", path, body={"key_pk": _int(key_pk, "key_pk")})

    # Tickets webhook, VPN

    def webhook_info(self) -> WebhookInfo:
        return self._get("webhook_info", "/tickets/webhook_info/", parse.webhook_info)

    def webhook_set(self, url: str) -> None:
        # The spec's `url` is a URI, "leave blank to deactivate": switching off sends no url.
        body = {"url": url} if url else {}
        self._write("webhook_set", "POST", "/tickets/webhook_set/", body=body)

    def vpn_config(self, order_id: str, proto: VpnProto) -> str:
        if proto not in VPN_PROTOS:
            raise ValueError("proto must be 'udp' or 'tcp'")
        _seg(order_id, "order_id")
        raise NoV2Equivalent(operation="vpn_config")  # see the module docstring

    # DNS

    def dns_domain_list(self, q: str | None = None, tag: str | None = None) -> tuple[Domain, ...]:
        params = {name: value for name, value in (("q", q), ("tag", tag)) if value}
        found = self._list("dns_domain_list", "/dns/domain/", parse.domain, params)
        return tuple(domain for domain in found if _domain_matches(domain, q, tag))

    def dns_domain_add(self, name: str, ip: str) -> DomainAdded:
        added = self._write(
            "dns_domain_add", "POST", "/dns/domain/", parse.domain, {"name": name, "ip": ip}
        )
        assert added is not None
        return DomainAdded(name=added.name)

    def dns_domain_delete(self, name: str) -> None:
        self._write("dns_domain_delete", "DELETE", f"/dns/domain/{_seg(name, 'name')}/")

    def dns_records(self, domain: str, q: str | None = None) -> tuple[DnsRecord, ...]:
        path = f"/dns/domain/{_seg(domain, 'domain')}/entry_set/"
        params = {"q": q} if q else None
        return self._list(
            "dns_records", path, lambda d: parse.dns_record(d, domain), params, paginated=False
        )

    def dns_record_add(
        self,
        domain: str,
        *,
        host: str,
        type: str,
        value: str,
        ttl: int | None = None,
        prio: int | None = None,
    ) -> RecordAdded:
        path = f"/dns/domain/{_seg(domain, 'domain')}/entry_set/"
        body = _record_body(domain, host, type, value, ttl, prio)
        record = self._write(
            "dns_record_add", "POST", path, lambda d: parse.dns_record(d, domain), body
        )
        assert record is not None
        return RecordAdded(pk=record.id)

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
    ) -> None:
        path = f"/dns/domain/{_seg(domain, 'domain')}/entry_set/{_seg(pk, 'pk')}/"
        body = _record_body(domain, host, type, value, ttl, prio)
        self._write("dns_record_update", "PUT", path, body=body)

    def dns_record_delete(self, domain: str, pk: int) -> None:
        path = f"/dns/domain/{_seg(domain, 'domain')}/entry_set/{_seg(pk, 'pk')}/"
        self._write("dns_record_delete", "DELETE", path)

    def dns_zone_file(self, domain: str) -> str:
        path = f"/dns/domain/{_seg(domain, 'domain')}/zone_file/"
        text = self._transport.call("dns_zone_file", "GET", path, expect=TEXT)
        return checked(
            text, check_zone_file, what="zone file", operation="dns_zone_file", path=path
        )

    def domain_change_ns(self, order_id: str, nss: list[str]) -> None:
        if isinstance(nss, str) or not nss or any(not ns or "," in ns for ns in nss):
            raise ValueError("nss must be a non-empty list of nameservers without commas")
        path = f"/dns/order/{_seg(order_id, 'order_id')}/change_ns/"
        self._write("domain_change_ns", "POST", path, body={"nss": ",".join(nss)})

    # Dedicated servers

    def ds_traffic(self, order_id: str, period: str = "month", port: int = 0) -> DsTraffic:
        if period not in DS_PERIODS:
            raise ValueError("period must be 'month' or 'year'")
        path = f"/orders/ds/{_seg(order_id, 'order_id')}/traffic/"
        params = {"period": period, "port": str(port)}
        return self._get("ds_traffic", path, legacy_parse.ds_traffic, params)

    def ds_traffic_used(self, order_id: str) -> DsTrafficUsed:
        # The spec types this `order_id` as an integer: the order's number ("34-1234" -> 1234).
        path = f"/orders/ds/{_order_number(order_id)}/traffic_used/"
        return self._get("ds_traffic_used", path, legacy_parse.ds_traffic_used)

    # Only in v2

    def vps_rescue_start(self, order_id: str) -> PowerJob:
        return self._job("vps_rescue_start", order_id, "rescue_mode")

    def vps_rescue_stop(self, order_id: str) -> PowerJob:
        return self._job("vps_rescue_stop", order_id, "stop_rescue_mode")

    def _options(
        self, operation: str, order_id: str, kind: str, segment: str
    ) -> tuple[ReinstallOption, ...]:
        path = f"/vps/{_seg(order_id, 'order_id')}/reinstall/{segment}/"
        return self._list(operation, path, parse.reinstall_option(kind))

    def vps_reinstall_templates(self, order_id: str) -> tuple[ReinstallOption, ...]:
        return self._options("vps_reinstall_templates", order_id, "template", "templates")

    def vps_reinstall_apps(self, order_id: str) -> tuple[ReinstallOption, ...]:
        return self._options("vps_reinstall_apps", order_id, "app", "apps")

    def vps_reinstall_snapshots(self, order_id: str) -> tuple[ReinstallOption, ...]:
        return self._options("vps_reinstall_snapshots", order_id, "snapshot", "snapshots")

    def vps_reinstall(
        self,
        order_id: str,
        *,
        template: int | None = None,
        app: int | None = None,
        snapshot: int | None = None,
    ) -> ReinstallStarted:
        chosen = {
            name: _int(value, name)
            for name, value in (("template", template), ("app", app), ("snapshot", snapshot))
            if value is not None
        }
        if len(chosen) != 1:
            raise ValueError("give exactly one of template, app or snapshot")
        path = f"/vps/{_seg(order_id, 'order_id')}/reinstall/reinstall/"
        started = self._write("vps_reinstall", "POST", path, parse.reinstall_started, chosen)
        assert started is not None
        return started

    def order_details(self, order_id: str) -> OrderDetails:
        return self._get(
            "order_details", f"/orders/{_seg(order_id, 'order_id')}/", parse.order_details
        )

    def order_cancel(
        self, order_id: str, *, when: CancelWhen = "expired", save_backup: bool = True
    ) -> OrderCancelled:
        if when not in ("expired", "now"):
            raise ValueError("when must be 'expired' or 'now'")
        path = f"/orders/{_seg(order_id, 'order_id')}/cancel/"
        body = {"when": when, "save_backup": bool(save_backup)}
        cancelled = self._write("order_cancel", "POST", path, parse.order_cancelled, body)
        assert cancelled is not None
        return cancelled

    def order_cancel_unset(self, order_id: str) -> None:
        path = f"/orders/{_seg(order_id, 'order_id')}/cancel/"
        self._write("order_cancel_unset", "DELETE", path)

    def ticket_create(
        self,
        *,
        subject: str,
        text: str,
        order_id: str | None = None,
        priority: int | None = None,
    ) -> TicketCreated:
        body: dict[str, Any] = {"subject": subject, "message": text}
        if order_id:
            body["order"] = str(order_id)
        if priority is not None:
            if priority not in TICKET_PRIORITIES or isinstance(priority, bool):
                raise ValueError("priority must be 0, 1, 2, 3 or 4")
            body["priority"] = priority
        ticket = self._write(
            "ticket_create", "POST", "/tickets/ticket/", parse.ticket_created, body
        )
        assert ticket is not None
        return ticket

    def ip_addresses(self) -> tuple[IpAddress, ...]:
        return self._list("ip_addresses", "/network/ip-address/", parse.ip_address, paginated=False)


def _order_number(order_id: str) -> int:
    """The integer the spec wants where it types an order id as one: "34-1234" -> 1234."""
    text = str(order_id).strip()
    number = text.rpartition("-")[2]
    if not number.isascii() or not number.isdigit() or len(number) > 18:
        raise ValueError("order_id must look like 34-1234")
    return int(number)


def _record_body(
    domain: str, host: str, type: str, value: str, ttl: int | None, prio: int | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "host": parse.apex_host(host, domain),
        "type": type,
        "value": value,
        "ttl": ttl,  # null: the API's default
    }
    if prio is not None:
        body["prio"] = prio
    return body


def _domain_matches(domain: Domain, q: str | None, tag: str | None) -> bool:
    """The legacy meaning of the domain search, whatever v2's looser `q` matched."""
    if tag and tag not in domain.tags:
        return False
    needle = (q or "").strip().lower()
    if not needle:
        return True
    if needle in domain.name.lower():
        return True
    return any(
        record.type in ("A", "AAAA") and record.value.lower() == needle for record in domain.records
    )
