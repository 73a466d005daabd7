"""What a DNS value must look like, per record type: pure functions used by the forms.

Each `clean_*` returns the normalised value (lower-case names, punycode for international names,
no trailing dot, compressed IPv6) or raises ValidationError with a message for the member. The
checks run before anything is sent, so Fornex never sees input the panel can tell is wrong.
"""

from __future__ import annotations

import encodings.idna
import ipaddress
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA")
# The values the API documents for `ttl`; 3600 is its default.
TTL_CHOICES = (120, 300, 600, 900, 1800, 3600, 7200, 18000, 43200, 86400)
DEFAULT_TTL = 3600
CAA_TAGS = ("issue", "issuewild", "iodef")
PRIORITY_TYPES = ("MX", "SRV")
HOST_NAME_TYPES = ("CNAME", "NS", "MX")
# Fornex splits long TXT text into 255-byte strings in the zone file; the whole value is capped
# at the v2 spec's maxLength of a record's `value` (EntryRequest.value: 1,024).
TXT_MAX = 1024
NAME_MAX = 253
LABEL_MAX = 63
MAX_NAMESERVERS = 13

# Underscores are allowed in names: real zones need them (_dmarc, _sip._tcp, s1._domainkey).
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_TLD = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
_SRV_HOST = re.compile(r"_[a-z0-9-]+\._[a-z0-9-]+(\..+)?")


@dataclass(frozen=True)
class RecordSpec:
    """One record as the panel sends it: host '' is the zone apex."""

    host: str
    type: str
    value: str
    ttl: int
    prio: int | None = None

    @property
    def display_host(self) -> str:
        return display_host(self.host)


def display_host(host: str) -> str:
    return host or "@"


def _ascii_label(label: str) -> str:
    """One label in its ASCII form (punycode for international labels)."""
    if label.isascii():
        return label.lower()
    try:
        return encodings.idna.ToASCII(label).decode("ascii").lower()
    except (UnicodeError, ValueError):
        raise ValidationError(_("“%(label)s” is not a valid name.") % {"label": label}) from None


def _labels(name: str) -> list[str]:
    """The ASCII labels of a dotted name, or ValidationError saying which part is wrong."""
    if not name:
        raise ValidationError(_("A name is required."))
    if any(ch.isspace() for ch in name):
        raise ValidationError(_("A name cannot contain spaces."))
    labels = []
    for label in name.split("."):
        if not label:
            raise ValidationError(_("A name cannot have an empty part (two dots in a row)."))
        ascii_label = _ascii_label(label)
        if len(ascii_label) > LABEL_MAX:
            raise ValidationError(_("Each part of a name has at most 63 characters."))
        if not _LABEL.fullmatch(ascii_label):
            raise ValidationError(
                _(
                    "“%(label)s”: use letters, digits, hyphens and underscores; "
                    "a part cannot start or end with a hyphen."
                )
                % {"label": label}
            )
        labels.append(ascii_label)
    return labels


def clean_domain_name(raw: str) -> str:
    """A domain to host: at least two parts and a real top level ('example.com', 'пример.рф')."""
    name = (raw or "").strip().removesuffix(".")
    labels = _labels(name)
    if len(labels) < 2:
        raise ValidationError(_("Give the whole domain name, such as example.com."))
    if any("_" in label for label in labels) or not _TLD.fullmatch(labels[-1]):
        raise ValidationError(_("“%(name)s” is not a valid domain name.") % {"name": raw})
    ascii_name = ".".join(labels)
    if len(ascii_name) > NAME_MAX:
        raise ValidationError(_("A domain name has at most 253 characters."))
    return ascii_name


def _looks_like_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    return True


