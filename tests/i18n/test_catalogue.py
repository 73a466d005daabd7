"""`make test` fails when a string marked for translation has no Russian translation: the marked
strings are found in the code, the templates and the scripts (as makemessages would, without GNU
gettext) and each must be in locale/ru, translated, not fuzzy, with its placeholders."""

from __future__ import annotations

import gettext
import shutil

import polib
import pytest

from fornexpanel.core import translations
from fornexpanel.core.translations import LOCALE_DIR, catalogue_problems, extract_messages

PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_string_marked_for_translation_has_a_russian_translation(domain):
    problems = catalogue_problems("ru", domain)
    assert not problems, (
        f"{len(problems)} string(s) of the {domain} domain lack a Russian translation. Update "
        "locale/ru/LC_MESSAGES (manage.py makemessages -l ru, see the README's Languages "
        "section) and translate them:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_russian_catalogue_declares_russian_plural_forms(domain):
    catalogue = polib.pofile(str(LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{domain}.po"))
    assert catalogue.metadata["Plural-Forms"] == PLURAL_FORMS
    assert catalogue.metadata["Language"] == "ru"
    assert not catalogue.metadata_is_fuzzy


def test_the_strings_are_found_in_code_templates_and_scripts():
    found = extract_messages("django")
    assert ("", "Sign in to Fornex Panel") in found  # {% translate %}
    assert (
        found[("", "%(counter)s order")].plural == "%(counter)s orders"
    )  # {% blocktranslate count %}
    assert ("", "Fornex refused: %(message)s") in found  # gettext in Python
    assert ("file size", "%(number)s KB") in found  # pgettext_lazy
    assert ("", "Viewer") in found  # a model's choices
    scripts = extract_messages("djangojs")
    assert ("number with a suffix", "%(number)sk") in scripts


def _copy_catalogue(tmp_path):
    target = tmp_path / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po", target / "django.po")
    return target / "django.po"


def test_a_string_without_a_russian_translation_is_reported(tmp_path):
    po_path = _copy_catalogue(tmp_path)
    catalogue = polib.pofile(str(po_path))
    entries = {entry.msgid: entry for entry in catalogue}
    catalogue.remove(entries["Sign in to Fornex Panel"])
    entries["Nothing needs attention."].msgstr = ""
    entries["Dashboard"].flags.append("fuzzy")
    entries["Fornex refused: %(message)s"].msgstr = "Fornex отказал."
    catalogue.save(str(po_path))

    problems = "\n".join(catalogue_problems("ru", "django", locale_dir=tmp_path))

    assert "'Sign in to Fornex Panel': no entry" in problems
    assert "'Nothing needs attention.': not translated" in problems
    assert "'Dashboard': the translation is marked fuzzy" in problems
    assert "'Fornex refused: %(message)s': placeholders differ" in problems
    assert problems.count("\n") == 3


def test_the_catalogues_compile_without_gnu_gettext(tmp_path):
    po_path = _copy_catalogue(tmp_path)
    compiled = translations.compile_catalogues(tmp_path)
    assert compiled == [po_path.with_suffix(".mo")]
    with compiled[0].open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Sign in") == "Войти"
    assert catalogue.ngettext("%(counter)s order", "%(counter)s orders", 21) == "%(counter)s заказ"
    assert catalogue.ngettext("%(counter)s order", "%(counter)s orders", 3) == "%(counter)s заказа"
    assert (
        catalogue.ngettext("%(counter)s order", "%(counter)s orders", 11) == "%(counter)s заказов"
    )
    assert catalogue.pgettext("file size", "%(number)s KB") == "%(number)s КБ"


def test_only_out_of_date_catalogues_are_compiled_again(tmp_path):
    po_path = _copy_catalogue(tmp_path)
    assert translations.stale_catalogues(tmp_path) == [po_path]
    translations.compile_catalogues(tmp_path, only_stale=True)
    assert translations.stale_catalogues(tmp_path) == []
    assert translations.compile_catalogues(tmp_path, only_stale=True) == []
