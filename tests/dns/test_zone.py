"""The zone file: highlighted on its page, downloadable, and fresh after a change."""

from __future__ import annotations

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
