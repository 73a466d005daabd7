"""Checks of the two text files Fornex serves: a domain's zone file and a VPN `.ovpn` profile.

A 200 answer with garbage, or with a file cut short, must never be shown, cached or downloaded as
if it were the file: each check raises `TextFileError` with the reason, which the client turns
into `MalformedResponse` (Fornex's fault, not the member's).

The zone check is a small parser of the BIND master-file syntax (RFC 1035 section 5) as Fornex
writes it: directives, records with optional owner, TTL and class, parentheses across lines,
quoted strings, comments. It wants exactly one SOA, as the zone's first record, and checks the
data of the common types (addresses, numbers, names) so that a record cut in half is refused. A
file cut at a line boundary still parses: the transport's Content-Length check catches that.

The profile check wants what an OpenVPN client needs: the `client` mode (or `tls-client` with
`pull`), a `dev`, a `remote` (top level or in a `<connection>` block), the `<ca>` certificate, and
every inline block (`<ca>`, `<cert>`, `<key>`...) closed, with complete PEM armour inside.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any

from .errors import MalformedResponse

__all__ = [
    "TextFileError",
    "check_ovpn",
    "check_zone_file",
    "check_zone_lists",
    "checked",
    "parse_zone",
]

_MAX_REASON = 120


class TextFileError(ValueError):
    """The text is not the file it claims to be; the message says why (no file content)."""


def checked(
    text: str,
    check: Callable[[str], str],
    *,
    what: str,
    operation: str,
    path: str | None = None,
) -> str:
    """`text` if `check` passes it; otherwise a MalformedResponse (Fornex's fault) saying why."""
    try:
        return check(text)
    except TextFileError as error:
        message = f"Not a valid {what}: {error}"
    raise MalformedResponse(message, status=200, operation=operation, path=path) from None


# Zone files ------------------------------------------------------------------------------------

RECORD_TYPES = frozenset(
    {
        "A", "AAAA", "AFSDB", "CAA", "CDNSKEY", "CDS", "CERT", "CNAME", "DNAME", "DNSKEY", "DS",
        "HINFO", "HTTPS", "LOC", "MX", "NAPTR", "NS", "NSEC", "NSEC3", "NSEC3PARAM", "OPENPGPKEY",
        "PTR", "RP", "RRSIG", "SMIMEA", "SOA", "SPF", "SRV", "SSHFP", "SVCB", "TLSA", "TXT", "URI",
    }
)  # fmt: skip
CLASSES = frozenset({"IN", "CH", "HS", "CS"})
_GENERIC_TYPE = re.compile(r"TYPE\d{1,5}")
_TTL = re.compile(r"(?i)\d+|(\d+[smhdw])+")
_NAME = re.compile(r"@|\.|[\w*\\-][\w*\\/.-]*")
_NUMBER = re.compile(r"\d{1,10}")
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[()]|;[^\n]*|\n|[ \t\r]+|[^\s()";]+|"')


def _ttl(token: str) -> bool:
    return bool(_TTL.fullmatch(token))


def _name(token: str) -> bool:
    return bool(_NAME.fullmatch(token)) and ".." not in token and len(token) <= 255


def _number(token: str, limit: int = 2**32 - 1) -> bool:
    return bool(_NUMBER.fullmatch(token)) and int(token) <= limit


def _logical_lines(text: str) -> list[tuple[int, bool, list[str]]]:
    """(first line number, starts with blank, tokens) per entry, parentheses joined."""
    entries: list[tuple[int, bool, list[str]]] = []
    tokens: list[str] = []
    depth = 0
    line_no = 1
    start_no = 1
    starts_blank = False
    at_line_start = True
    for match in _TOKEN.finditer(text):
        token = match.group()
        if at_line_start and depth == 0:
            start_no = line_no
            starts_blank = token[:1] in (" ", "\t")
            at_line_start = False
        if token == "\n":
            line_no += 1
            if depth == 0:
                if tokens:
                    entries.append((start_no, starts_blank, tokens))
                tokens = []
                at_line_start = True
            continue
        if token[:1] in (" ", "\t", "\r", ";"):
            continue
        if token == '"':
            raise TextFileError(f"line {line_no}: a quoted string is not closed")
        if token == "(":
            if depth:
                raise TextFileError(f"line {line_no}: nested parenthesis")
            depth = 1
            continue
        if token == ")":
            if not depth:
                raise TextFileError(f"line {line_no}: a parenthesis closes that was never opened")
            depth = 0
            continue
        tokens.append(token)
    if depth:
        raise TextFileError(f"line {start_no}: a parenthesis is never closed (the file ends)")
    if tokens:
        entries.append((start_no, starts_blank, tokens))
    return entries


def _split_record(tokens: list[str], has_owner: bool) -> tuple[str, list[str]]:
    """(type, rdata) of a record line: skips the owner, then a TTL and a class in either order."""
    rest = tokens[1:] if has_owner else tokens
    if has_owner and not _name(tokens[0]):
        raise TextFileError("invalid owner name")
    for _ in range(2):
        if rest and (_ttl(rest[0]) or rest[0].upper() in CLASSES):
            rest = rest[1:]
    if not rest:
        raise TextFileError("a record without a type")
    rtype = rest[0].upper()
    if rtype not in RECORD_TYPES and not _GENERIC_TYPE.fullmatch(rtype):
        raise TextFileError("unknown record type")
    if len(rest) < 2:
        raise TextFileError(f"a {rtype} record without data")
    return rtype, rest[1:]


def _check_rdata(rtype: str, data: list[str]) -> None:
    def want(count: int) -> None:
        if len(data) != count:
            raise TextFileError(f"a {rtype} record needs {count} fields, has {len(data)}")

    if rtype == "A":
        want(1)
        try:
            ipaddress.IPv4Address(data[0])
        except ValueError:
            raise TextFileError("invalid IPv4 address") from None
    elif rtype == "AAAA":
        want(1)
        try:
            ipaddress.IPv6Address(data[0])
        except ValueError:
            raise TextFileError("invalid IPv6 address") from None
    elif rtype in ("NS", "CNAME", "PTR", "DNAME"):
        want(1)
        if not _name(data[0]):
            raise TextFileError(f"invalid {rtype} target")
    elif rtype == "MX":
        want(2)
        if not _number(data[0], 65535) or not _name(data[1]):
            raise TextFileError("invalid MX data")
    elif rtype == "SRV":
        want(4)
        if not all(_number(n, 65535) for n in data[:3]) or not _name(data[3]):
            raise TextFileError("invalid SRV data")
    elif rtype == "SOA":
        want(7)
        if not (_name(data[0]) and _name(data[1])):
            raise TextFileError("invalid SOA names")
        if not _number(data[2]) or not all(_number(n) or _ttl(n) for n in data[3:]):
            raise TextFileError("invalid SOA numbers")
    elif rtype == "CAA" and (len(data) < 3 or not _number(data[0], 255)):
        raise TextFileError("invalid CAA data")


def check_zone_file(text: str) -> str:
    """Return `text` if it is a parseable zone with one SOA as its first record."""
    parse_zone(text)
    return text


def parse_zone(text: str) -> list[tuple[str, str, list[str]]]:
    """The zone's records as (owner, type, data) after checking the whole file."""
    if not isinstance(text, str) or not text.strip():
        raise TextFileError("the zone file is empty")
    if "\x00" in text:
        raise TextFileError("the zone file holds NUL bytes")
    records: list[tuple[str, str, list[str]]] = []
    owner: str | None = None
    for line_no, starts_blank, tokens in _logical_lines(text):
        try:
            if tokens[0].startswith("$"):
                _check_directive(tokens)
                continue
            # A line that starts with a blank has no owner: the previous record's owner goes on.
            if starts_blank and owner is None:
                raise TextFileError("a record without an owner name")
            rtype, data = _split_record(tokens, has_owner=not starts_blank)
            _check_rdata(rtype, data)
        except TextFileError as error:
            raise TextFileError(f"line {line_no}: {error}"[:_MAX_REASON]) from None
        if not starts_blank:
            owner = tokens[0]
        if rtype == "SOA" and records:
            raise TextFileError(f"line {line_no}: the SOA record is not the first record")
        records.append((owner or "@", rtype, data))
    soa_count = sum(1 for _owner, rtype, _data in records if rtype == "SOA")
    if soa_count != 1:
        raise TextFileError("the zone has no SOA record" if not soa_count else "more than one SOA")
    return records


def check_zone_lists(text: str, domain: str, listed: Iterable[Any]) -> str:
    """Return `text` if, beyond `check_zone_file`, it holds every record the API listed.

    `listed` are the domain's records as the API lists them (DnsRecord: host, type, value, prio),
    read at the same moment. A zone cut at a line break, or inside a name, still parses; it lacks
    some of them, or holds one with another address or target.
    """
    records = parse_zone(text)
    unused = list(records)
    missing = 0
    for record in listed:
        rtype = str(record.type).upper()
        if rtype not in _LISTED_TYPES:
            continue  # a type Fornex might write otherwise, or not at all, in the file
        owner = _owner_key(record.host or "@", domain)
        match = next(
            (
                entry
                for entry in unused
                if entry[1] == rtype
                and _owner_key(entry[0], domain) == owner
                and _same_data(rtype, entry[2], str(record.value), domain)
            ),
            None,
        )
        if match is None:
            missing += 1
        else:
            unused.remove(match)
    if missing:
        raise TextFileError(f"the zone lacks {missing} of the records Fornex lists")
    return text


_LISTED_TYPES = frozenset({"A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA"})


def _owner_key(name: str, domain: str) -> str:
    name = name.lower().rstrip(".")
    domain = domain.lower().rstrip(".")
    if name in ("@", "", domain):
        return "@"
    if name.endswith("." + domain):
        return name[: -len(domain) - 1]
    return name


def _same_data(rtype: str, data: list[str], value: str, domain: str) -> bool:
    """Whether the zone's data says what the API's value says (for the types where it is plain)."""
    try:
        if rtype in ("A", "AAAA"):
            return ipaddress.ip_address(data[0]) == ipaddress.ip_address(value.strip())
        if rtype in ("CNAME", "NS", "PTR", "DNAME"):
            return _owner_key(data[0], domain) == _owner_key(value.strip(), domain)
        if rtype == "MX":
            return _owner_key(data[-1], domain) == _owner_key(value.split()[-1], domain)
        if rtype == "SRV":
            return _owner_key(data[-1], domain) == _owner_key(value.split()[-1], domain)
    except (ValueError, IndexError):
        return False
    # TXT, CAA and the rest: quoting and splitting differ; the parse already refused a cut string.
    return True


def _check_directive(tokens: list[str]) -> None:
    directive = tokens[0].upper()
    if directive == "$TTL":
        if len(tokens) != 2 or not _ttl(tokens[1]):
            raise TextFileError("invalid $TTL")
    elif directive == "$ORIGIN":
        if len(tokens) != 2 or not _name(tokens[1]):
            raise TextFileError("invalid $ORIGIN")
    else:
        # $INCLUDE would name a file we do not have; anything else is not a zone file.
        raise TextFileError("unexpected directive")


# OpenVPN profiles ------------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"[a-z][a-z0-9-]*(\s.*)?")
_OPEN = re.compile(r"<([a-z][a-z0-9-]*)>")
_CLOSE = re.compile(r"</([a-z][a-z0-9-]*)>")
_PEM_BEGIN = re.compile(r"-----BEGIN ([A-Za-z0-9 ]+)-----")
_PEM_END = re.compile(r"-----END ([A-Za-z0-9 ]+)-----")
_PEM_BLOCKS = frozenset({"ca", "cert", "key", "extra-certs", "dh", "pkcs12"})
_PEM_BODY = re.compile(r"[A-Za-z0-9+/=]+|[A-Za-z-]+: .*")


def check_ovpn(text: str) -> str:
    """Return `text` if it is a complete OpenVPN client profile."""
    if not isinstance(text, str) or not text.strip():
        raise TextFileError("the profile is empty")
    if "\x00" in text:
        raise TextFileError("the profile holds NUL bytes")
    directives: set[str] = set()
    blocks: set[str] = set()
    block: str | None = None
    block_lines: list[str] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if block is not None:
            closing = _CLOSE.fullmatch(line)
            if closing:
                if closing.group(1) != block:
                    raise TextFileError(f"line {line_no}: {_shown(block)} is closed by another tag")
                _check_block(block, block_lines, directives, line_no)
                blocks.add(block)
                block, block_lines = None, []
            else:
                block_lines.append(line)
            continue
        if not line or line[0] in "#;":
            continue
        opening = _OPEN.fullmatch(line)
        if opening:
            block = opening.group(1)
            continue
        if not _DIRECTIVE.fullmatch(line):
            raise TextFileError(f"line {line_no}: not an OpenVPN directive")
        directives.add(line.split()[0])
    if block is not None:
        raise TextFileError(f"the {_shown(block)} block is never closed (the file ends)")
    missing = []
    if "client" not in directives and not {"tls-client", "pull"} <= directives:
        missing.append("client")
    if "dev" not in directives:
        missing.append("dev")
    if "remote" not in directives:
        missing.append("remote")
    if "ca" not in blocks and "ca" not in directives:
        missing.append("<ca>")
    if ("cert" in blocks) != ("key" in blocks):
        missing.append("<key>" if "cert" in blocks else "<cert>")
    if missing:
        raise TextFileError("the profile lacks " + ", ".join(missing))
    return text


_KNOWN_BLOCKS = _PEM_BLOCKS | {"connection", "tls-auth", "tls-crypt", "tls-crypt-v2", "secret"}


def _shown(block: str) -> str:
    """A block's tag for a message; an unknown one is not quoted (it is text from the file)."""
    return f"<{block}>" if block in _KNOWN_BLOCKS else "inline"


def _check_block(block: str, lines: list[str], directives: set[str], line_no: int) -> None:
    body = [line for line in lines if line]
    if block == "connection":
        for line in body:
            if line[0] in "#;":
                continue
            if not _DIRECTIVE.fullmatch(line):
                raise TextFileError(f"line {line_no}: not an OpenVPN directive in <connection>")
            directives.add(line.split()[0])
        return
    if block not in _PEM_BLOCKS:
        if not body:
            raise TextFileError(f"line {line_no}: the {_shown(block)} block is empty")
        return
    if block == "pkcs12":
        return
    begin = end = None
    for line in body:
        if begin is None:
            # Text around the armour (openssl's "Certificate:" dump, comments) is allowed.
            match = _PEM_BEGIN.fullmatch(line)
            if match:
                begin = match.group(1)
            continue
        match = _PEM_END.fullmatch(line)
        if match:
            if match.group(1) != begin:
                raise TextFileError(f"line {line_no}: <{block}> has mismatched PEM armour")
            end, begin = begin, None
        elif not _PEM_BODY.fullmatch(line):
            raise TextFileError(f"line {line_no}: <{block}> holds a broken PEM body")
    if begin is not None or end is None:
        raise TextFileError(f"line {line_no}: <{block}> has no complete PEM block")
