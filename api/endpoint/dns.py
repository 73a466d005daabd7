"""DNS through the endpoint: domains (list, add, delete) and records (list, add, change, delete).

Reads come from the DNS pages' cached reads (dns.selectors: the whole list, filtered here) and
writes go through the DNS pages' services (dns.services: role check, audit, cache invalidation).
A token limited to some domains, record types or hosts sees only those: other domains are not
listed, other records are neither listed nor changed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.access import AccessDenied
from accounts.crypto import KeyDecryptionError
from api.endpoint import shapes
from api.endpoint.call import Call
from api.endpoint.http import Problem, data_of, field_errors, not_found, paginate, problem_from
from api.scopes import READ, ScopeDenied
from dns import selectors, services
from dns import validation as v
from dns.plan import cname_conflict
from fornexpanel.fornex import DnsRecord, FornexError

# The `type` filter of the record list: the spec's enum ("null": no filter).
TYPE_FILTER = (*v.RECORD_TYPES, "null")
HOST_MAX = 255
VALUE_MAX = 1024


def _zone(name: str) -> str:
    return name.strip().lower().removesuffix(".")


def _fqdn(host: str, domain: str) -> str:
    return f"{host}.{domain}" if host else domain


# Domains ---------------------------------------------------------------------------------------


def domain_list(call: Call) -> Any:
    scopes = call.scopes
    if not scopes.reads_everything and scopes.dns is None:
        raise ScopeDenied(READ, _("This token has neither the “read” nor the “dns” scope."))
    q = call.query("q").strip().lower()
    tag = call.query("tag")
    found = []
    for item in data_of(selectors.domains(call.connection)):
        if not scopes.sees_domain(item.name) or (tag and tag not in item.tags):
            continue
        visible = [r for r in item.records if scopes.sees_record(r.type, r.host)]
        # As Fornex's search: part of the name, or part of a record's value.
        if q and q not in item.name.lower() and not any(q in r.value.lower() for r in visible):
            continue
        found.append(shapes.domain(item, visible))
    return paginate(call.request, found)


def domain_create(call: Call) -> tuple[int, Any]:
    call.scopes.check_domain_manage()
    call.require_role("dns.domain.manage")
    errors: dict[str, list[str]] = {}
    name = ip = ""
    try:
        name = v.clean_domain_name(_text(call.body, "name", errors, required=True))
    except ValidationError as error:
        errors.setdefault("name", error.messages)
    try:
        ip = v.clean_ip(_text(call.body, "ip", errors, required=True))
    except ValidationError as error:
        errors.setdefault("ip", error.messages)
    if errors:
        raise field_errors(errors)
    try:
        added = services.domain_add(actor=call.member, connection=call.connection, name=name, ip=ip)
    except (FornexError, KeyDecryptionError) as error:
        raise problem_from(error, write=True) from None
    except AccessDenied:
        raise Problem(403, _("The member's role does not allow this.")) from None
    call.facts["domain"] = added
    created = next(
        (d for d in data_of(selectors.domains(call.connection)) if d.name == added), None
    )
    if created is None:
        return 201, {"name": added, "created": "", "updated": "", "tags": [], "entry_set": []}
    return 201, shapes.domain(created)


def domain_destroy(call: Call, name: str) -> tuple[int, None]:
    call.scopes.check_domain_manage()
    call.require_role("dns.domain.manage")
    domain = _zone(name)
    try:
        services.domain_delete(actor=call.member, connection=call.connection, domain=domain)
    except (FornexError, KeyDecryptionError) as error:
        raise problem_from(error, write=True) from None
    except AccessDenied:
        raise Problem(403, _("The member's role does not allow this.")) from None
    return 204, None


# Records ---------------------------------------------------------------------------------------


def _records(call: Call, domain: str, *, fresh: bool = False) -> list[DnsRecord]:
    return list(data_of(selectors.records(call.connection, domain, refresh=fresh)))


def _matches(record: DnsRecord, domain: str, q: str) -> bool:
    """Fornex's record filter: part of the host (relative or fully qualified), the type, or
    part of the value. DNS-01 hooks search by the challenge's full name."""
    host = record.host.lower()
    return (
        q in host
        or q in _fqdn(host, domain)
        or q == record.type.lower()
        or q in record.value.lower()
    )