def clean_host_name(raw: str, *, allow_single_label: bool = False) -> str:
    """A host name a record points at (CNAME, NS, MX, SRV target); a trailing dot is allowed."""
    text = (raw or "").strip()
    if _looks_like_ip(text):
        raise ValidationError(
            _(
                "This is an IP address; a host name is needed here (for an address, use an A or AAAA record)."
            )
        )
    name = text.removesuffix(".")
    labels = _labels(name)
    if len(labels) < 2 and not allow_single_label:
        raise ValidationError(_("Give the full host name, such as mail.example.com."))
    if labels[-1].isdigit():
        raise ValidationError(_("“%(name)s” is not a valid host name.") % {"name": raw})
    ascii_name = ".".join(labels)
    if len(ascii_name) > NAME_MAX:
        raise ValidationError(_("A host name has at most 253 characters."))
    return ascii_name


def clean_host(raw: str, domain: str) -> str:
    """Where a record sits in the zone: '@' (the domain itself, returned as ''), '*', '*.dev' or
    a subdomain such as 'www' or '_dmarc'. A full name ending in the domain with a dot is made
    relative; without the dot it is refused, because Fornex would append the domain again."""
    host = (raw or "").strip()
    if host in ("", "@"):
        return ""
    if host.endswith("."):
        absolute = host.removesuffix(".").lower()
        if absolute == domain:
            return ""
        if not absolute.endswith("." + domain):
            raise ValidationError(
                _("“%(host)s” is not inside %(domain)s.") % {"host": host, "domain": domain}
            )
        host = absolute[: -len(domain) - 1]
    elif host.lower() == domain or host.lower().endswith("." + domain):
        raise ValidationError(
            _(
                "Write the host relative to the domain: “www” rather than “www.%(domain)s” "
                "(or end the full name with a dot)."
            )
            % {"domain": domain}
        )
    if host == "*":
        return "*"
    wildcard = host.startswith("*.")
    rest = host[2:] if wildcard else host
    if "*" in rest:
        raise ValidationError(_("A wildcard “*” can only be the first part of the host."))
    labels = _labels(rest)
    relative = ("*." if wildcard else "") + ".".join(labels)
    if len(relative) + 1 + len(domain) > NAME_MAX:
        raise ValidationError(_("The full name would be longer than 253 characters."))
    return relative


def clean_ipv4(raw: str) -> str:
    text = (raw or "").strip()
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        pass
    if _is_ipv6(text):
        raise ValidationError(_("This is an IPv6 address: use an AAAA record for it."))
    raise ValidationError(_("Enter an IPv4 address, such as 203.0.113.10."))


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def clean_ipv6(raw: str) -> str:
    text = (raw or "").strip()
    try:
        return str(ipaddress.IPv6Address(text))
    except ValueError:
        pass
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        raise ValidationError(_("Enter an IPv6 address, such as 2001:db8::10.")) from None
    raise ValidationError(_("This is an IPv4 address: use an A record for it."))


def clean_ip(raw: str) -> str:
    """The first address of a new domain: IPv4 or IPv6."""
    text = (raw or "").strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ValidationError(_("Enter an IPv4 or IPv6 address.")) from None


def clean_txt(raw: str) -> str:
    """Free text. Fornex quotes and splits it in the zone file, so one pair of quotes around the
    whole text (as pasted from a zone file) is taken off rather than stored as part of it."""
    text = (raw or "").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        text = text[1:-1]
    if not text:
        raise ValidationError(_("Enter the text of the record."))
    if len(text) > TXT_MAX:
        raise ValidationError(
            _("A TXT value has at most %(max)d characters (this one has %(count)d).")
            % {"max": TXT_MAX, "count": len(text)}
        )
    if not text.isprintable():
        raise ValidationError(_("A TXT value is one line of printable text (no line breaks)."))
    return text


def clean_number(raw: object, low: int, high: int, what: str) -> int:
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("%(what)s must be a whole number.") % {"what": what}) from None
    if not low <= number <= high:
        raise ValidationError(
            _("%(what)s must be between %(low)d and %(high)d.")
            % {"what": what, "low": low, "high": high}
        )
    return number


def clean_priority(raw: object) -> int:
    if raw is None or str(raw).strip() == "":
        raise ValidationError(_("MX and SRV records need a priority (0 is the most preferred)."))
    return clean_number(raw, 0, 65535, _("The priority"))


