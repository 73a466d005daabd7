"""Languages in the panel: Fornex's own words set apart from the panel's, and the language cookie.

The panel speaks the member's language; Fornex answers in its own (English or Russian, whatever
the API sent). Its words are shown exactly as they came, inside an element that says whose words
they are (`<q class="fornex-words">`), so nobody takes a Russian error for a missing translation
or an English one for the panel's. Everything here escapes what it is given: Fornex's text is
untrusted and never marked safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Where stored results keep Fornex's phrases (operations.registry.FORNEX_WORDS is the same key).
FORNEX_WORDS = "fornex_words"


def language_of(text: str) -> str:
    """Fornex writes in Russian or English: a best guess for the `lang` attribute."""
    return "ru" if _CYRILLIC.search(text or "") else "en"


def fornex_words(text: str) -> SafeString:
    """Fornex's own text, escaped, in an element marking it as Fornex's words."""
    return format_html(
        '<q class="fornex-words" lang="{}" title="{}">{}</q>',
        language_of(text),
        _("Fornex's own words, shown as Fornex sent them"),
        text,
    )


def with_fornex_words(text: str, words: Iterable[str] | str | None) -> SafeString:
    """`text` escaped, with each of `words` (Fornex's phrases quoted in it) marked as Fornex's.

    Used for messages stored earlier (an operation's outcome, a DNS change's result): the text is
    the panel's sentence in the language of the member who started the action, `words` what
    Fornex said inside it, kept beside it."""
    text = "" if text is None else str(text)
    if isinstance(words, str):
        words = [words]
    phrases = sorted({w for w in (words or []) if w and w in text}, key=len, reverse=True)
    if not phrases:
        return conditional_escape(text)
    pattern = re.compile("|".join(re.escape(phrase) for phrase in phrases))
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(conditional_escape(text[position : match.start()]))
        parts.append(fornex_words(match.group(0)))
        position = match.end()
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part was escaped above


def interpolate_html(template: str, values: Mapping[str, Any]) -> SafeString:
    """`template % values` for HTML: the (translated) template and plain values are escaped,
    values already safe (such as `fornex_words(...)`) are kept as they are."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(conditional_escape(template) % escaped)  # noqa: S308 - all parts escaped


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the language cookie (as Django's set_language does), or drop it for "" (the browser
    decides again). Pages seen signed out afterwards, the sign-in page first, keep the choice."""
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    elif not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def is_offered(language: str | None) -> bool:
    return bool(language) and language in dict(settings.LANGUAGES)
