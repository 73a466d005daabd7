"""In the browser, at a phone's width: an admin orders a server end to end (form, summary,
confirmation, the operation followed until the server is up), each page checked with axe-core;
on a legacy connection, the explanation instead."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.plugins.browser import sign_in
from tests.vps.conftest import KEY_ALICE

PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).resolve().parents[2] / "static/vendor/axe-core-4.14.1/axe.min.js"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2 A/AA violations of the page (run through the driver, so the page's
    Content-Security-Policy is not involved). The theme's colours are the whole site's, not these
    pages': colour contrast is left to the site-wide accessibility test."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa'],"
        " rules: {'color-contrast': {enabled: false}}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)


def test_an_admin_orders_a_server_on_a_phone(page, admin, connection, dialect, celery_worker):
    page.set_viewport_size(PHONE)
    sign_in(page, admin.username)
    page.goto("/servers/")
    page.click("[data-testid=order-server-link]")
    if dialect == "legacy":
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "Ordering a server needs Fornex's v2 API."
        )
        return
    expect(page.locator("[data-testid=order-form]")).to_be_visible()
    assert fits(page), "the order form is wider than a phone"
    assert not axe_violations(page), json.dumps(axe_violations(page), indent=1)
    page.check("#location-DE")
    page.check("[data-testid=plan-434]")
    page.check("[data-testid=install-template-41]")
    page.check("#disk-2")
    page.fill("[data-testid=service-11]", "1")
    page.check(f"#key-{KEY_ALICE}")
    page.fill("[data-testid=order-name]", "web-9")
    page.click("[data-testid=order-review]")

    expect(page.locator("[data-testid=summary-title]")).to_be_visible()
    expect(page.locator("[data-testid=monthly-price]")).to_contain_text("14.00")
    expect(page.locator("[data-testid=balance-after]")).to_contain_text("77.00")
    expect(page.locator("[data-testid=runway-after]")).to_contain_text("days")
    assert fits(page), "the summary is wider than a phone"
    assert not axe_violations(page), json.dumps(axe_violations(page), indent=1)
    page.click("[data-testid=order-confirm]")

    page.wait_for_selector("[data-testid=op-status]")
    page.wait_for_selector("[data-testid=op-status][data-state=done]", timeout=30_000)
    expect(page.locator("[data-testid=op-status]").first).to_contain_text("is up")
    assert fits(page), "the operation page is wider than a phone"
    assert not axe_violations(page), json.dumps(axe_violations(page), indent=1)
    page.goto("/servers/?refresh=1")
    expect(page.locator("body")).to_contain_text("web-9")