def clean_ttl(raw: object) -> int:
    if raw is None or str(raw).strip() == "":
        return DEFAULT_TTL
    try:
        ttl = int(str(raw).strip())
    except ValueError:
        ttl = -1
    if ttl not in TTL_CHOICES:
        raise ValidationError(
            _("Choose a TTL from the list: %(choices)s seconds.")
            % {"choices": ", ".join(str(choice) for choice in TTL_CHOICES)}
        )
    return ttl


def srv_value(weight: int, port: int, target: str) -> str:
    return f"{weight} {port} {target}"


def split_srv(value: str) -> tuple[str, str, str]:
    """'weight port target' into its parts, for the edit form ('', '', value) if it is not."""
    parts = (value or "").split()
    if len(parts) != 3:
        return "", "", value or ""
    return parts[0], parts[1], parts[2]


def clean_srv_target(raw: str) -> str:
    """An SRV target is a host name, or '.' for "this service is not offered here"."""
    if (raw or "").strip() == ".":
        return "."
    return clean_host_name(raw)


def clean_srv_host(host: str) -> str:
    if not _SRV_HOST.fullmatch(host):
        raise ValidationError(
            _("An SRV record's host names the service and protocol, such as _sip._tcp.")
        )
    return host


def caa_value(flags: int, tag: str, value: str) -> str:
    return f'{flags} {tag} "{value}"'


_CAA = re.compile(r'\s*(\d{1,3})\s+([A-Za-z0-9]+)\s+"?(.*?)"?\s*')


def split_caa(value: str) -> tuple[str, str, str]:
    match = _CAA.fullmatch(value or "")
    if not match:
        return "0", "issue", value or ""
    return match[1], match[2].lower(), match[3]


def clean_caa_flags(raw: object) -> int:
    return clean_number(raw if str(raw or "").strip() else 0, 0, 255, _("The flags"))


def clean_caa_tag(raw: str) -> str:
    tag = (raw or "").strip().lower()
    if tag not in CAA_TAGS:
        raise ValidationError(_("The tag is one of: %(tags)s.") % {"tags": ", ".join(CAA_TAGS)})
    return tag


def clean_caa_property(tag: str, raw: str) -> str:
    """issue/issuewild: a certificate authority's domain (or ';' to allow none), optionally
    followed by '; parameters'. iodef: where to report, a mailto: or http(s): URL."""
    text = (raw or "").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    if '"' in text or not text.isprintable():
        raise ValidationError(_("The value cannot contain quotes or line breaks."))
    if len(text) > 255:
        raise ValidationError(_("The value has at most 255 characters."))
    if tag == "iodef":
        if not re.fullmatch(r"(mailto:[^@\s]+@[^@\s]+\.[^@\s]+|https?://[^\s/]+\.[^\s]+)", text):
            raise ValidationError(
                _(
                    "Give a mailto: address or an http(s):// URL, such as mailto:security@example.com."
                )
            )
        return text
    authority, _sep, parameters = text.partition(";")
    authority = authority.strip()
    if not authority:
        if text.startswith(";"):
            return text  # ";" alone: no authority may issue
        raise ValidationError(
            _("Give the certificate authority's domain, such as letsencrypt.org (or “;” for none).")
        )
    try:
        authority = clean_host_name(authority)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a certificate authority's domain, such as letsencrypt.org.")
            % {"value": authority}
        ) from None
    return authority + (f"; {parameters.strip()}" if _sep and parameters.strip() else "")


def clean_nameservers(raw: str) -> list[str]:
    """Two to thirteen full host names, one per line or separated by commas or spaces."""
    names = [name for name in re.split(r"[\s,;]+", raw or "") if name]
    if len(names) < 2:
        raise ValidationError(_("Give at least two name servers, such as ns1.example.com."))
    if len(names) > MAX_NAMESERVERS:
        raise ValidationError(_("Give at most 13 name servers."))
    cleaned = []
    for name in names:
        try:
            cleaned.append(clean_host_name(name))
        except ValidationError as error:
            raise ValidationError(
                _("“%(name)s”: %(reason)s") % {"name": name[:80], "reason": error.messages[0]}
            ) from None
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(_("The same name server is listed twice."))
    return cleaned
