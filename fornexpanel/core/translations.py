"""The panel's translation catalogues, without GNU gettext.

- `compile_catalogues` turns every `locale/<lang>/LC_MESSAGES/*.po` into its `.mo` (polib), for
  `make messages`, the test session and the image build.
- `extract_messages` finds every string marked for translation in the panel's code, templates
  and scripts, as Django's makemessages would (Babel's extractors on the same sources: Python,
  templates through Django's own `templatize`, JavaScript).
- `catalogue_problems` lists what a language's catalogue lacks: a string with no entry, an empty
  or fuzzy translation, or one that lost a placeholder.

Nothing here needs Django's settings, so the test session can compile before Django starts.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCALE_DIR = BASE_DIR / "locale"

# Where the panel's own strings are: what `makemessages` would walk, less what is not the panel's
# (the virtualenv, tests, vendored scripts, generated files).
SOURCE_DIRS = (
    "accounts",
    "billing",
    "dns",
    "vps",
    "operations",
    "fornexpanel",
    "templates",
    "storage",
    "labels",
)
SCRIPT_DIRS = ("static/js",)
SKIP_PARTS = frozenset({"migrations", "__pycache__", "vendor"})

# The same functions Django's makemessages asks xgettext to look for.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
JS_KEYWORDS = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\{\s*\w+\s*\}\}")


@dataclass
class Message:
    msgid: str
    plural: str = ""
    context: str = ""
    locations: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


def mo_path(po_path: Path) -> Path:
    return po_path.with_suffix(".mo")


def stale_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The .po files whose .mo is missing or older."""
    return [
        po
        for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
        if not mo_path(po).exists() or mo_path(po).stat().st_mtime < po.stat().st_mtime
    ]


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, only_stale: bool = False) -> list[Path]:
    """Write the .mo of every .po (or only of those out of date). Fuzzy entries are left out,
    as msgfmt does. Each file is written beside and renamed, so a reader never sees half."""
    import polib

    done = []
    for po_path in stale_catalogues(locale_dir) if only_stale else locale_dir.glob("*/*/*.po"):
        catalogue = polib.pofile(str(po_path))
        target = mo_path(po_path)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        catalogue.save_as_mofile(str(partial))
        os.replace(partial, target)
        done.append(target)
    return sorted(done)


def _source_files(dirs: tuple[str, ...], suffixes: tuple[str, ...]) -> Iterator[Path]:
    for name in dirs:
        for path in sorted((BASE_DIR / name).rglob("*")):
            relative = path.relative_to(BASE_DIR)
            if path.suffix in suffixes and path.is_file() and not SKIP_PARTS & set(relative.parts):
                yield path


def _extract(domain: str) -> Iterator[tuple[Path, int, str | tuple, str | None]]:
    """(file, line, message, context) for each marked string; message is a (singular, plural)
    tuple for plurals."""
    from babel.messages.extract import extract

    if domain == "djangojs":
        for path in _source_files(SCRIPT_DIRS, (".js",)):
            with path.open("rb") as source:
                for line, message, _comments, context in extract(
                    "javascript", source, keywords=JS_KEYWORDS
                ):
                    yield path, line, message, context
        return
    from django.utils.translation.template import templatize

    for path in _source_files(SOURCE_DIRS, (".py", ".html", ".txt")):
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            # Django's own conversion of a template into gettext calls, as makemessages does.
            # Its filler keeps the template's indentation, which Python's tokenizer refuses;
            # the calls it writes are one line each, so the indentation can go.
            text = "\n".join(
                line.lstrip() for line in templatize(text, origin=str(path)).splitlines()
            )
        source = io.BytesIO(text.encode("utf-8"))
        for line, message, _comments, context in extract("python", source, keywords=KEYWORDS):
            yield path, line, message, context


def extract_messages(domain: str = "django") -> dict[tuple[str, str], Message]:
    """Every string marked for translation in `domain` ("django" or "djangojs")."""
    found: dict[tuple[str, str], Message] = {}
    for path, line, message, context in _extract(domain):
        if isinstance(message, tuple):
            singular, plural = message[0], message[1] if len(message) > 1 else ""
        else:
            singular, plural = message, ""
        if not singular:
            continue
        key = (context or "", singular)
        entry = found.setdefault(key, Message(singular, plural or "", context or ""))
        entry.plural = entry.plural or plural or ""
        entry.locations.append(f"{path.relative_to(BASE_DIR)}:{line}")
    return found


def _placeholders(text: str) -> set[str]:
    return {match.group(0).replace(" ", "") for match in _PLACEHOLDER.finditer(text or "")}


def catalogue_problems(
    language: str, domain: str = "django", locale_dir: Path = LOCALE_DIR
) -> list[str]:
    """What the `language` catalogue of `domain` lacks for the strings the code marks now."""
    import polib

    po_path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
    messages = extract_messages(domain)
    if not po_path.exists():
        return [
            f"{po_path.relative_to(BASE_DIR)} is missing ({len(messages)} strings to translate)"
        ]
    entries = {
        (entry.msgctxt or "", entry.msgid): entry
        for entry in polib.pofile(str(po_path))
        if not entry.obsolete
    }
    problems = []
    for key, message in sorted(messages.items(), key=lambda item: item[1].locations[0]):
        where = message.locations[0]
        label = f"{where}: {message.msgid!r}" + (
            f" (context {message.context!r})" if key[0] else ""
        )
        entry = entries.get(key)
        if entry is None:
            problems.append(f"{label}: no entry in {po_path.name}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{label}: the translation is marked fuzzy")
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not translations or not all(text.strip() for text in translations):
            problems.append(f"{label}: not translated")
            continue
        expected = _placeholders(message.msgid) | _placeholders(message.plural)
        for text in translations:
            # Every form keeps every placeholder: Russian uses its "one" form for 21 too.
            lost = expected - _placeholders(text)
            extra = _placeholders(text) - expected
            if lost or extra:
                problems.append(
                    f"{label}: placeholders differ in {text!r} "
                    f"(missing {sorted(lost)}, unknown {sorted(extra)})"
                )
                break
    return problems
