"""Syntax highlighting of a BIND zone file, on the server: HTML-escaped spans with classes that
static/css/dns.css colours. No script, so nothing for the Content-Security-Policy to allow."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TYPES = frozenset(
    {"A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA", "SOA", "PTR", "DNAME", "SPF"}
)
CLASSES = frozenset({"IN", "CH", "HS"})
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|\s+|[()]|[^\s()";]+|;.*|.')


def _span(css: str, text: str) -> str:
    return f'<span class="zf-{css}">{escape(text)}</span>'


def highlight_line(line: str) -> SafeString:
    if line.startswith("$"):
        directive, _space, rest = line.partition(" ")
        return mark_safe(_span("directive", directive) + (" " + _rest(rest) if _space else ""))  # noqa: S308 - every piece is escaped
    parts = []
    seen_type = False
    first = True
    # A line that starts with blanks continues a record (the SOA's numbers): no TTL on it.
    record_line = not line[:1].isspace()
    for match in _TOKEN.finditer(line):
        token = match.group()
        if token.isspace():
            parts.append(escape(token))
        elif token.startswith(";"):
            parts.append(_span("comment", token))
        elif token.startswith('"'):
            parts.append(_span("string", token))
        elif token in "()":
            parts.append(_span("paren", token))
        elif first and match.start() == 0:
            parts.append(_span("name", token))
        elif not seen_type and token.upper() in TYPES:
            parts.append(_span("type", token))
            seen_type = True
        elif not seen_type and token.upper() in CLASSES:
            parts.append(_span("class", token))
        elif token.isdigit():
            parts.append(_span("ttl" if record_line and not seen_type else "number", token))
        else:
            parts.append(_span("data", token))
        first = False
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


def _rest(text: str) -> str:
    return "".join(
        _span("comment", t) if t.startswith(";") else _span("data", t) if not t.isspace() else t
        for t in (m.group() for m in _TOKEN.finditer(text))
    )


def highlight(text: str) -> list[SafeString]:
    """One highlighted HTML string per line of the zone file."""
    return [highlight_line(line) for line in (text or "").splitlines()]
