"""Every date, number and amount a member reads in a template goes through the panel's filters
(moment, day, since, number, money, days: fornexpanel/core/formats.py). Django's own formatting
filters are allowed only for what machines read: an ISO time in a `datetime=` or `data-`
attribute, a date in an input's `value=`."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
FORMATTING = re.compile(
    r"\|(?P<filter>date|time|floatformat|timesince|timeuntil|naturaltime|naturalday|intcomma)\b"
    r"""(?::(?P<arg>"[^"]*"|'[^']*'|[\w.]+))?"""
)
MACHINE_FORMATS = {"c", "Y-m-d", "U"}
# The template text before the filter ends inside one of these attributes' values.
MACHINE_ATTRIBUTE = re.compile(r"""\b(datetime|data-[\w-]+|value)="[^"<>]*$""")


def human_formatting(text: str) -> list[str]:
    """The formatting filters in `text` that a member reads."""
    found = []
    for match in FORMATTING.finditer(text):
        arg = (match.group("arg") or "").strip("'\"")
        machine = (
            match.group("filter") == "date"
            and arg in MACHINE_FORMATS
            and MACHINE_ATTRIBUTE.search(text[: text.rfind("{{", 0, match.start())])
        )
        if not machine:
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {match.group(0)}")
    return found


def test_no_template_formats_a_date_or_number_its_own_way():
    offending = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in (".html", ".txt") and (found := human_formatting(path.read_text()))
    }
    assert offending == {}


def test_the_scan_tells_machine_readable_from_human_readable():
    assert human_formatting("""<time datetime="{{ t|date:'c' }}">{{ t|moment }}</time>""") == []
    assert human_formatting("""<input value="{% if a %}{{ d|date:'Y-m-d' }}{% endif %}">""") == []
    assert human_formatting("""<td title="{{ t|date:'c' }}">""") == ["line 1: |date:'c'"]
    assert human_formatting('{{ t|date:"SHORT_DATE_FORMAT" }}') == [
        'line 1: |date:"SHORT_DATE_FORMAT"'
    ]
    assert human_formatting('<b data-x="1">{{ x|floatformat:2 }}</b>') == ["line 1: |floatformat:2"]
    assert human_formatting("{{ t|timesince }} {{ t|time:'H:i' }}") == [
        "line 1: |timesince",
        "line 1: |time:'H:i'",
    ]
