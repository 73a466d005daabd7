"""The "fetched … ago · Refresh" line and the stale banner shared by every page."""

from __future__ import annotations

from django.urls import reverse


def test_refresh_keeps_the_pages_filters(login, viewer, connection):
    html = login(viewer).get(reverse("vps:list"), {"type": "vps", "q": "web"}).content.decode()
    assert 'href="?type=vps&amp;q=web&amp;refresh=1"' in html


def test_a_stale_answer_shows_one_banner_with_its_age(login, viewer, connection, sandbox_api):
    client = login(viewer)
    client.get(reverse("dashboard"))
    sandbox_api.fault(path="/api/", status=503)
    html = client.get(reverse("dashboard"), {"refresh": "1"}).content.decode()
    # Balance, invoices and orders are all stale: one banner says so, not three.
    assert html.count('data-testid="stale-banner"') == 1
    assert "not answering" in html
