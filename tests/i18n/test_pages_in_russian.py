"""Every page of the panel, rendered for a member who reads Russian, shows no English sentence
from the panel's own catalogue. Fornex's own words (marked q.fornex-words) and its data may be
English: they are shown as Fornex sent them.

The pages and the objects they need come from the access-control matrix (tests/access): every URL
pattern that answers a GET with a page is rendered here, as the team's owner, against the sandbox.
"""

from __future__ import annotations

import pytest

from tests.access.matrix import expected_status
from tests.access.test_matrix import ROWS, _path, world  # noqa: F401 - `world` is a fixture
from tests.i18n.conftest import english_phrases, untranslated

# Answers that are not pages: files for programs (the CSV export's column names are identifiers,
# a zone file and a VPN configuration are Fornex's), the health check, and the data the scripts
# load (the graphs' JSON and the scripts' own catalogue: see test_language.py).
NOT_PAGES = {
    "accounts:audit_export",
    "api:endpoint",
    "api:schema",
    "dns:zone_download",
    "health",
    "javascript_catalog",
    "vps:stats",
    "vps:vpn_config",
}
PAGES = sorted(
    name
    for name, row in ROWS.items()
    if expected_status(row.get, "owner", row.scoped) == 200 and name not in NOT_PAGES
)
SIGNED_OUT_PAGES = sorted(
    name
    for name, row in ROWS.items()
    if expected_status(row.get, "anonymous", False) == 200 and name not in NOT_PAGES
)


@pytest.fixture(scope="module")
def phrases():
    return english_phrases()


def test_the_catalogue_gives_the_check_something_to_look_for(phrases):
    # The check below is only as good as this list: it must hold the panel's sentences.
    assert "Sign in to Fornex Panel" in phrases
    assert "Nothing needs attention" in phrases or "Nothing needs attention." in phrases
    assert len(phrases) > 500


def test_every_page_is_checked():
    assert len(PAGES) >= 40, PAGES
    assert {"dashboard", "accounts:team", "vps:list", "vps:detail", "dns:list"} <= set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_all_russian(name, world, client, russian, phrases):  # noqa: F811
    owner = russian(world.personas["owner"])
    client.force_login(owner)
    response = client.get(_path(ROWS[name], world), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, name
    assert response["Content-Type"].startswith("text/html"), f"{name}: add it to NOT_PAGES?"
    html = response.content.decode()
    if "<html" in html:
        assert '<html lang="ru"' in html, "the page does not say it is in Russian"
    found = untranslated(html, phrases)
    assert not found, f"{name} shows English from the catalogue: " + "; ".join(found)


@pytest.mark.parametrize("name", SIGNED_OUT_PAGES)
def test_the_signed_out_page_follows_a_russian_browser(name, world, client, phrases):  # noqa: F811
    response = client.get(_path(ROWS[name], world), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert response.status_code == 200, name
    html = response.content.decode()
    if "<html" in html:
        assert '<html lang="ru"' in html
    found = untranslated(html, phrases)
    assert not found, f"{name} shows English from the catalogue: " + "; ".join(found)


def test_the_error_pages_are_russian(world, client, russian, phrases):  # noqa: F811
    viewer = russian(world.personas["viewer"])
    client.force_login(viewer)
    denied = client.get("/audit/")
    assert denied.status_code == 403
    missing = client.get("/operations/999999/")
    assert missing.status_code == 404
    for response in (denied, missing):
        html = response.content.decode()
        assert '<html lang="ru"' in html
        assert not untranslated(html, phrases)
    assert "Ваша роль этого не позволяет" in denied.content.decode()
    assert "Администратор" in denied.content.decode()  # the role needed, in Russian


def test_the_check_finds_english_on_a_page_for_an_english_reader(world, client, phrases):  # noqa: F811
    # The same check on the English page: it must find the panel's sentences there.
    client.force_login(world.personas["owner"])
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert len(untranslated(html, phrases)) >= 5
