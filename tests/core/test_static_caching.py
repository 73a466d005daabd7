"""Static files under hashed names, compressed, cached by browsers for good; the scripts'
translations (/i18n/js/) cached per language and release."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fornexpanel.core.context_processors import VERSION

YEAR = 365 * 24 * 60 * 60
MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


@pytest.fixture
def collected(settings, tmp_path):
    """The static files collected as in production (hashed, compressed), served by WhiteNoise."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_collected_files_have_hashed_names_and_compressed_copies(collected):
    hashed = list(collected.glob("css/panel.*.css"))
    assert [path.name for path in hashed if re.fullmatch(r"panel\.[0-9a-f]{12}\.css", path.name)]
    assert (collected / "css" / f"{hashed[0].name}.gz").exists() or any(
        collected.glob("css/panel.*.css.gz")
    )
    assert (collected / "staticfiles.json").exists()


def test_a_hashed_url_is_cached_for_good_and_served_compressed(collected, db):
    client = Client()  # a new handler: WhiteNoise reads the collected folder
    page = client.get(reverse("accounts:login")).content.decode()
    url = re.search(r'href="(/static/css/panel\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"] and _max_age(response) >= YEAR
    assert response.get("Content-Encoding") == "gzip"


def test_the_scripts_catalogue_is_cached_per_language_and_release(client, db):
    pinned = client.get(reverse("javascript_catalog"), {"lang": "ru", "v": VERSION})
    assert "immutable" in pinned["Cache-Control"] and _max_age(pinned) >= YEAR
    # The language comes from the URL, whatever the browser prefers: one URL, one catalogue.
    assert "\\u041a\\u0411" in pinned.content.decode() or "КБ" in pinned.content.decode()
    english = client.get(
        reverse("javascript_catalog"), {"lang": "en", "v": VERSION}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert "\\u041a\\u0411" not in english.content.decode()


@pytest.mark.parametrize(
    "query", [{}, {"lang": "ru", "v": "0.0.0-old"}, {"lang": "xx", "v": VERSION}]
)
def test_an_unpinned_catalogue_is_revalidated(client, db, query):
    response = client.get(reverse("javascript_catalog"), query)
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]


def test_pages_link_the_catalogue_of_their_language_and_release(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f'src="/i18n/js/?lang=ru&amp;v={VERSION}"' in page


def test_a_signed_in_member_caches_the_pinned_catalogue_but_not_the_pages(login, viewer):
    client = login(viewer)
    pinned = client.get(reverse("javascript_catalog"), {"lang": "en", "v": VERSION})
    assert "immutable" in pinned["Cache-Control"] and "no-store" not in pinned["Cache-Control"]
    assert "no-store" in client.get(reverse("accounts:profile"))["Cache-Control"]
