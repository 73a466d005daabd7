"""In the browser, at a phone's width, each page checked with axe-core: an admin creates the
account's private network and attaches a VPS to it; an admin creates a project and moves two
orders into it, then filters the servers list by it. On a legacy connection, the explanation
that these need the v2 API instead."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.plugins.browser import sign_in
from tests.vps.conftest import VPS, VPS_2, VPS_OFF

PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).resolve().parents[2] / "static/vendor/axe-core-4.14.1/axe.min.js"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def axe_violations(page, context: str = "document") -> list[str]:
    """axe-core's WCAG 2 A/AA violations (run through the driver, so the page's CSP is not
    involved). Colour contrast is the whole site's theme: left to the site-wide test."""
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate(
        f"async () => (await axe.run({context}, {{runOnly: ['wcag2a', 'wcag2aa'],"
        " rules: {'color-contrast': {enabled: false}}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)


def card_fits(page, selector: str) -> bool:
    return page.evaluate(
        "s => { const e = document.querySelector(s); const r = e.getBoundingClientRect();"
        " return e.scrollWidth <= e.clientWidth && r.left >= 0 && r.right <= window.innerWidth; }",
        selector,
    )


def wide_elements(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e =>"
        " e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8)"
        ".map(e => e.tagName + '#' + e.id + '.' + e.className)"
    )


def check(page, what: str, context: str = "document") -> None:
    page.wait_for_load_state()  # a click that navigates: measure the page it led to
    if context == "document":
        assert fits(page), f"{what} is wider than a phone: {wide_elements(page)}"
    else:
        assert card_fits(page, context.strip("'")), f"{what} is wider than a phone"
    violations = axe_violations(page, context)
    assert not violations, f"{what}: " + json.dumps(violations, indent=1)


def test_an_admin_creates_the_private_network_and_attaches_a_vps(page, admin, connection, dialect):  # fmt: skip
    page.set_viewport_size(PHONE)
    sign_in(page, admin.username)
    page.goto("/servers/private-networks/")
    check(page, "the private networks page")
    if dialect == "legacy":
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "Private networks needs Fornex's v2 API."
        )
        page.goto(f"/servers/{connection.pk}/{VPS}/")
        expect(page.locator("[data-testid=private-network-card]")).to_contain_text(
            "Private networking needs Fornex's v2 API."
        )
        return
    expect(page.locator("[data-testid=no-network]")).to_be_visible()
    page.click("[data-testid=network-create]")
    expect(page.locator("[data-testid=network-location]").first).to_have_text("DE")
    check(page, "the create page")
    page.click("[data-testid=confirm]")
    expect(page.locator("[data-testid=network-row]")).to_contain_text("Private network 4101")
    check(page, "the list with the network")

    page.goto(f"/servers/{connection.pk}/{VPS}/")
    page.click("[data-testid=private-network-on]")
    expect(page.locator(".alert-success")).to_contain_text("Private networking is on for web-1.")
    expect(page.locator("[data-testid=private-network-state]")).to_contain_text(
        "Last switched on through the panel"
    )
    check(page, "the private network card", "'#private-network'")

    # Deleting it is refused while web-1 is attached, with Fornex's reason.
    page.goto("/servers/private-networks/")
    page.click("[data-testid=network-delete]")
    page.wait_for_url("**/delete/")
    check(page, "the delete confirmation")
    page.click("[data-testid=confirm]")
    expect(page.locator(".alert-danger")).to_contain_text(f"still has servers attached ({VPS})")


def test_an_admin_creates_a_project_and_moves_two_orders_into_it(page, admin, connection, dialect):  # fmt: skip
    page.set_viewport_size(PHONE)
    sign_in(page, admin.username)
    page.goto("/servers/projects/")
    check(page, "the projects page")
    if dialect == "legacy":
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "Projects needs Fornex's v2 API."
        )
        return
    page.click("[data-testid=project-create]")
    expect(page.locator("[data-testid=save-project]")).to_be_visible()
    check(page, "the new project form")
    page.fill("input[name=name]", "Website")
    page.fill("textarea[name=comment]", "The shop and its database")
    page.click("[data-testid=save-project]")
    expect(page.locator("h1")).to_have_text("Website")
    check(page, "the project page")

    page.check(f"[data-testid='add-{VPS}']")
    page.check(f"[data-testid='add-{VPS_2}']")
    page.click("[data-testid=add-orders]")
    expect(page.locator(".alert-success")).to_contain_text("2 orders added to the project.")
    orders = page.locator("[data-testid=project-order]")
    expect(orders).to_have_count(2)
    expect(page.locator(f"[data-testid=project-order][data-order='{VPS_2}']")).to_be_visible()
    check(page, "the project with its orders")

    page.goto("/servers/")
    page.select_option("[data-testid=project-filter]", label="Website · Main account")
    page.click("[data-testid=order-filters] button[type=submit]")
    expect(page.locator("[data-testid=orders-count]")).to_have_text("2 orders")
    expect(page.locator(f"tr[data-order='{VPS_OFF}']")).to_have_count(0)
    check(page, "the servers list filtered by the project")
