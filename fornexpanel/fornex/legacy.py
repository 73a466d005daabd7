"""The legacy Fornex API (shared/fornex/legacy-api.txt): 37 operations.

Paths are written exactly as the documentation shows them, trailing slashes and `.json` included.
The key travels as `apikey`: in the query for GETs, in the form body for POSTs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote

from . import legacy_parse as parse
from .base import STAT_FIELDS, FornexClient, StatField, VpnProto
from .errors import MalformedResponse
from .redaction import Secret
from .shape import ShapeError, each
from .textfiles import check_ovpn, check_zone_file, checked
from .transport import Auth, Params
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
    LogEntry,
    Order,
    PasswordReset,
    PowerJob,
    RecordAdded,
    SshKey,
    VpnPlan,
    VpsPlan,
    VpsStats,
    VpsStatus,
    WebhookInfo,
)

T = TypeVar("T")

VPN_PROTOS = ("udp", "tcp")
DS_PERIODS = ("month", "year")


class ApiKeyParam:
    """The legacy scheme: `apikey` in the query of a GET, in the form body of a POST."""

    __slots__ = ("_key",)

    def __init__(self, key: Secret) -> None:
        self._key = key

    def apply(self, method: str, params: Params, data: Params | None, headers: Params) -> None:
        if data is None:
            params["apikey"] = self._key.reveal()
        else:
            data["apikey"] = self._key.reveal()

    def __repr__(self) -> str:
        return "ApiKeyParam(***)"


def _seg(value: str | int, what: str) -> str:
    """One path segment, escaped so that an id can never reach another path."""
    text = str(value)
    if isinstance(value, bool) or not text or text in (".", ".."):
        raise ValueError(f"{what} must be a non-empty identifier")
    return quote(text, safe="")


def _record_form(host: str, type: str, value: str, ttl: int | None, prio: int | None) -> Params:
    form = {"host": host, "type": type, "value": value}
    if ttl is not None:
        form["ttl"] = str(ttl)
    if prio is not None:
        form["prio"] = str(prio)
    return form


class LegacyClient(FornexClient):
    dialect = "legacy"
    # DNS editing needs rights granted by Fornex support; elsewhere a 403 means a bad key.
    rights_scoped_paths = ("/dns/", "/change_ns/")

    @staticmethod
    def _auth(key: Secret) -> Auth:
        return ApiKeyParam(key)

    # Plumbing

    def _get(
        self,
        operation: str,
        path: str,
        parse_fn: Callable[[Any], T],
        params: Params | None = None,
        *,
        retry: bool = True,
    ) -> T:
        data = self._transport.call(operation, "GET", path, params=params, retry=retry)
        return self._parse(operation, path, parse_fn, data)

    def _post(
        self, operation: str, path: str, parse_fn: Callable[[Any], T], data: Params | None = None
    ) -> T:
        answer = self._transport.call(operation, "POST", path, data=data or {}, retry=False)
        return self._parse(operation, path, parse_fn, answer)

    def _text(self, operation: str, path: str) -> str:
        return self._transport.call(operation, "GET", path, expect="text")

    @staticmethod
    def _parse(operation: str, path: str, parse_fn: Callable[[Any], T], data: Any) -> T:
        try:
            return parse_fn(data)
        except ShapeError as exc:
            message = f"Unexpected answer shape: {exc}"
        raise MalformedResponse(message, status=200, operation=operation, path=path) from None

    # Account and billing

    def account_balance(self) -> Balance:
        return self._get("account_balance", "/account/balance", parse.balance)

    def account_info(self) -> AccountInfo:
        return self._get("account_info", "/account/info", parse.account_info)

    def account_invoices(self) -> Invoices:
        return self._get("account_invoices", "/account/invoices", parse.invoices)

    def orders_list(self) -> tuple[Order, ...]:
        return self._get("orders_list", "/orders/list", _many(parse.order))

    def plans_backups(self) -> tuple[BackupPlan, ...]:
        return self._get("plans_backups", "/plans/backups", _many(parse.backup_plan))

    def plans_dedicated(self) -> tuple[DedicatedPlan, ...]:
        return self._get("plans_dedicated", "/plans/dedicated", _many(parse.dedicated_plan))

    def plans_vpn(self) -> tuple[VpnPlan, ...]:
        return self._get("plans_vpn", "/plans/vpn", _many(parse.vpn_plan))

    def plans_vps(self) -> tuple[VpsPlan, ...]:
        return self._get("plans_vps", "/plans/vps", _many(parse.vps_plan))

    def plans_hosting(self) -> tuple[HostingPlan, ...]:
        return self._get("plans_hosting", "/plans/hosting", _many(parse.hosting_plan))

    # VPS

    def vps_log_details(self, order_id: str, log_id: int) -> LogEntry:
        path = f"/vps/log_details/{_seg(order_id, 'order_id')}/"
        return self._get("vps_log_details", path, parse.log_entry, {"log_id": str(log_id)})

    # Power actions answer {"ok": ...} with no job id here: callers follow vps_status instead.

    def vps_stop(self, order_id: str) -> PowerJob:
        self._post("vps_stop", f"/vps/stop/{_seg(order_id, 'order_id')}/", parse.ack)
        return PowerJob(log_id=None)

    def vps_start(self, order_id: str) -> PowerJob:
        self._post("vps_start", f"/vps/start/{_seg(order_id, 'order_id')}/", parse.ack)
        return PowerJob(log_id=None)

    def vps_hard_reset(self, order_id: str) -> PowerJob:
        self._post("vps_hard_reset", f"/vps/hard_reset/{_seg(order_id, 'order_id')}/", parse.ack)
        return PowerJob(log_id=None)

    def vps_restart(self, order_id: str) -> PowerJob:
        self._post("vps_restart", f"/vps/restart/{_seg(order_id, 'order_id')}/", parse.ack)
        return PowerJob(log_id=None)

    def vps_passwd_reset(self, order_id: str) -> PasswordReset:
        path = f"/vps/passwd_reset/{_seg(order_id, 'order_id')}/"
        # A GET by the documentation, but each call sets a new password: never repeat it.
        return self._get("vps_passwd_reset", path, parse.password_reset, retry=False)

    def vps_stat(self, order_id: str, field: StatField, start: date, end: date) -> VpsStats:
        if field not in STAT_FIELDS:
            raise ValueError(f"field must be one of {', '.join(STAT_FIELDS)}")
        span = f"{start:%Y-%m-%d}--{end:%Y-%m-%d}"
        path = f"/vps_stat/{_seg(order_id, 'order_id')}/{field}/{span}.json"
        return self._get("vps_stat", path, parse.vps_stats)

    def vps_status(self, order_id: str) -> VpsStatus:
        path = f"/vps/status/{_seg(order_id, 'order_id')}/"
        return self._get("vps_status", path, parse.vps_status)

    # SSH keys

    def ssh_keys(self) -> tuple[SshKey, ...]:
        return self._get("ssh_keys", "/ssh_keys/", _many(parse.ssh_key))

    def ssh_key_add(self, title: str, key: str) -> SshKey:
        form = {"title": title, "key": key}
        return self._post("ssh_key_add", "/ssh_keys/add/", parse.ssh_key, form)

    def ssh_key_delete(self, key_pk: int) -> None:
        self._post("ssh_key_delete", "/ssh_keys/delete/", parse.ack, {"key_pk": str(key_pk)})

    def vps_ssh_keys(self, order_id: str) -> tuple[SshKey, ...]:
        path = f"/ssh_keys/{_seg(order_id, 'order_id')}/"
        return self._get("vps_ssh_keys", path, _many(parse.ssh_key))

    def vps_ssh_key_attach(self, order_id: str, key_pk: int) -> None:
        path = f"/ssh_keys/{_seg(order_id, 'order_id')}/add/"
        self._post("vps_ssh_key_attach", path, parse.ack, {"key_pk": str(key_pk)})

    def vps_ssh_key_detach(self, order_id: str, key_pk: int) -> None:
        path = f"/ssh_keys/{_seg(order_id, 'order_id')}/delete/"
        self._post("vps_ssh_key_detach", path, parse.ack, {"key_pk": str(key_pk)})

    # Tickets webhook, VPN

    def webhook_info(self) -> WebhookInfo:
        return self._get("webhook_info", "/tickets/webhook_info/", parse.webhook_info)

    def webhook_set(self, url: str) -> None:
        self._post("webhook_set", "/tickets/webhook_set/", parse.ack, {"url": url})

    def vpn_config(self, order_id: str, proto: VpnProto) -> str:
        if proto not in VPN_PROTOS:
            raise ValueError("proto must be 'udp' or 'tcp'")
        path = f"/vpn/{_seg(order_id, 'order_id')}/config-{proto}.ovpn"
        return checked(
            self._text("vpn_config", path),
            check_ovpn,
            what="OpenVPN profile",
            operation="vpn_config",
            path=path,
        )

    # DNS

    def dns_domain_list(self, q: str | None = None, tag: str | None = None) -> tuple[Domain, ...]:
        params = {name: value for name, value in (("q", q), ("tag", tag)) if value is not None}
        path = "/dns/v0.1/domain_list.json"
        return self._get("dns_domain_list", path, _many(parse.domain), params)

    def dns_domain_add(self, name: str, ip: str) -> DomainAdded:
        form = {"name": name, "ip": ip}
        return self._post("dns_domain_add", "/dns/v0.1/add_domain/", parse.domain_added, form)

    def dns_domain_delete(self, name: str) -> None:
        path = f"/dns/v0.1/{_seg(name, 'name')}/delete_domain/"
        self._post("dns_domain_delete", path, parse.ack)

    def dns_records(self, domain: str, q: str | None = None) -> tuple[DnsRecord, ...]:
        path = f"/dns/v0.1/{_seg(domain, 'domain')}/entry_set.json"
        params = {"q": q} if q is not None else None
        return self._get("dns_records", path, parse.dns_records, params)

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
        path = f"/dns/v0.1/{_seg(domain, 'domain')}/entry_set/add/"
        form = _record_form(host, type, value, ttl, prio)
        return self._post("dns_record_add", path, parse.record_added, form)

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
        path = f"/dns/v0.1/{_seg(domain, 'domain')}/entry_set/{_seg(pk, 'pk')}/"
        self._post("dns_record_update", path, parse.ack, _record_form(host, type, value, ttl, prio))

    def dns_record_delete(self, domain: str, pk: int) -> None:
        path = f"/dns/v0.1/{_seg(domain, 'domain')}/entry_set/{_seg(pk, 'pk')}/delete/"
        self._post("dns_record_delete", path, parse.ack)

    def dns_zone_file(self, domain: str) -> str:
        path = f"/dns/v0.1/{_seg(domain, 'domain')}/zone_file/"
        text = self._text("dns_zone_file", path)
        return checked(
            text, check_zone_file, what="zone file", operation="dns_zone_file", path=path
        )

    def domain_change_ns(self, order_id: str, nss: list[str]) -> None:
        if isinstance(nss, str) or not nss or any(not ns or "," in ns for ns in nss):
            raise ValueError("nss must be a non-empty list of nameservers without commas")
        path = f"/change_ns/{_seg(order_id, 'order_id')}/"
        self._post("domain_change_ns", path, parse.ack_list, {"nss": ",".join(nss)})

    # Dedicated servers

    def ds_traffic(self, order_id: str, period: str = "month", port: int = 0) -> DsTraffic:
        if period not in DS_PERIODS:
            raise ValueError("period must be 'month' or 'year'")
        path = f"/ds/{_seg(order_id, 'order_id')}/traffic.json"
        params = {"period": period, "port": str(port)}
        return self._get("ds_traffic", path, parse.ds_traffic, params)

    def ds_traffic_used(self, order_id: str) -> DsTrafficUsed:
        path = f"/ds/{_seg(order_id, 'order_id')}/traffic_used.json"
        return self._get("ds_traffic_used", path, parse.ds_traffic_used)


def _many(parse_one: Callable[[Any], T]) -> Callable[[Any], tuple[T, ...]]:
    return lambda data: each(data, parse_one)
