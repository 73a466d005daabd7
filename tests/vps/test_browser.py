"""In the browser: a restart watched to the end, what a viewer sees, the graphs, SSH keys."""

from __future__ import annotations

import base64
import struct

from playwright.sync_api import expect

from tests.plugins.browser import sign_in
from tests.vps.conftest import VPS


def _detail(connection, order_id: str = VPS) -> str:
    return f"/servers/{connection.pk}/{order_id}/"


def test_an_operator_restarts_a_vps_and_watches_it_reach_done(
    page, operator, connection, celery_worker
):
    sign_in(page, operator.username)
    page.goto(_detail(connection))
    page.click("[data-testid=action-restart]")
    page.wait_for_selector("text=The server reboots")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=op-status]")
    page.wait_for_selector("[data-testid=op-status][data-state=done]", timeout=30_000)
    status = page.locator("[data-testid=op-status]").first
    assert "Done" in status.inner_text()
    page.wait_for_selector("#vps-status [data-status=on]")
    # Final: the fragment no longer polls.
    assert status.get_attribute("hx-trigger") is None
    # The jobs list of the page shows how it ended too.
    page.wait_for_selector("#vps-jobs [data-state=done]")


def asked_on_change(page, selector: str, value: str | None = None) -> int:
    """How many htmx requests a "change" event of the filter at `selector` starts, its value set
    to `value` first if given (htmx starts a form's request while it handles the event, so the
    count is known when it returns)."""
    return page.evaluate(
        """([s, value]) => { let asked = 0; const count = () => asked++;
        const field = document.querySelector(s);
        if (value !== null) field.value = value;
        document.body.addEventListener("htmx:beforeRequest", count);
        field.dispatchEvent(new Event("change", {bubbles: true}));
        document.body.removeEventListener("htmx:beforeRequest", count);
        return asked; }""",
        [selector, value],
    )


def test_a_viewer_sees_the_vps_but_no_action_buttons(page, viewer, connection):
    sign_in(page, viewer.username)
    page.goto("/servers/")
    page.fill("#orders-q", "web-1")  # the table narrows as the member types (htmx)
    expect(page.locator("[data-testid=order-row]")).to_have_count(1)
    assert "q=web-1" in page.url
    # The box losing the focus asks nothing more (that answer would cancel the click on a row);
    # another filter still asks at once.
    assert asked_on_change(page, "#orders-q") == 0
    assert asked_on_change(page, "#orders-type") == 0  # nothing changed
    assert asked_on_change(page, "#orders-type", "vps") == 1
    expect(page.locator("[data-testid=order-row]")).to_have_count(1)
    page.click("[data-testid=order-row] >> text=web-1")
    page.wait_for_selector("[data-testid=order-name] >> text=web-1")
    page.wait_for_selector("[data-testid=vps-power]")
    assert page.locator("[data-testid=power-actions]").count() == 0
    assert page.locator("[data-testid^=action-]").count() == 0
    assert page.locator("[data-testid=attach-form]").count() == 0
    assert page.locator("[data-testid^=detach-]").count() == 0


def test_the_statistics_graphs_draw_for_every_field(page, viewer, connection, dialect):
    sign_in(page, viewer.username)
    page.goto(_detail(connection))
    fields = ["cpu", "memory", "traffic", "disk", "inodes", "io"]
    if dialect == "v2":  # Fornex's v2 API has no inode statistics: the page says so
        fields.remove("inodes")
        expect(page.locator("[data-testid=stats-missing]")).to_contain_text("Inodes")
    for field in fields:
        page.wait_for_selector(f"[data-testid=chart-{field}] canvas")
        page.wait_for_selector(f"[data-testid=chart-{field}] .u-legend")
    # Another preset redraws in place, without leaving the page.
    page.click("[data-testid=range-30d]")
    expect(page.locator("[data-stat-charts]")).to_have_attribute("data-query", "range=30d")
    page.wait_for_selector("[data-testid=range-30d].active")
    for field in fields:
        page.wait_for_selector(f"[data-testid=chart-{field}] canvas")
    assert page.locator(".stat-chart canvas").count() == len(fields)
    assert "range=30d" in page.url
    assert not page.locator(".stat-chart-message.is-error:visible").count()


def test_a_chart_drawn_from_stale_data_says_so_under_it(page, viewer, connection):
    import json

    def stale(route):
        answer = route.fetch()
        payload = {
            **answer.json(),
            "stale": True,
            "stale_note": "Showing data from yesterday (stale).",
        }
        route.fulfill(response=answer, body=json.dumps(payload))

    page.route("**/stats/cpu.json*", stale)
    sign_in(page, viewer.username)
    page.goto(_detail(connection))
    page.wait_for_selector("[data-testid=chart-cpu] canvas")  # still drawn
    expect(page.locator("[data-testid=chart-stale-cpu]")).to_have_text(
        "Showing data from yesterday (stale)."
    )
    expect(page.locator("[data-testid=chart-stale-cpu]")).to_be_visible()
    expect(page.locator("[data-testid=chart-stale-memory]")).to_be_hidden()


def test_every_graph_value_has_its_unit(page, viewer, connection):
    sign_in(page, viewer.username)
    page.goto(_detail(connection))
    expected = {"cpu": " %", "memory": "B", "traffic": "/s", "disk": "/s", "io": "ops/s"}
    for field, unit in expected.items():
        chart = page.locator(f"[data-testid=chart-{field}]")
        chart.locator("canvas").wait_for()
        chart.locator(".u-over").hover()  # the tooltip (uPlot's legend) follows the cursor
        value = chart.locator(".u-legend .u-series").nth(1).locator(".u-value")
        expect(value).to_contain_text(unit)


def _public_key() -> str:
    blob = b"".join(struct.pack(">I", len(p)) + p for p in (b"ssh-ed25519", bytes(range(1, 33))))
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} dana@laptop"


def test_an_ssh_key_is_added_attached_and_detached(page, operator, connection):
    sign_in(page, operator.username)
    page.goto("/servers/ssh-keys/")
    page.click("[data-testid=add-key]")
    page.fill("input[name=title]", "Dana laptop")
    page.fill("textarea[name=key]", _public_key())
    page.click("[data-testid=save-key]")
    page.wait_for_selector("text=Key “Dana laptop” added.")
    row = page.locator("[data-testid=account-key]", has_text="Dana laptop")
    key_id = row.get_attribute("data-key")

    page.goto(_detail(connection))
    page.select_option("#attach-key", label="Dana laptop")
    page.click("[data-testid=attach]")
    page.wait_for_selector("text=Key “Dana laptop” attached to web-1.")
    attached = page.locator("[data-testid=attached-key]", has_text="Dana laptop")
    assert attached.count() == 1

    page.click(f"[data-testid=detach-{key_id}]")
    page.wait_for_selector("text=Whoever logs in with this key loses access")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=Key “Dana laptop” detached from web-1.")
    assert page.locator("[data-testid=attached-key]", has_text="Dana laptop").count() == 0
