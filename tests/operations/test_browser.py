"""In the browser, on a phone: a queued operation with no worker says so, and an admin ends it."""

from __future__ import annotations

from django.utils import timezone

from operations.models import Operation
from tests.plugins.browser import sign_in
from tests.vps.conftest import VPS
from vps import services

PHONE = {"width": 390, "height": 844}


def test_an_admin_sees_a_queued_operation_has_no_worker_and_cancels_it(
    page, team, connection, operator, admin
):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )
    page.set_viewport_size(PHONE)
    sign_in(page, admin.username)
    page.goto(f"/operations/{op.pk}/")
    note = page.locator("[data-testid=no-worker]")
    assert "no worker is running" in note.inner_text()
    button = page.locator("[data-testid=end-operation]")
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    button.click()
    page.wait_for_selector("[data-testid=op-status][data-state=failed]")
    assert "nothing went to Fornex" in page.locator("[data-testid=op-message]").inner_text()
    op.refresh_from_db()
    assert op.state == Operation.State.FAILED and op.finished_at <= timezone.now()
