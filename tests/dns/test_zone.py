"""The zone file: highlighted on its page, downloadable, and fresh after a change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dns.conftest import DOMAIN, sandbox_zone


def test_the_zone_file_is_shown_highlighted(sandbox_api, as_viewer, connection):
    page = as_viewer.get(reverse("dns:zone", args=[connection.pk, DOMAIN])).content.decode()
    assert '<span class="zf-directive">$TTL</span>' in page
    assert '<span class="zf-type">MX</span>' in page
    assert '<span class="zf-string">&quot;v=spf1 include:spf.improvmx.com ~all&quot;</span>' in page
    assert page.count('class="zf-line"') == len(sandbox_zone(sandbox_api).splitlines())


def test_the_zone_file_downloads_as_an_attachment(sandbox_api, as_viewer, connection):
    response = as_viewer.get(reverse("dns:zone_download", args=[connection.pk, DOMAIN]))
    assert response["Content-Disposition"] == f'attachment; filename="{DOMAIN}.zone"'
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == sandbox_zone(sandbox_api)


def test_the_zone_file_shows_a_record_just_added(sandbox_api, as_operator, connection):
    url = reverse("dns:zone", args=[connection.pk, DOMAIN])
    assert b"198.51.100.77" not in as_operator.get(url).content
    as_operator.post(
        reverse("dns:record_add", args=[connection.pk, DOMAIN]),
        {
            "type": "TXT",
            "host": "note",
            "value": 'say "hi" 198.51.100.77',
            "ttl": "600",
            "mode": "now",
        },
    )
    page = as_operator.get(url).content.decode()
    # Fornex quotes the text and escapes its quotes; the page escapes it again for HTML.
    assert "&quot;say \\&quot;hi\\&quot; 198.51.100.77&quot;" in page


def test_text_in_the_zone_file_cannot_inject_markup(sandbox_api, as_operator, connection):
    as_operator.post(
        reverse("dns:record_add", args=[connection.pk, DOMAIN]),
        {
            "type": "TXT",
            "host": "x",
            "value": "<script>alert(1)</script>",
            "ttl": "600",
            "mode": "now",
        },
    )
    page = as_operator.get(reverse("dns:zone", args=[connection.pk, DOMAIN])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _cached_zone(connection):
    from django.core.cache import cache

    from fornexpanel import gateway

    return cache.get(gateway._key(connection, "zone_file", (DOMAIN,)))


@pytest.mark.parametrize("share", [0.3, 0.5, 0.8, 0.97])
def test_a_zone_file_cut_short_is_refused_and_not_cached(sandbox_api, as_viewer, connection, share):
    # The cut body comes with a matching Content-Length: only the file itself tells.
    sandbox_api.fault(path="zone_file", truncate=share)
    response = as_viewer.get(reverse("dns:zone", args=[connection.pk, DOMAIN]))
    assert response.status_code == 503
    assert "Fornex sent an answer the panel could not read." in response.content.decode()
    assert 'class="zf-line"' not in response.content.decode()
    assert _cached_zone(connection) is None


def test_a_refused_zone_file_is_not_downloaded(sandbox_api, as_viewer, connection):
    sandbox_api.fault(path="zone_file", truncate=0.5)
    response = as_viewer.get(reverse("dns:zone_download", args=[connection.pk, DOMAIN]))
    assert response.status_code == 503
    assert "Content-Disposition" not in response
    assert _cached_zone(connection) is None


def test_the_next_good_zone_file_is_shown_and_cached(sandbox_api, as_viewer, connection):
    sandbox_api.fault(path="zone_file", truncate=0.5, times=1)
    url = reverse("dns:zone", args=[connection.pk, DOMAIN])
    assert as_viewer.get(url).status_code == 503
    page = as_viewer.get(url + "?refresh=1").content.decode()
    assert page.count('class="zf-line"') == len(sandbox_zone(sandbox_api).splitlines())
    assert _cached_zone(connection)["data"] == sandbox_zone(sandbox_api)
