"""In the browser, on a phone-sized screen, on either dialect: an admin opens an S3 order and
reveals its keys after confirming; on a legacy connection, the explanation instead."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.plugins.browser import sign_in

PHONE = {"width": 390, "height": 844}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_admin_reveals_the_keys_of_an_s3_order_on_a_phone(page, admin, connection, dialect):
    page.set_viewport_size(PHONE)
    sign_in(page, admin.username)
    page.goto("/storage/")
    if dialect == "legacy":
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "S3 storage needs Fornex's v2 API."
        )
        return
    expect(page.locator("[data-testid=s3-row]")).to_have_count(2)
    assert _fits(page)
    page.click("[data-testid=s3-row][data-order='664-7'] a")
    expect(page.locator("[data-testid=s3-space]")).to_have_text("18 GB")
    assert _fits(page)
    page.fill("input[name=gb]", "12")
    page.click("[data-testid=s3-threshold-form] button[type=submit]")
    expect(page.locator("[data-testid=s3-last-threshold]")).to_contain_text("12 GB")
    page.click("[data-testid=s3-reveal]")
    page.click("[data-testid=confirm]")  # signing in just now counts as "Confirm it's you"
    expect(page.locator("[data-testid=s3-secret-key]")).to_have_text(re.compile(r"^\w{32}$"))
    expect(page.locator("[data-testid=s3-access-key]")).to_have_text(re.compile(r"^northwind\."))
    assert _fits(page)
