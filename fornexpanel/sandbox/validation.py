"""Parameter checks that mirror what the Fornex API accepts; each failure is a 400 with a reason.

The messages say what is wrong in plain words because the panel shows the API's ``error`` text to
the operator.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import struct
from datetime import date
from urllib.parse import urlsplit


class ApiError(Exception):
    """An answer other than 200: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found() -> ApiError:
    return ApiError(404, "Not found")


RECORD_TYPES = ("A", "AAAA", "TXT", "CNAME", "NS", "MX", "SRV", "CAA")
TTL_CHOICES = (120, 300, 600, 900, 1800, 3600, 7200, 18000, 43200, 86400)
CAA_TAGS = ("issue", "issuewild", "iodef")
TXT_MAX = 1024  # the v2 spec's maxLength of a record's value
SSH_KEY_TYPES = (
    "ssh-rsa",
    "ssh-dss",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)

# Underscores are allowed because real zones need them (_dmarc, _sip._tcp, selector._domainkey).
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_TLD = re.compile(r"(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})")


def _labels_ok(name: str) -> bool:
    return len(name) <= 253 and all(_LABEL.fullmatch(label) for label in name.split("."))


def parse_host(raw: str | None, zone: str | None = None) -> str:
    """A record's host: '@' or '' (stored as ''), '*', or relative labels like 'www' or '*.dev'.

    As Fornex's server does, with the record's `zone` given, a fully-qualified name ending in
    the zone (with or without its final dot) is taken relative to it: 'www.example.com' and
    'www.example.com.' are 'www', 'example.com.' is the apex. A name with a final dot outside
    the zone is refused."""
    host = (raw or "").strip().lower()
    if zone:
        apex = zone.strip().lower().removesuffix(".")
        absolute = host.endswith(".") and host not in (".",)
        bare = host.removesuffix(".") if absolute else host
        if bare == apex:
            return ""
        if bare.endswith(f".{apex}"):
            host = bare[: -len(apex) - 1]
        elif absolute:
            raise bad_request(
                f"Invalid host {raw!r}: {bare} is not in the zone {apex}; use a name relative "
                "to the zone such as 'www'"
            )
    if host in ("", "@"):
        return ""
    if host == "*":
        return "*"
    rest = host[2:] if host.startswith("*.") else host
    if not _labels_ok(rest):
        raise bad_request(f"Invalid host {raw!r}: use '@', '*' or a subdomain such as 'www'")
    return host


def parse_hostname(raw: str | None, what: str = "value") -> str:
    """A host name a record points at (CNAME/NS/MX target); a trailing dot is accepted."""
    name = (raw or "").strip().lower().removesuffix(".")
    if not name or not _labels_ok(name):
        raise bad_request(
            f"Invalid {what} {raw!r}: expected a host name such as 'mail.example.com'"
        )
    return name


def parse_domain_name(raw: str | None) -> str:
    """A domain to host in DNS: at least two labels and an alphabetic (or IDNA) top level."""
    name = (raw or "").strip().lower().removesuffix(".")
    labels = name.split(".")
    ok = len(labels) >= 2 and _labels_ok(name) and "_" not in name and _TLD.fullmatch(labels[-1])
    if not ok:
        raise bad_request(f"Invalid domain name {raw!r}")
    return name


def parse_ipv4(raw: str | None, what: str = "value") -> str:
    try:
        return str(ipaddress.IPv4Address((raw or "").strip()))
    except ValueError:
        raise bad_request(f"Invalid {what} {raw!r}: expected an IPv4 address") from None


def parse_ipv6(raw: str | None, what: str = "value") -> str:
    try:
        return str(ipaddress.IPv6Address((raw or "").strip()))
    except ValueError:
        raise bad_request(f"Invalid {what} {raw!r}: expected an IPv6 address") from None


def parse_ip(raw: str | None) -> str:
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        raise bad_request(f"Invalid ip {raw!r}: expected an IPv4 or IPv6 address") from None


def parse_int(raw: str | None, what: str, low: int, high: int) -> int:
    try:
        number = int((raw or "").strip())
    except ValueError:
        raise bad_request(f"Invalid {what} {raw!r}: expected a whole number") from None
    if not low <= number <= high:
        raise bad_request(f"Invalid {what} {number}: must be between {low} and {high}")
    return number


def parse_ttl(raw: str | None) -> int | None:
    """Missing or empty means the default (stored as null, like the documented examples)."""
    if raw is None or raw.strip() == "":
        return None
    try:
        ttl = int(raw.strip())
    except ValueError:
        ttl = -1
    if ttl not in TTL_CHOICES:
        choices = ", ".join(str(choice) for choice in TTL_CHOICES)
        raise bad_request(f"Invalid ttl {raw!r}: must be one of {choices}")
    return ttl


def _parse_srv(raw: str) -> str:
    parts = raw.split()
    if len(parts) != 3:
        raise bad_request(f"Invalid SRV value {raw!r}: expected 'weight port target'")
    weight = parse_int(parts[0], "SRV weight", 0, 65535)
    port = parse_int(parts[1], "SRV port", 0, 65535)
    target = "." if parts[2] == "." else parse_hostname(parts[2], "SRV target")
    return f"{weight} {port} {target}"


