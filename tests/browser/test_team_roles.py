"""In the browser: an owner invites a viewer, the viewer sees no action buttons, the owner makes
them an operator, and the audit history shows all of it."""

from __future__ import annotations

import re

from django.core import mail

from tests.plugins.browser import sign_in


def test_invite_a_viewer_then_raise_them_to_operator(page, browser, live_server, owner, connection):
    sign_in(page, owner.username)
    page.goto("/team/")
    page.fill("input[name=email]", "vicky@example.com")
    page.select_option("select[name=role]", "viewer")
    page.click("[data-testid=invite]")
    page.wait_for_selector("text=Invitation sent to vicky@example.com")

    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    newcomer = browser.new_context(base_url=live_server.url)
    try:
        viewer_page = newcomer.new_page()
        viewer_page.goto(link)
        viewer_page.fill("input[name=username]", "vicky")
        viewer_page.fill("input[name=password1]", "a long enough pass 42")
        viewer_page.fill("input[name=password2]", "a long enough pass 42")
        viewer_page.click("[data-testid=sign-up]")
        viewer_page.wait_for_selector("text=Your role: Viewer")

        # A viewer sees the team and its connection, and no button that changes anything.
        viewer_page.goto("/team/")
        assert viewer_page.locator("[data-testid=invite]").count() == 0
        assert viewer_page.locator("[data-testid=change-role]").count() == 0
        viewer_page.goto("/team/connections/")
        viewer_page.wait_for_selector(f"text={connection.label}")
        assert viewer_page.locator("[data-testid=add-connection]").count() == 0
        assert viewer_page.get_by_role("link", name="Manage").count() == 0
        viewer_page.goto("/servers/")
        viewer_page.wait_for_selector("[data-testid=order-row]")
        assert viewer_page.locator("[data-testid=bulk-restart]").count() == 0
        viewer_page.goto(f"/servers/{connection.pk}/34-177054/")
        assert viewer_page.get_by_role("link", name="Restart").count() == 0
        assert viewer_page.get_by_role("button", name="Restart").count() == 0
        viewer_page.goto("/dns/")
        viewer_page.wait_for_selector("[data-testid=domain-table]")
        assert viewer_page.locator("[data-testid=add-domain]").count() == 0
        viewer_page.goto("/audit/")
        assert "Your role does not allow this" in viewer_page.content()
    finally:
        newcomer.close()

    page.goto("/team/")
    row = page.locator("tr[data-member=vicky]")
    row.locator("select[name=role]").select_option("operator")
    row.locator("[data-testid=change-role]").click()
    page.wait_for_selector("text=vicky is now Operator")

    page.goto("/audit/")
    table = page.locator("[data-testid=audit-table]")
    for action in ("invitation.create", "invitation.accept", "member.role_change", "access.denied"):
        assert table.locator(f"tr[data-action='{action}']").count() >= 1, action
