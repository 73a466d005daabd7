"""The 37 documented operations: routing table, authentication and the JSON each one answers.

Order of checks, as a real server would do it: unknown path (404), wrong method (405), then the
API key (403), then DNS rights for ``/api/dns/`` and ``/api/change_ns/`` (403), then the handler
(400 bad parameter, 404 unknown id). Answers copy the documented key order and value types.
"""

from __future__ import annotations

import base64
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from fornexpanel.sandbox import state, stats
from fornexpanel.sandbox.catalogue import PLANS
from fornexpanel.sandbox.models import (
    Account,
    Domain,
    Job,
    Order,
    SshKey,
    World,
    format_iso,
    format_log_time,
    format_long_date,
)
from fornexpanel.sandbox.validation import ApiError, bad_request, parse_int
from fornexpanel.sandbox.zonefile import zone_file

ACCESS_DENIED = "Access denied: API_KEY is not specified or invalid"
NO_DNS_RIGHTS = (
    "Insufficient permissions. To use this method, please contact technical support and request "
    "sufficient rights to edit the DNS."
)
_DNS_PREFIXES = ("/api/dns/", "/api/change_ns/")


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode()
    return Response(status, body, "application/json", headers or {})


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"error": message}, status, headers)


def text_response(text: str) -> Response:
    return Response(200, text.encode(), "text/plain; charset=utf-8")


@dataclass
class Context:
    world: World
    account: Account
    params: dict[str, str]

    def param(self, name: str) -> str | None:
        return self.params.get(name)


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Callable[..., Any]


ROUTES: list[Route] = []
ORDER = r"(?P<order_id>\d+-\d+)"
NAME = r"(?P<name>[A-Za-z0-9.-]+)"
PK = r"(?P<pk>\d+)"


