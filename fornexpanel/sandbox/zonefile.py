"""A domain's BIND zone file, as ``/api/dns/v0.1/<name>/zone_file/`` serves it (text/plain).

Starts like the documented sample (``$TTL 21600`` then ``@ IN SOA ns1.fornex.com. ...``). Names
stay relative to the zone, so there is no ``$ORIGIN``. A record whose TTL is null gets the API's
documented default (3600) written out, not the zone's ``$TTL``.
"""

from __future__ import annotations

from fornexpanel.sandbox.models import MSK, Domain, Record

ZONE_TTL = 21600
DEFAULT_RECORD_TTL = 3600
NAMESERVERS = ("ns1.fornex.com", "ns2.fornex.com")
TXT_CHUNK = 255  # bytes in one DNS character-string


def _target(name: str) -> str:
    """Dotted names are absolute (trailing dot); a single label stays relative to the zone."""
    if name == "." or "." not in name:
        return name
    return name + "."


def _escape_byte(byte: int) -> str:
    if byte in (0x22, 0x5C):  # " and \ are escaped with a backslash
        return "\\" + chr(byte)
    if 0x20 <= byte < 0x7F:
        return chr(byte)
    return f"\\{byte:03d}"  # anything else, UTF-8 included, as \DDD


def txt_rdata(value: str) -> str:
    """Quote and escape TXT text, split into strings of at most 255 bytes each."""
    raw = value.encode()
    chunks = []
    while raw:
        cut = min(TXT_CHUNK, len(raw))
        # Do not cut inside a UTF-8 sequence (continuation bytes are 0b10xxxxxx).
        while cut < len(raw) and raw[cut] & 0xC0 == 0x80:
            cut -= 1
        chunks.append(raw[:cut])
        raw = raw[cut:]
    return " ".join('"' + "".join(_escape_byte(byte) for byte in chunk) + '"' for chunk in chunks)


def rdata(record: Record) -> str:
    if record.type in ("A", "AAAA", "CAA"):
        return record.value
    if record.type == "TXT":
        return txt_rdata(record.value)
    if record.type == "MX":
        return f"{record.prio} {_target(record.value)}"
    if record.type == "SRV":
        weight, port, target = record.value.split()
        return f"{record.prio} {weight} {port} {_target(target)}"
    return _target(record.value)  # CNAME, NS


def serial(domain: Domain) -> int:
    """YYYYMMDDnn from the last change; nn counts quarter hours so same-day edits still bump it."""
    updated = domain.updated.astimezone(MSK)
    return int(f"{updated:%Y%m%d}") * 100 + updated.hour * 4 + updated.minute // 15


def _line(name: str, ttl: int, rtype: str, data: str) -> str:
    return f"{name or '@':<24} {ttl:<6} IN {rtype:<6} {data}"


def zone_file(domain: Domain) -> str:
    lines = [
        f"$TTL {ZONE_TTL}",
        "@ IN SOA ns1.fornex.com. hostmaster.fornex.com. (",
        f"        {serial(domain)} ; serial",
        "        10800 ; refresh",
        "        3600 ; retry",
        "        1209600 ; expire",
        "        3600 ) ; minimum",
        "",
    ]
    lines += [_line("@", ZONE_TTL, "NS", _target(ns)) for ns in NAMESERVERS]
    for record in domain.records.values():
        ttl = record.ttl if record.ttl is not None else DEFAULT_RECORD_TTL
        lines.append(_line(record.host, ttl, record.type, rdata(record)))
    return "\n".join(lines) + "\n"
