"""The v2 sandbox's account, order, VPS, SSH key, ticket and IP address operations."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from fornexpanel.sandbox import state, stats, v2_state
from fornexpanel.sandbox import v2_shapes as shapes
from fornexpanel.sandbox.models import MSK
from fornexpanel.sandbox.v2_http import (
    ORDER,
    STAT_FIELDS,
    Request,
    as_fields,
    route,
)
from fornexpanel.sandbox.v2_state import field_error
from fornexpanel.sandbox.validation import ApiError, bad_request

# Account, orders, plans ----------------------------------------------------------------------


@route("GET", r"/api/account/balance")
def account_balance(req: Request) -> dict:
    return {"balance": req.me.balance, "currency": req.me.currency}


@route("GET", r"/api/account/info")
def account_info(req: Request) -> dict:
    return {"email": req.me.email, "name": req.me.name}


@route("GET", r"/api/account/invoices")
def account_invoices(req: Request) -> dict:
    return {
        "unpaid_invoices_count": req.me.unpaid_invoices_count,
        "unpaid_invoices_amount": req.me.unpaid_invoices_amount,
        "currency": req.me.currency,
    }


@route("GET", r"/api/plans/(?P<kind>backups|dedicated|hosting|vps)")
def plans(req: Request, kind: str) -> list:
    return shapes.plans(kind)


@route("GET", r"/api/orders/")
def orders_list(req: Request) -> dict:
    orders = v2_state.listed_orders(req.query, list(req.me.orders.values()))
    return req.page([shapes.order(o) for o in orders])


@route("GET", rf"/api/orders/{ORDER}/")
def order_details(req: Request, order_id: str) -> dict:
    return shapes.order(state.get_order(req.me, order_id))


@route("POST", rf"/api/orders/{ORDER}/cancel/")
def order_cancel(req: Request, order_id: str) -> dict:
    return v2_state.cancel(req.me, order_id, req.body)


@route("DELETE", rf"/api/orders/{ORDER}/cancel/")
def order_cancel_unset(req: Request, order_id: str) -> tuple:
    v2_state.cancel_unset(req.me, order_id)
    return 204, None


@route("GET", rf"/api/orders/ds/{ORDER}/traffic/")
def ds_traffic(req: Request, order_id: str) -> dict:
    order = state.get_order(req.me, order_id, "ds")
    today = req.world.clock.wall().date()
    period, port = req.query.get("period"), req.query.get("port")
    return stats.ds_traffic(req.world.seed, order, period, port, today)


@route("GET", rf"/api/orders/ds/{ORDER}/traffic_used/")
def ds_traffic_used(req: Request, order_id: str) -> dict:
    order = state.get_order(req.me, order_id, "ds")
    today = req.world.clock.wall().date()
    return shapes.ds_traffic_used(stats.ds_traffic_used(req.world.seed, order, today))


# VPS -----------------------------------------------------------------------------------------


@route("GET", rf"/api/vps/{ORDER}/status/")
def vps_status(req: Request, order_id: str) -> dict:
    return {"status": state.vps_status(req.world, req.me, order_id)}


@route("POST", rf"/api/vps/{ORDER}/(?P<action>start|stop|restart|hard_reset)/")
def vps_power(req: Request, order_id: str, action: str) -> dict:
    return shapes.log_entry(req.world, state.vps_power(req.world, req.me, order_id, action))


@route("POST", rf"/api/vps/{ORDER}/(?P<action>rescue_mode|stop_rescue_mode)/")
def vps_rescue(req: Request, order_id: str, action: str) -> dict:
    job = v2_state.rescue(req.world, req.me, order_id, start=action == "rescue_mode")
    return shapes.log_entry(req.world, job)


@route("POST", rf"/api/vps/{ORDER}/passwd_reset/")
def vps_passwd_reset(req: Request, order_id: str) -> dict:
    job, password = state.vps_password_reset(req.world, req.me, order_id)
    return {"passwd": password, "resp_id": job.pk}


@route("GET", rf"/api/vps/{ORDER}/log_details/(?P<log_id>\d+)/")
def vps_log_details(req: Request, order_id: str, log_id: str) -> dict:
    if len(log_id) > 18:
        raise ApiError(404, "Not found")
    return shapes.log_entry(req.world, state.get_job(req.world, req.me, order_id, int(log_id)))


def _moment(raw: str | None, default: datetime, now: datetime, *, end: bool) -> datetime:
    """A stats bound: YYYY-MM-DD (the whole day), an ISO time, or relative like -1h / -7d."""
    text = (raw or "").strip()
    if not text:
        return default
    relative = re.fullmatch(r"-(\d{1,4})([mhdw])", text)
    if relative:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[relative[2]]
        return now - timedelta(**{unit: int(relative[1])})
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = datetime.fromisoformat(text).date()
            return datetime.combine(day, time.max if end else time.min, MSK)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise bad_request(f"Invalid {'end' if end else 'start'} {text[:30]!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=MSK)


@route("GET", rf"/api/vps/{ORDER}/stats/(?P<field>[^/]+)/")
def vps_stats(req: Request, order_id: str, field: str) -> dict:
    state.get_order(req.me, order_id, "vps")
    if field not in STAT_FIELDS:
        raise bad_request(f"Invalid field {field[:20]!r}: must be one of {', '.join(STAT_FIELDS)}")
    now = req.world.clock.wall()
    start = _moment(req.query.get("start"), now - timedelta(hours=1), now, end=False)
    finish = _moment(req.query.get("end"), now, now, end=True)
    if finish < start:
        raise bad_request("The end is before the start")
    day = lambda moment: moment.astimezone(MSK).date().isoformat()  # noqa: E731
    answer = stats.vps_series(req.world.seed, order_id, field, day(start), day(finish), now)
    low, high = start.timestamp() * 1000, finish.timestamp() * 1000
    series = []
    for item in answer["series"]:
        points = [
            [item["pointStart"] + index * item["pointInterval"], value]
            for index, value in enumerate(item["data"])
        ]
        shown = {"name": item["name"], "color": item["color"]}
        if "type" in item:
            shown["type"] = item["type"]
        shown["data"] = [point for point in points if low <= point[0] <= high]
        series.append(shown)
    return {"series": series, "subtitle": answer["subtitle"]}


@route("GET", rf"/api/vps/{ORDER}/ssh_keys/")
def vps_ssh_keys(req: Request, order_id: str) -> list:
    return [shapes.ssh_key(req.me, key) for key in state.order_keys(req.me, order_id)]


@route("POST", rf"/api/vps/{ORDER}/ssh_keys/(?P<action>add|delete)/")
def vps_ssh_key_change(req: Request, order_id: str, action: str) -> tuple:
    key_pk = req.body.get("key_pk")
    if key_pk is None or key_pk == "":
        raise field_error("key_pk", "This field is required.")
    change = state.attach_key if action == "add" else state.detach_key
    try:
        change(req.me, order_id, str(key_pk))
    except ApiError as exc:
        raise as_fields(exc, ("key_pk",)) from None
    return 200, None


@route("GET", rf"/api/vps/{ORDER}/reinstall/(?P<kind>templates|apps|snapshots)/")
def vps_reinstall_options(req: Request, order_id: str, kind: str) -> dict:
    state.get_order(req.me, order_id, "vps")
    if kind == "templates":
        return req.page(shapes.templates())
    if kind == "apps":
        return req.page(shapes.apps())
    return req.page(shapes.snapshot_list(req.world, req.me))


@route("POST", rf"/api/vps/{ORDER}/reinstall/reinstall/")
def vps_reinstall(req: Request, order_id: str) -> dict:
    job, display = v2_state.reinstall(req.world, req.me, order_id, req.body)
    return shapes.reinstall_started(display, job.created_at)


# SSH keys, tickets, IP addresses -------------------------------------------------------------


@route("GET", r"/api/ssh_keys/")
def ssh_keys(req: Request) -> list:
    return [shapes.ssh_key(req.me, key) for key in req.me.ssh_keys.values()]


@route("POST", r"/api/ssh_keys/")
def ssh_key_add(req: Request) -> tuple:
    for name in ("key", "title"):
        if not str(req.body.get(name) or "").strip():
            raise field_error(name, "This field is required.")
    try:
        key = state.add_ssh_key(req.world, req.me, str(req.body["title"]), str(req.body["key"]))
    except ApiError as exc:
        raise as_fields(exc, ("key", "title")) from None
    return 201, shapes.ssh_key(req.me, key)


@route("DELETE", r"/api/ssh_keys/(?P<key_id>\d{1,18})/")
def ssh_key_delete(req: Request, key_id: str) -> tuple:
    state.delete_ssh_key(req.me, key_id)
    return 204, None


@route("POST", r"/api/tickets/ticket/")
def ticket_create(req: Request) -> tuple:
    return 201, v2_state.ticket_create(req.world, req.me, req.body)


@route("GET", r"/api/tickets/webhook_info/")
def webhook_info(req: Request) -> dict:
    return shapes.webhook(req.me)


@route("POST", r"/api/tickets/webhook_set/")
def webhook_set(req: Request) -> tuple:
    url = req.body.get("url")
    try:
        state.set_webhook(req.me, None if url is None else str(url))
    except ApiError as exc:
        raise as_fields(exc, ("url",)) from None
    return 201, shapes.webhook(req.me)


@route("GET", r"/api/network/ip-address/")
def ip_addresses(req: Request) -> list:
    found = shapes.ip_addresses(req.me)
    search = (req.query.get("search") or "").strip().lower()
    if search:
        found = [a for a in found if search in a["ip"] or search in a["rdns"].lower()]
    kind = (req.query.get("type") or "").strip().lower()
    if kind in ("4", "ipv4", "v4", "6", "ipv6", "v6"):
        found = [a for a in found if (":" in a["ip"]) == ("6" in kind)]
    ordering = req.query.get("ordering") or ""
    if ordering.lstrip("-") in ("ip", "id"):
        found.sort(key=lambda a: a[ordering.lstrip("-")], reverse=ordering.startswith("-"))
    return found
