"""In the browser: the pager changes the page of a long list in place (htmx), keeps the filters
in the address bar, and fits a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.plugins.browser import sign_in


def test_the_servers_pager_swaps_the_table_in_place_and_keeps_the_filter(page, viewer, big_account):
    big_account(180)
    sign_in(page, viewer.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/servers/?q=node-0")
    rows = page.locator("[data-testid=order-row]")
    expect(rows).to_have_count(50)
    page.evaluate("window.__samePage = true")
    page.click("[data-testid=pager-next]")
    expect(page.locator("[data-testid=pager-current]")).to_have_text("2")
    expect(rows.first).to_have_attribute("data-order", "34-200050")
    assert page.evaluate("window.__samePage === true")  # swapped by htmx, not reloaded
    assert "q=node-0" in page.url and "page=2" in page.url
    nav = page.locator("nav[aria-label='Pages of servers']")
    expect(nav).to_be_visible()
    box = nav.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390 + 1  # the pager wraps on a phone