def entry_list(call: Call, name: str) -> Any:
    domain = _zone(name)
    call.scopes.check_domain_read(domain)
    rtype = call.query("type")
    if rtype and rtype not in TYPE_FILTER:
        raise field_errors({"type": [f'"{rtype[:20]}" is not a valid choice.']})
    q = call.query("q").strip().lower().removesuffix(".")
    return [
        shapes.entry(record)
        for record in _records(call, domain)
        if call.scopes.sees_record(record.type, record.host)
        and (not rtype or rtype == "null" or record.type == rtype)
        and (not q or _matches(record, domain, q))
    ]


def _find(call: Call, domain: str, record_id: str) -> DnsRecord:
    wanted = int(record_id)
    for fresh in (False, True):  # a record just added may be newer than the cached list
        found = next((r for r in _records(call, domain, fresh=fresh) if r.id == wanted), None)
        if found is not None:
            return found
    raise not_found()


def _change(write) -> None:
    try:
        write()
    except (FornexError, KeyDecryptionError) as error:
        raise problem_from(error, write=True) from None
    except AccessDenied:
        raise Problem(403, _("The member's role does not allow this.")) from None


def _check_dns_scope(call: Call, domain: str) -> None:
    """Before anything is read: a token without a DNS scope, or limited to other domains."""
    if call.scopes.all:
        call.require_role("dns.record.change")
    else:
        call.scopes.check_dns_domain(domain)


def _conflict(spec: v.RecordSpec, zone: list[DnsRecord], exclude: int | None = None) -> None:
    others = ((r.host, r.type) for r in zone if r.id != exclude)
    reason = cname_conflict(spec.host, spec.type, others)
    if reason:
        raise field_errors({"host": [reason]})


def entry_create(call: Call, name: str) -> tuple[int, Any]:
    domain = _zone(name)
    _check_dns_scope(call, domain)
    spec = record_spec(call.body, domain)
    call.scopes.check_record_write(domain, spec.type, spec.host)
    _conflict(spec, _records(call, domain))
    added: list[int] = []
    _change(
        lambda: added.append(
            services.record_add(
                actor=call.member, connection=call.connection, domain=domain, spec=spec
            )
        ),
    )
    call.facts["record"] = added[0]
    record = DnsRecord(added[0], spec.host, spec.type, spec.value, spec.ttl, spec.prio)
    return 201, shapes.entry(record)


def entry_update(call: Call, name: str, id: str) -> Any:
    domain = _zone(name)
    _check_dns_scope(call, domain)
    spec = record_spec(call.body, domain)
    call.scopes.check_record_write(domain, spec.type, spec.host)
    record = _find(call, domain, id)
    call.scopes.check_record_write(domain, record.type, record.host)
    _conflict(spec, _records(call, domain), exclude=record.id)
    _change(
        lambda: services.record_update(
            actor=call.member, connection=call.connection, domain=domain, record=record, spec=spec
        ),
    )
    call.facts["record"] = record.id
    return shapes.entry(DnsRecord(record.id, spec.host, spec.type, spec.value, spec.ttl, spec.prio))


def entry_destroy(call: Call, name: str, id: str) -> tuple[int, None]:
    domain = _zone(name)
    _check_dns_scope(call, domain)
    record = _find(call, domain, id)
    call.scopes.check_record_write(domain, record.type, record.host)
    _change(
        lambda: services.record_delete(
            actor=call.member, connection=call.connection, domain=domain, record=record
        ),
    )
    call.facts["record"] = record.id
    return 204, None


# A record's fields, checked as the DNS pages check them ------------------------------------


