"""In the browser: the dashboard's money figures, a plan table sorted and filtered, and an admin
pointing the ticket webhook at the panel, then seeing a posted ticket in the feed."""

from __future__ import annotations

import requests

from tests.plugins.browser import sign_in


def test_the_dashboard_shows_balance_runway_and_expiring_orders(page, viewer, connection):
    sign_in(page, viewer.username)
    page.goto("/")

    assert page.inner_text("[data-testid=balance]") == "91.00 EUR"
    assert page.inner_text("[data-testid=monthly-spend]") == "474.84 EUR"
    assert page.inner_text("[data-testid=runway]") == "5 days"
    expiring = page.locator("[data-testid=expiring-orders]")
    assert "db-primary" in expiring.inner_text()
    assert expiring.locator("tr[data-order='217-4410'] >> text=expired").count() == 1
    assert expiring.locator("tr[data-order='34-180006']").count() == 0


def test_a_plan_table_sorts_by_a_column_and_filters(page, viewer, connection):
    sign_in(page, viewer.username)
    page.goto("/billing/plans/vps/")
    table = "[data-testid=plan-table]"
    assert page.get_attribute(table, "data-sort") == "price"

    page.click("[data-sort-key=ram]")
    page.wait_for_selector(f"{table}[data-sort=ram]")
    page.click("[data-sort-key=ram]")
    page.wait_for_selector(f"{table}[data-sort='-ram']")
    rows = page.locator(f"{table} tbody tr")
    assert rows.first.get_attribute("data-plan") == "438"  # 32 GB first
    # The sorted view has its own address (htmx pushes it once the swap has settled).
    page.wait_for_url(lambda url: "-ram" in url)

    page.fill("#id_cpu_min", "4")
    page.fill("#id_price_max", "70")
    page.click("[data-testid=apply-filters]")
    page.wait_for_selector("[data-testid=plan-count] >> text=2 of 6 plans")
    # Leaving each field submitted the filters too (data-autosubmit): let the last answer land
    # before ticking, or its swap would clear the ticks.
    page.wait_for_load_state("networkidle")
    assert [rows.nth(i).get_attribute("data-plan") for i in range(2)] == ["437", "436"]

    page.check("[data-testid=choose-436]")
    page.check("[data-testid=choose-437]")
    page.click("[data-testid=compare]")
    page.wait_for_selector("[data-testid=compare-table]")
    assert page.locator("[data-testid=compare-table] td[data-best]").count() >= 3


def test_an_admin_points_the_webhook_at_the_panel_and_a_posted_ticket_appears_in_the_feed(
    page, admin, connection, fornex
):
    page.on("dialog", lambda dialog: dialog.accept())  # "replaces the URL set at Fornex now"
    sign_in(page, admin.username)
    page.goto(f"/billing/accounts/{connection.pk}/")
    assert "northwindSandboxHook" in page.inner_text("[data-testid=webhook-url]")

    page.click("[data-testid=use-panel-url]")
    page.wait_for_selector("[data-testid=webhook-is-panel]")

    # Fornex now holds the panel's secret address: post to it as Fornex would.
    url = fornex.webhook_info().url
    assert "/billing/hooks/tickets/" in url
    assert url.rsplit("/", 2)[-2] not in page.content()  # the token is never shown
    answer = requests.post(url, json={"text": "New comment added to the ticket #5120"}, timeout=10)
    assert answer.status_code == 200

    page.goto("/billing/tickets/")
    page.wait_for_selector("[data-testid=ticket-event] >> text=ticket #5120")
    # The feed keeps itself up to date while the tab is visible.
    assert page.get_attribute("#ticket-list", "hx-trigger") == "every 10s"
    page.goto("/")
    assert "ticket #5120" in page.inner_text("[data-testid=ticket-events]")
