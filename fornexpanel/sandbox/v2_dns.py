"""The v2 sandbox's DNS operations: domains, records, zone file, tags, name servers."""

from __future__ import annotations

from fornexpanel.sandbox import state
from fornexpanel.sandbox import v2_shapes as shapes
from fornexpanel.sandbox.api import Response, text_response
from fornexpanel.sandbox.v2_http import NAME, ORDER, Request, as_fields, route, strings
from fornexpanel.sandbox.v2_state import field_error
from fornexpanel.sandbox.validation import RECORD_TYPES, ApiError
from fornexpanel.sandbox.zonefile import zone_file

# DNS -----------------------------------------------------------------------------------------


@route("GET", r"/api/dns/domain/")
def dns_domain_list(req: Request) -> dict:
    q = (req.query.get("q") or "").strip().lower()
    tag = req.query.get("tag") or ""
    found = [
        domain
        for domain in req.me.domains.values()
        if (not tag or tag in domain.tags)
        and (
            not q
            or q in domain.name
            or any(q in record.value.lower() for record in domain.records.values())
        )
    ]
    return req.page([shapes.domain(domain) for domain in found])


@route("POST", r"/api/dns/domain/")
def dns_domain_add(req: Request) -> tuple:
    body = strings(req.body, ("name", "ip"))
    for name in ("name", "ip"):
        if not body.get(name, "").strip():
            raise field_error(name, "This field is required.")
    try:
        domain = state.add_domain(req.world, req.me, body["name"], body["ip"])
    except ApiError as exc:
        raise as_fields(exc, ("name", "ip")) from None
    return 201, shapes.domain(domain)


@route("DELETE", rf"/api/dns/domain/{NAME}/")
def dns_domain_delete(req: Request, name: str) -> tuple:
    state.delete_domain(req.me, name)
    return 204, None


@route("GET", rf"/api/dns/domain/{NAME}/zone_file/")
def dns_zone_file(req: Request, name: str) -> Response:
    return text_response(zone_file(state.get_domain(req.me, name)))


@route("PUT", rf"/api/dns/domain/{NAME}/tags/")
def dns_domain_tags(req: Request, name: str) -> dict:
    domain = state.get_domain(req.me, name)
    tags = req.body.get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise field_error("tags", "Expected a list of tag names.")
    domain.tags = list(dict.fromkeys(t.strip() for t in tags))
    return {"tags": list(domain.tags)}


@route("GET", rf"/api/dns/domain/{NAME}/entry_set/")
def dns_entries(req: Request, name: str) -> list:
    records = state.filter_records(state.get_domain(req.me, name), req.query.get("q") or "")
    rtype = (req.query.get("type") or "").upper()
    if rtype and rtype != "NULL":
        if rtype not in RECORD_TYPES:
            raise field_error("type", f'"{rtype[:10]}" is not a valid choice.')
        records = [record for record in records if record.type == rtype]
    return [shapes.entry(record) for record in records]


def _record_params(req: Request, domain: str) -> dict[str, str]:
    params = strings(req.body, ("host", "type", "value", "ttl", "prio"))
    if len(params.get("value", "")) > 1024:
        raise field_error("value", "Ensure this field has no more than 1024 characters.")
    if len(params.get("host", "")) > 255:
        raise field_error("host", "Ensure this field has no more than 255 characters.")
    return params


_RECORD_FIELDS = ("host", "type", "value", "ttl", "prio")


@route("POST", rf"/api/dns/domain/{NAME}/entry_set/")
def dns_entry_add(req: Request, name: str) -> tuple:
    try:
        record = state.add_record(req.world, req.me, name, _record_params(req, name))
    except ApiError as exc:
        raise as_fields(exc, _RECORD_FIELDS) from None
    return 201, shapes.entry(record)


@route("PUT", rf"/api/dns/domain/{NAME}/entry_set/(?P<pk>\d{{1,18}})/")
def dns_entry_edit(req: Request, name: str, pk: str) -> dict:
    try:
        record = state.edit_record(req.world, req.me, name, int(pk), _record_params(req, name))
    except ApiError as exc:
        raise as_fields(exc, _RECORD_FIELDS) from None
    return shapes.entry(record)


@route("DELETE", rf"/api/dns/domain/{NAME}/entry_set/(?P<pk>\d{{1,18}})/")
def dns_entry_delete(req: Request, name: str, pk: str) -> tuple:
    state.delete_record(req.world, req.me, name, int(pk))
    return 204, None


@route("POST", rf"/api/dns/order/{ORDER}/change_ns/")
def dns_change_ns(req: Request, order_id: str) -> dict:
    nss = req.body.get("nss")
    try:
        names = state.change_ns(req.me, order_id, None if nss is None else str(nss))
    except ApiError as exc:
        raise as_fields(exc, ("nss",)) from None
    return {"nss": ",".join(names)}
