"""In the browser, on either dialect: a ticket opened from the feed appears in it; on a legacy
connection, the feed says the v2 API is needed and the form explains."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.plugins.browser import sign_in


def test_an_operator_opens_a_ticket_that_appears_in_the_feed(page, operator, connection, dialect):
    sign_in(page, operator.username)
    page.goto("/billing/tickets/")
    if dialect == "legacy":
        expect(page.locator(f"[data-testid=open-ticket-{connection.pk}]")).to_have_count(0)
        page.click(f"[data-testid=ticket-needs-v2-{connection.pk}]")
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "Opening a support ticket needs Fornex's v2 API."
        )
        return
    page.click(f"[data-testid=open-ticket-{connection.pk}]")
    page.fill("input[name=subject]", "web-1 answers slowly")
    page.fill("textarea[name=text]", "Since this morning web-1 takes 5 s per request.")
    page.select_option("select[name=order]", "34-177054")
    page.select_option("select[name=priority]", "2")
    page.click("[data-testid=send-ticket]")
    expect(page.locator(".messages")).to_contain_text("Ticket “web-1 answers slowly” opened")
    opened = page.locator("[data-testid=ticket-opened]")
    expect(opened).to_have_count(1)
    expect(opened).to_contain_text("web-1 answers slowly")
    expect(opened).to_contain_text("order 34-177054")
    expect(opened).to_contain_text("Important (within 6 hours)")