def route(method: str, pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        ROUTES.append(Route(method, re.compile(pattern), handler))
        return handler

    return register


def _single_values(query: str) -> dict[str, str]:
    # A repeated parameter keeps its last value, as Django's QueryDict.get does.
    return {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}


def dispatch(
    world: World, method: str, path: str, query: str, content_type: str, body: bytes
) -> Response:
    matched = [(r, m) for r in ROUTES if (m := r.pattern.fullmatch(path))]
    if not matched:
        return error_response(404, "Not found")
    chosen = next(((r, m) for r, m in matched if r.method == method), None)
    if chosen is None:
        allow = ", ".join(sorted({r.method for r, _ in matched}))
        return error_response(405, "Method not allowed", {"Allow": allow})
    params = _single_values(query)
    if method == "POST" and content_type.split(";")[0].strip() in (
        "",
        "application/x-www-form-urlencoded",
    ):
        # The documented way for POST is the form body; the query string is accepted as well.
        params.update(_single_values(body.decode("utf-8", "replace")))
    account = world.accounts.get(params.pop("apikey", ""))
    if account is None:
        return error_response(403, ACCESS_DENIED)
    if path.startswith(_DNS_PREFIXES) and not account.dns_allowed:
        return error_response(403, NO_DNS_RIGHTS)
    route_, match = chosen
    try:
        result = route_.handler(Context(world, account, params), **match.groupdict())
    except ApiError as exc:
        return error_response(exc.status, exc.message)
    return result if isinstance(result, Response) else json_response(result)


# Account, orders, plans ----------------------------------------------------------------------


@route("GET", r"/api/account/balance")
def account_balance(ctx: Context) -> dict:
    return {"balance": ctx.account.balance, "currency": ctx.account.currency}


@route("GET", r"/api/account/info")
def account_info(ctx: Context) -> dict:
    return {"email": ctx.account.email, "name": ctx.account.name}


@route("GET", r"/api/account/invoices")
def account_invoices(ctx: Context) -> dict:
    return {
        "unpaid_invoices_count": ctx.account.unpaid_invoices_count,
        "unpaid_invoices_amount": ctx.account.unpaid_invoices_amount,
        "currency": ctx.account.currency,
    }


def order_json(order: Order) -> dict:
    return {
        "cost_month": order.cost_month,
        "expiration_date": format_iso(order.expiration),
        "id": order.id,
        "ipaddress_set": list(order.ips),
        "name": order.name,
        "hostname": order.hostname,
        "status": order.status,
        "tariff": order.tariff,
        "tariff_id": order.tariff_id,
        "tariff_price": order.tariff_price,
        "type": order.type,
    }


@route("GET", r"/api/orders/list")
def orders_list(ctx: Context) -> list:
    return [order_json(order) for order in ctx.account.orders.values()]


@route("GET", r"/api/plans/(?P<kind>backups|dedicated|vpn|vps|hosting)")
def plans(ctx: Context, kind: str) -> list:
    return PLANS[kind]


# VPS -----------------------------------------------------------------------------------------


def job_json(world: World, job: Job) -> dict:
    done = state.job_done(world, job)
    return {
        "action": job.kind.action,
        "completed": done,
        "job_action": job.job_action,
        "job_state": "done" if done else "ready",
        "note": job.kind.note,
        "pk": job.pk,
        "time": format_log_time(job.created_at),
        "user": job.user,
    }


@route("GET", rf"/api/vps/log_details/{ORDER}/")
def vps_log_details(ctx: Context, order_id: str) -> dict:
    if not (ctx.param("log_id") or "").strip():
        raise bad_request("log_id is required")
    log_id = parse_int(ctx.param("log_id"), "log_id", 1, 2**63)
    return job_json(ctx.world, state.get_job(ctx.world, ctx.account, order_id, log_id))


@route("POST", rf"/api/vps/(?P<action>start|stop|restart|hard_reset)/{ORDER}/")
def vps_power(ctx: Context, action: str, order_id: str) -> dict:
    state.vps_power(ctx.world, ctx.account, order_id, action)
    return {"ok": "True"}  # a string, as documented


@route("GET", rf"/api/vps/passwd_reset/{ORDER}/")
def vps_passwd_reset(ctx: Context, order_id: str) -> dict:
    job, password = state.vps_password_reset(ctx.world, ctx.account, order_id)
    return {"resp_id": job.pk, "passwd": password}


@route("GET", rf"/api/vps/status/{ORDER}/")
def vps_status(ctx: Context, order_id: str) -> dict:
    return {"status": state.vps_status(ctx.world, ctx.account, order_id)}


@route("GET", rf"/api/vps_stat/{ORDER}/(?P<field>[^/]+)/(?P<start>[^/]*?)--(?P<end>[^/]*)\.json")
def vps_stat(ctx: Context, order_id: str, field: str, start: str, end: str) -> dict:
    state.get_order(ctx.account, order_id, "vps")
    return stats.vps_series(ctx.world.seed, order_id, field, start, end, ctx.world.clock.wall())


# SSH keys, webhook, VPN ----------------------------------------------------------------------


def key_json(key: SshKey) -> dict:
    return {"date": format_long_date(key.created), "id": key.id, "key": key.key, "title": key.title}


@route("GET", r"/api/ssh_keys/")
def ssh_keys(ctx: Context) -> list:
    return [key_json(key) for key in ctx.account.ssh_keys.values()]


@route("POST", r"/api/ssh_keys/add/")
def ssh_key_add(ctx: Context) -> dict:
    return key_json(state.add_ssh_key(ctx.world, ctx.account, ctx.param("title"), ctx.param("key")))


@route("POST", r"/api/ssh_keys/delete/")
def ssh_key_delete(ctx: Context) -> dict:
    state.delete_ssh_key(ctx.account, ctx.param("key_pk"))
    return {"ok": True}


@route("GET", rf"/api/ssh_keys/{ORDER}/")
def order_ssh_keys(ctx: Context, order_id: str) -> list:
    return [key_json(key) for key in state.order_keys(ctx.account, order_id)]


@route("POST", rf"/api/ssh_keys/{ORDER}/add/")
def order_ssh_key_add(ctx: Context, order_id: str) -> dict:
    state.attach_key(ctx.account, order_id, ctx.param("key_pk"))
    return {"ok": True}


@route("POST", rf"/api/ssh_keys/{ORDER}/delete/")
def order_ssh_key_delete(ctx: Context, order_id: str) -> dict:
    state.detach_key(ctx.account, order_id, ctx.param("key_pk"))
    return {"ok": True}


@route("POST", r"/api/tickets/webhook_set/")
def webhook_set(ctx: Context) -> dict:
    state.set_webhook(ctx.account, ctx.param("url"))
    return {"ok": True}


@route("GET", r"/api/tickets/webhook_info/")
def webhook_info(ctx: Context) -> dict:
    return {"last_error_date": None, "last_error_message": None, "url": ctx.account.webhook_url}


def _pem(rng: random.Random, label: str, size: int) -> str:
    text = base64.b64encode(rng.randbytes(size)).decode()
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


@route("GET", rf"/api/vpn/{ORDER}/config-(?P<proto>[^/]+)\.ovpn")
def vpn_config(ctx: Context, order_id: str, proto: str) -> Response:
    order = state.get_order(ctx.account, order_id, "vpn")
    if proto not in ("tcp", "udp"):
        raise bad_request(f"Invalid protocol {proto[:10]!r}: must be 'tcp' or 'udp'")
    # Stand-in certificates: random bytes in PEM armour, the same for the same order and seed.
    rng = random.Random(f"{ctx.world.seed}:{order.id}:vpn")
    lines = [
        "client",
        "dev tun",
        "<connection>",
        f"remote {order.ips[0]} 443 {proto}",
        "</connection>",
        "resolv-retry infinite",
        "nobind",
        "persist-key",
        "persist-tun",
        "remote-cert-tls server",
        "cipher AES-256-GCM",
        "auth SHA256",
        "verb 3",
        f"<ca>\n{_pem(rng, 'CERTIFICATE', 900)}\n</ca>",
        f"<cert>\n{_pem(rng, 'CERTIFICATE', 900)}\n</cert>",
        f"<key>\n{_pem(rng, 'PRIVATE KEY', 1200)}\n</key>",
    ]
    return text_response("\n".join(lines) + "\n")


# DNS -----------------------------------------------------------------------------------------


def domain_json(domain: Domain) -> dict:
    return {
        "name": domain.name,
        "created": format_iso(domain.created),
        "updated": format_iso(domain.updated),
        "entry_set": [
            {"host": r.host, "id": r.id, "type": r.type, "ttl": r.ttl, "value": r.value}
            for r in domain.records.values()
        ],
        "tags": list(domain.tags),
    }


@route("POST", r"/api/dns/v0.1/add_domain/")
def dns_add_domain(ctx: Context) -> dict:
    domain = state.add_domain(ctx.world, ctx.account, ctx.param("name"), ctx.param("ip"))
    return {"ok": True, "name": domain.name}


@route("GET", r"/api/dns/v0.1/domain_list\.json")
def dns_domain_list(ctx: Context) -> list:
    found = state.search_domains(ctx.account, ctx.param("q") or "", ctx.param("tag") or "")
    return [domain_json(domain) for domain in found]


@route("POST", rf"/api/dns/v0.1/{NAME}/delete_domain/")
def dns_delete_domain(ctx: Context, name: str) -> dict:
    state.delete_domain(ctx.account, name)
    return {"ok": True}


@route("GET", rf"/api/dns/v0.1/{NAME}/entry_set\.json")
def dns_entry_set(ctx: Context, name: str) -> dict:
    records = state.filter_records(state.get_domain(ctx.account, name), ctx.param("q") or "")
    return {
        "entry_set": [
            {
                "id": r.id,
                "host": r.host,
                "prio": r.prio,
                "type": r.type,
                "ttl": r.ttl,
                "value": r.value,
            }
            for r in records
        ]
    }


@route("POST", rf"/api/dns/v0.1/{NAME}/entry_set/add/")
def dns_entry_add(ctx: Context, name: str) -> dict:
    record = state.add_record(ctx.world, ctx.account, name, ctx.params)
    return {"ok": True, "pk": record.id}


@route("POST", rf"/api/dns/v0.1/{NAME}/entry_set/{PK}/")
def dns_entry_edit(ctx: Context, name: str, pk: str) -> dict:
    state.edit_record(ctx.world, ctx.account, name, int(pk), ctx.params)
    return {"ok": True}


@route("POST", rf"/api/dns/v0.1/{NAME}/entry_set/{PK}/delete/")
def dns_entry_delete(ctx: Context, name: str, pk: str) -> dict:
    state.delete_record(ctx.world, ctx.account, name, int(pk))
    return {"ok": True}


@route("GET", rf"/api/dns/v0.1/{NAME}/zone_file/")
def dns_zone_file(ctx: Context, name: str) -> Response:
    return text_response(zone_file(state.get_domain(ctx.account, name)))


@route("POST", rf"/api/change_ns/{ORDER}/")
def change_ns(ctx: Context, order_id: str) -> list:
    state.change_ns(ctx.account, order_id, ctx.param("nss"))
    return [{"ok": True}]  # a list, as documented


# Dedicated servers ---------------------------------------------------------------------------


@route("GET", rf"/api/ds/{ORDER}/traffic\.json")
def ds_traffic(ctx: Context, order_id: str) -> dict:
    order = state.get_order(ctx.account, order_id, "ds")
    today = ctx.world.clock.wall().date()
    return stats.ds_traffic(ctx.world.seed, order, ctx.param("period"), ctx.param("port"), today)


@route("GET", rf"/api/ds/{ORDER}/traffic_used\.json")
def ds_traffic_used(ctx: Context, order_id: str) -> dict:
    order = state.get_order(ctx.account, order_id, "ds")
    return stats.ds_traffic_used(ctx.world.seed, order, ctx.world.clock.wall().date())
