"""In the browser, on either dialect: a server renamed and tagged in place on the servers list
(edit, save, cancel without leaving the page); on a legacy connection no edit is offered."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.plugins.browser import sign_in
from tests.vps.conftest import VPS


def test_an_operator_renames_and_tags_a_server_in_place(page, operator, connection, dialect):
    sign_in(page, operator.username)
    page.goto("/servers/")
    row = page.locator(f"[data-testid=order-row][data-order='{VPS}']")
    if dialect == "legacy":
        expect(row).to_contain_text("web-1")
        expect(row.locator("[data-testid=label-edit]")).to_have_count(0)
        return
    row.locator("[data-testid=label-edit]").click()
    row.locator("[data-testid=label-name]").fill("web-one")
    row.locator("[data-testid=label-tags]").fill("web, prod")
    row.locator("[data-testid=label-save]").click()
    expect(row.locator("[data-testid=label-form]")).to_have_count(0)
    expect(row).to_contain_text("web-one")
    expect(row.locator("[data-testid=order-tags]")).to_contain_text("prod")
    assert page.url.endswith("/servers/")  # edited in place: the page never changed

    row.locator("[data-testid=label-edit]").click()
    row.locator("[data-testid=label-name]").fill("something else")
    row.locator("[data-testid=label-cancel]").click()
    expect(row.locator("[data-testid=label-form]")).to_have_count(0)
    expect(row).to_contain_text("web-one")
    page.reload()
    expect(page.locator(f"[data-testid=order-row][data-order='{VPS}']")).to_contain_text("web-one")


def test_a_domain_is_tagged_in_place(page, operator, connection, dialect):
    sign_in(page, operator.username)
    page.goto("/dns/")
    row = page.locator("[data-testid=domain-row][data-domain='northwind.io']")
    if dialect == "legacy":
        expect(row.locator("[data-testid=tags-edit]")).to_have_count(0)
        return
    row.locator("[data-testid=tags-edit]").click()
    row.locator("[data-testid=tags-input]").fill("eu, prod")
    row.locator("[data-testid=tags-save]").click()
    expect(row.locator("[data-testid=domain-tags]")).to_have_text("euprod")