def _parse_caa(raw: str) -> str:
    match = re.fullmatch(r"(\d{1,3})\s+([A-Za-z0-9]+)\s+(.+)", raw)
    if not match:
        raise bad_request(f"Invalid CAA value {raw!r}: expected '0 issue \"letsencrypt.org\"'")
    flags = parse_int(match[1], "CAA flags", 0, 255)
    tag = match[2].lower()
    if tag not in CAA_TAGS:
        raise bad_request(f"Invalid CAA tag {match[2]!r}: must be one of {', '.join(CAA_TAGS)}")
    value = match[3].strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not value or '"' in value or not value.isprintable():
        raise bad_request(f"Invalid CAA value {match[3]!r}")
    return f'{flags} {tag} "{value}"'


def parse_record_value(rtype: str, raw: str | None) -> str:
    value = (raw or "").strip()
    if not value:
        raise bad_request("value is required")
    if rtype == "A":
        return parse_ipv4(value)
    if rtype == "AAAA":
        return parse_ipv6(value)
    if rtype in ("CNAME", "NS", "MX"):
        return parse_hostname(value, f"{rtype} value")
    if rtype == "SRV":
        return _parse_srv(value)
    if rtype == "CAA":
        return _parse_caa(value)
    # TXT: any printable text; the zone file quotes and splits it.
    if len(value) > TXT_MAX or not value.isprintable():
        raise bad_request(f"Invalid TXT value: printable text of at most {TXT_MAX} characters")
    return value


def parse_record(params: dict[str, str], zone: str | None = None) -> dict[str, object]:
    """The fields of ``entry_set/add/`` and ``entry_set/<pk>/``: host, type, value, ttl, prio
    (the host relative to `zone`, see `parse_host`)."""
    rtype = (params.get("type") or "").strip().upper()
    if rtype not in RECORD_TYPES:
        if not rtype:
            raise bad_request("type is required")
        raise bad_request(
            f"Invalid type {params['type']!r}: must be one of {', '.join(RECORD_TYPES)}"
        )
    host = parse_host(params.get("host"), zone)
    if rtype == "CNAME" and host == "":
        raise bad_request("A CNAME record cannot be at the zone apex ('@')")
    value = parse_record_value(rtype, params.get("value"))
    ttl = parse_ttl(params.get("ttl"))
    prio = None
    # Priority only means something for MX and SRV; other types ignore it as the API does.
    if rtype in ("MX", "SRV"):
        if (params.get("prio") or "").strip() == "":
            raise bad_request(f"prio is required for {rtype} records")
        prio = parse_int(params.get("prio"), "prio", 0, 65535)
    return {"host": host, "type": rtype, "value": value, "ttl": ttl, "prio": prio}


def parse_ssh_public_key(raw: str | None) -> tuple[str, str]:
    """Return the normalised one-line public key and its comment.

    The base64 body of an OpenSSH public key starts with the key type again (a length-prefixed
    string), which catches bodies pasted under the wrong type and random text.
    """
    text = (raw or "").strip()
    if not text:
        raise bad_request("key is required")
    if "PRIVATE KEY" in text or text.startswith("-----BEGIN"):
        raise bad_request("This looks like a private key: paste the public key (the .pub file)")
    if "\n" in text or "\r" in text:
        raise bad_request("A public key is a single line: 'ssh-ed25519 AAAA... comment'")
    parts = text.split(None, 2)
    ktype = parts[0]
    if ktype not in SSH_KEY_TYPES:
        raise bad_request(
            f"Unknown key type {ktype[:40]!r}: expected one of {', '.join(SSH_KEY_TYPES)}"
        )
    if len(parts) < 2:
        raise bad_request("The key has no body after its type")
    body = parts[1]
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise bad_request("The key body is not valid base64") from None
    if len(blob) < 4:
        raise bad_request("The key body is too short")
    (name_length,) = struct.unpack(">I", blob[:4])
    if blob[4 : 4 + name_length] != ktype.encode() or len(blob) <= 4 + name_length + 4:
        raise bad_request(f"The key body does not hold a {ktype} key")
    comment = parts[2].strip() if len(parts) == 3 else ""
    return " ".join(part for part in (ktype, body, comment) if part), comment


def parse_nameservers(raw: str | None) -> list[str]:
    names = [name.strip() for name in (raw or "").split(",") if name.strip()]
    if len(names) < 2:
        raise bad_request("nss: give at least two name servers, separated by a comma")
    if len(names) > 13:
        raise bad_request("nss: at most 13 name servers")
    parsed = [parse_hostname(name, "name server") for name in names]
    for name in parsed:
        if "." not in name:
            raise bad_request(f"Invalid name server {name!r}: expected a fully qualified host name")
    if len(set(parsed)) != len(parsed):
        raise bad_request("nss: the same name server is listed twice")
    return parsed


def parse_webhook_url(raw: str | None) -> str | None:
    """Blank deactivates the webhook (stored as None)."""
    url = (raw or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        # The URL itself is not echoed: a webhook URL is a secret of its own.
        raise bad_request("Invalid url: expected an http:// or https:// address")
    return url


def parse_day(raw: str, what: str) -> date:
    try:
        # fromisoformat alone would also take the basic form "20151116"; the API path uses dashes.
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise bad_request(f"Invalid {what} date {raw[:20]!r}: expected YYYY-MM-DD") from None
