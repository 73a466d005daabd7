"""Somewhere to pay: the billing pages link to Fornex's customer area for a top-up and for the
unpaid invoices, and each expiring order links to its page in the panel."""

from __future__ import annotations

from django.urls import reverse


def test_the_billing_page_links_to_top_up_invoices_and_expiring_orders(
    client, viewer, connection, settings
):
    settings.FORNEX_ACCOUNT_URL = "https://fornex.example/my"
    client.force_login(viewer)
    body = client.get(reverse("billing:billing")).content.decode()
    assert 'href="https://fornex.example/my/billing/"' in body and 'data-testid="top-up"' in body
    # The sandbox's account has one unpaid invoice.
    assert 'href="https://fornex.example/my/invoices/"' in body
    assert 'data-testid="expiring-link"' in body
    assert reverse("vps:detail", args=[connection.pk, "34-177054"]).rsplit("/", 2)[0] in body


def test_the_dashboard_offers_the_top_up_beside_the_runway(client, viewer, connection):
    client.force_login(viewer)
    body = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="top-up"' in body
    assert 'data-testid="pay-invoices"' in body


def test_the_billing_page_gives_the_runway_in_whole_days(client, viewer, connection):
    client.force_login(viewer)
    body = client.get(reverse("billing:billing")).content.decode()
    runway = body.split('data-testid="runway"')[1].split("</dd>")[0]
    assert "5 days" in runway and "5.7" not in runway
