"""In the browser: sign in and see the sandbox's balance on the dashboard."""

from __future__ import annotations

from tests.plugins.browser import sign_in


def test_sign_in_and_see_the_balance(page, owner, connection):
    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
    sign_in(page, owner.username)
    balance = page.locator("[data-testid=balance]").first
    balance.wait_for()
    assert "91.00" in balance.inner_text() and "EUR" in balance.inner_text()
    assert page.locator("[data-testid=freshness]").count() >= 1


def test_a_wrong_password_keeps_the_visitor_out(page, owner):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", owner.username)
    page.fill("input[name=password]", "not the password")
    page.click("[data-testid=sign-in]")
    page.wait_for_selector("text=Please enter a correct")
    assert "/accounts/login/" in page.url
