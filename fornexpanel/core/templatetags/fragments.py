"""{% fragment %}: a piece of a page rendered once per process for the same inputs.

    {% load fragments %}
    {% fragment "order-row" row.fingerprint can_label %} …the row… {% endfragment %}

A table's rows can be wrapped once more, keyed on all of them (`rows|fingerprints`): a page
shown again then costs one lookup, and a changed row re-renders alone.

The rendered text is kept in this process's memory under a digest of the fragment's name, the
active language and time zone, and the values named after it (their `repr`). The values must
name everything the fragment shows: the key is its content's address, so nothing is ever
invalidated; an entry for old data simply stops being asked for and leaves by age (the least
recently used go first once `settings.FRAGMENT_CACHE_SIZE` entries are kept).

Two things belong to each request yet appear in shared markup (the header's forms): the CSRF
token and the page's own address (the forms' `next`). Inside a fragment, `{% csrf_token %}` and
`{% current_path %}` write a placeholder that is replaced with this request's value each time the
fragment is shown, so the header is rendered once for all the pages of a member.

For the rows of long lists (50 servers, 50 DNS records, 50 audit entries): rendering a row costs
a millisecond or two in the template engine, finding it here a few microseconds. A fragment that
holds what belongs to one request alone (a CSRF token, a one-time form token) is not kept.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from fornexpanel.core.recent import Recent

register = template.Library()

# What only one request may show and has no placeholder (a one-time form token,
# operations.idempotency.FIELD): a fragment holding it is rendered every time.
PER_REQUEST = ("form_token",)

# Placeholders for the request's CSRF token and address, in kept fragments: characters that no
# escaped text contains.
CSRF_HOLE = "\x00csrf\x00"
PATH_HOLE = "\x00path\x00"
HOLES = "_fragment_holes"


# Rendered fragments by key.
fragments = Recent(lambda: settings.FRAGMENT_CACHE_SIZE)


def fragment_key(name: str, values: list) -> str:
    parts = [
        name,
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        *(_described(value) for value in values),
    ]
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def _described(value) -> str:
    text = repr(value)
    # Lazy text names its address in its repr: read it by its words instead (rarely needed, so
    # the common case costs one repr).
    return repr(_worded(value)) if "__proxy__" in text else text


def _worded(value):
    """Lazy text as its words in the active language, in lists, tuples and dicts too: a lazy
    object's `repr` names its address, not what it says."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_worded(item) for item in value]
    if isinstance(value, dict):
        return {name: _worded(item) for name, item in value.items()}
    return value


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name, values: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context) -> SafeString:
        token = str(context.get("csrf_token") or "NOTPROVIDED")
        with_token = token != "NOTPROVIDED"
        key = fragment_key(
            str(self.name.resolve(context)),
            [with_token, *(value.resolve(context) for value in self.values)],
        )
        text = fragments.get(key)
        if text is None:
            holes = {HOLES: True, "csrf_token": CSRF_HOLE} if with_token else {HOLES: True}
            with context.push(holes):
                text = self.nodelist.render(context)
            if not any(marker in text for marker in PER_REQUEST):
                fragments.put(key, text)
        if "\x00" in text and not context.get(HOLES):  # (an enclosing fragment fills them)
            text = text.replace(CSRF_HOLE, token if with_token else "")
            text = text.replace(PATH_HOLE, _path(context))
        return mark_safe(text)  # noqa: S308 (rendered and escaped; the holes' values escaped)


def _path(context) -> str:
    request = context.get("request")
    return conditional_escape(request.get_full_path()) if request is not None else ""


@register.simple_tag(takes_context=True)
def current_path(context) -> str:
    """The page's own address (a form's `next`), escaped; a placeholder inside a fragment."""
    return mark_safe(PATH_HOLE) if context.get(HOLES) else _path(context)  # noqa: S308


@register.filter
def fingerprints(items) -> tuple:
    """{% fragment "rows" rows|fingerprints %}: the key of a whole table, from each row's own
    `fingerprint` (one lookup for the table instead of one per row)."""
    return tuple(item.fingerprint for item in items)


@register.tag("fragment")
def do_fragment(parser, token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name, then the values it shows")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