def _text(body: dict[str, Any], name: str, errors: dict, *, required: bool = False) -> str:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip() and required):
        if required:
            errors.setdefault(name, [_("This field is required.")])
        return ""
    if isinstance(value, bool | dict | list):
        errors.setdefault(name, [_("Not a valid string.")])
        return ""
    return str(value)


def relative_host(raw: str, domain: str) -> str:
    """A record's host as the zone sees it: relative ("www"), "@" or "" for the apex, or fully
    qualified with or without the final dot ("_acme-challenge.example.com")."""
    host = raw.strip()
    bare = host.removesuffix(".").lower()
    if bare in ("", "@") or bare == domain:
        return ""
    if bare.endswith("." + domain):
        return bare[: -len(domain) - 1]
    return host


def _value(rtype: str, raw: str) -> str:
    if rtype == "A":
        return v.clean_ipv4(raw)
    if rtype == "AAAA":
        return v.clean_ipv6(raw)
    if rtype in v.HOST_NAME_TYPES:
        return v.clean_host_name(raw)
    if rtype == "TXT":
        return v.clean_txt(raw)
    if rtype == "SRV":
        weight, port, target = v.split_srv(raw)
        return v.srv_value(
            v.clean_number(weight, 0, 65535, _("The weight")),
            v.clean_number(port, 0, 65535, _("The port")),
            v.clean_srv_target(target),
        )
    flags, tag, prop = v.split_caa(raw)
    tag = v.clean_caa_tag(tag)
    return v.caa_value(v.clean_caa_flags(flags), tag, v.clean_caa_property(tag, prop))


def _host(rtype: str, raw: str, domain: str) -> str:
    host = v.clean_host(relative_host(raw, domain), domain)
    if rtype == "CNAME" and host == "":
        raise ValidationError(_("A CNAME cannot be at the domain itself (“@”)."))
    if rtype == "NS" and host == "":
        raise ValidationError(
            _("The domain's own name servers are set by Fornex; NS records delegate a subdomain.")
        )
    if rtype == "SRV":
        return v.clean_srv_host(host)
    return host


def record_spec(body: dict[str, Any], domain: str) -> v.RecordSpec:
    """The body of an add or a change (`EntryRequest`), or a 400 with DRF-style field errors."""
    errors: dict[str, list[str]] = {}
    rtype = _text(body, "type", errors, required=True).strip().upper()
    if rtype and rtype not in v.RECORD_TYPES:
        errors["type"] = [f'"{rtype[:20]}" is not a valid choice.']
    raw_host = _text(body, "host", errors)
    raw_value = _text(body, "value", errors, required=True)
    if len(raw_host) > HOST_MAX:
        errors["host"] = [_("Ensure this field has no more than 255 characters.")]
    if len(raw_value) > VALUE_MAX:
        errors["value"] = [_("Ensure this field has no more than 1024 characters.")]
    ttl = body.get("ttl")
    if ttl in (None, ""):
        ttl = None  # Fornex's default
    elif isinstance(ttl, bool) or str(ttl).strip() not in {str(t) for t in v.TTL_CHOICES}:
        errors["ttl"] = [f'"{str(ttl)[:20]}" is not a valid choice.']
    else:
        ttl = int(str(ttl).strip())
    if errors:
        raise field_errors(errors)
    host = value = ""
    prio = None
    for name, check in (
        ("host", lambda: _host(rtype, raw_host, domain)),
        ("value", lambda: _value(rtype, raw_value)),
        ("prio", lambda: v.clean_priority(body.get("prio")) if rtype in v.PRIORITY_TYPES else None),
    ):
        try:
            result = check()
        except ValidationError as error:
            errors[name] = error.messages
            continue
        if name == "host":
            host = result
        elif name == "value":
            value = result
        else:
            prio = result
    if errors:
        raise field_errors(errors)
    return v.RecordSpec(host=host, type=rtype, value=value, ttl=ttl, prio=prio)
