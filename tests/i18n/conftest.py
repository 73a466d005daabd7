"""Fixtures of the language tests: members who read Russian, and the Russian catalogue."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polib
import pytest
from django.utils import translation

from fornexpanel.core.translations import LOCALE_DIR

RUSSIAN = "ru"
# Parts of a msgid that are not English words: placeholders, markup.
_NOT_WORDS = re.compile(r"%\(\w+\)[sdif]|%%|%[sdif]|<[^>]+>")


@pytest.fixture(autouse=True)
def _language_reset():
    """A request for a Russian reader leaves Russian active in the test's thread (as in a web
    worker, where the next request sets its own): later tests start from the default again."""
    yield
    translation.deactivate()


@pytest.fixture
def russian(db):
    """russian(user) -> the user, now with Russian saved as their language."""

    def make(user):
        user.language = RUSSIAN
        user.save(update_fields=["language"])
        return user

    return make


def english_phrases(domain: str = "django", *, min_words: int = 2, min_length: int = 10):
    """The English pieces of the catalogue a Russian page must not show: each msgid (and plural)
    whose Russian differs, cut at its placeholders and markup, keeping pieces long enough not to
    be a word Fornex's data could contain by chance."""
    phrases: dict[str, str] = {}
    for entry in polib.pofile(str(LOCALE_DIR / RUSSIAN / "LC_MESSAGES" / f"{domain}.po")):
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if source in translations:
                continue
            for piece in _NOT_WORDS.split(source):
                piece = " ".join(piece.split()).strip(" .,:;·–—()“”\"'")
                if len(piece) >= min_length and len(piece.split()) >= min_words:
                    phrases.setdefault(piece, entry.msgid)
    return phrases


class VisibleText(HTMLParser):
    """The text a reader sees, and the words in title/placeholder/aria-label/alt: not scripts,
    styles, code, or Fornex's own words (q.fornex-words, shown as Fornex sent them)."""

    SKIP = {"script", "style", "code", "pre", "template", "textarea"}
    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        # Open elements, each with whether its content is left out of the check.
        self.stack: list[tuple[str, bool]] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        skip = tag in self.SKIP or "fornex-words" in (attributes.get("class") or "").split()
        if not self._skipping() and not skip:
            self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs) -> None:
        if not self._skipping():
            self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag) -> None:
        # HTML lets some end tags out (</li>, </p>): close up to the matching element.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data) -> None:
        if not self._skipping():
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def untranslated(html: str, phrases: dict[str, str]) -> list[str]:
    """The catalogue's English phrases found in the page's visible text."""
    text = VisibleText.of(html)
    return sorted(
        f"{phrase!r} (msgid {msgid!r})"
        for phrase, msgid in phrases.items()
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
    )
