"""In the browser, on either dialect: rescue mode started and watched to the end, a reinstall
after the server's name is typed; on a legacy connection, the explanation instead."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.plugins.browser import sign_in
from tests.vps.conftest import VPS


def _detail(connection) -> str:
    return f"/servers/{connection.pk}/{VPS}/"


def test_an_operator_starts_rescue_mode_and_watches_it_reach_done(
    page, operator, connection, dialect, celery_worker
):
    sign_in(page, operator.username)
    page.goto(_detail(connection))
    if dialect == "legacy":
        expect(page.locator("[data-testid=action-rescue-start]")).to_have_count(0)
        page.click("[data-testid=v2-hint] >> text=Why?")
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "Rescue mode needs Fornex's v2 API."
        )
        return
    page.click("[data-testid=action-rescue-start]")
    expect(page.locator("[data-testid=consequence]")).to_contain_text("rescue system")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=op-status]")
    page.wait_for_selector("[data-testid=op-status][data-state=done]", timeout=30_000)
    status = page.locator("[data-testid=op-status]").first
    expect(status).to_contain_text("The server runs the rescue system.")
    expect(status.locator("[data-testid=job-log]")).to_contain_text("Start rescue mode")
    page.reload()
    expect(page.locator("[data-testid=last-rescue]")).to_contain_text(
        "Rescue mode was last started through the panel"
    )


def test_an_operator_reinstalls_a_vps_after_typing_its_name(
    page, operator, connection, dialect, celery_worker
):
    sign_in(page, operator.username)
    if dialect == "legacy":
        page.goto(_detail(connection))
        expect(page.locator("[data-testid=action-reinstall]")).to_have_count(0)
        page.goto(f"{_detail(connection)}reinstall/")
        expect(page.locator("[data-testid=needs-v2]")).to_contain_text(
            "Reinstall needs Fornex's v2 API."
        )
        return
    page.goto(_detail(connection))
    page.click("[data-testid=action-reinstall]")
    expect(page.locator("[data-testid=erase-warning]")).to_contain_text("disk is erased")
    page.check("[data-testid='option-app:301']")
    expect(page.locator("[data-reinstall-summary]")).to_contain_text("install: Docker.")
    page.fill("[data-testid=confirm-name]", "web")
    page.click("[data-testid=confirm]")
    expect(page.locator("[data-field-error=confirm]")).to_contain_text("Type “web-1” exactly")
    expect(page.locator("[data-testid='option-app:301']")).to_be_checked()

    page.fill("[data-testid=confirm-name]", "web-1")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=op-status]")
    page.wait_for_selector("[data-testid=op-status][data-state=done]", timeout=30_000)
    expect(page.locator("[data-testid=op-status]").first).to_contain_text(
        "Reinstalled with Docker (Ubuntu 24.04 LTS); the server is running."
    )
