"""In Chromium: an operator changes records and sees the zone file follow; a plan of three
changes is previewed as a diff and applied by a real worker, with its progress on the page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.dns.conftest import DOMAIN, find, sandbox_records
from tests.plugins.browser import sign_in


def open_form(page, connection, rtype: str) -> None:
    page.goto(f"/dns/{connection.pk}/{DOMAIN}/")
    page.click("[data-testid=add-record]")
    page.select_option("select[name=type]", rtype)


def row(page, host: str, rtype: str, value: str):
    return page.locator(
        f"[data-testid=record-row][data-host='{host}'][data-type='{rtype}']", has_text=value
    )


def test_an_operator_adds_edits_and_deletes_records_and_the_zone_file_follows(
    page, sandbox_api, operator, connection
):
    sign_in(page, "oscar")
    page.goto(f"/dns/{connection.pk}/{DOMAIN}/zone/")
    expect(page.get_by_test_id("zone-file")).to_contain_text("$TTL")
    expect(page.get_by_test_id("zone-file")).not_to_contain_text("web2")

    open_form(page, connection, "A")
    expect(page.locator("input[name=prio]")).to_be_hidden()
    page.fill("input[name=host]", "web2")
    page.fill("input[name=value]", "198.51.100.70")
    page.select_option("select[name=ttl]", "300")
    page.click("[data-testid=save-now]")
    expect(page.locator(".alert-success")).to_contain_text("web2 A")
    expect(row(page, "web2", "A", "198.51.100.70")).to_be_visible()

    open_form(page, connection, "MX")
    expect(page.locator("input[name=prio]")).to_be_visible()
    expect(page.locator("input[name=weight]")).to_be_hidden()
    page.fill("input[name=host]", "@")
    page.fill("input[name=value]", "mx9.example.com")
    page.click("[data-testid=save-now]")
    # A missing priority is refused on its field, in the page, before anything is sent.
    expect(page.locator("[data-field-error=prio]")).to_be_visible()
    page.fill("input[name=prio]", "40")
    page.click("[data-testid=save-now]")
    expect(row(page, "@", "MX", "mx9.example.com")).to_be_visible()

    row(page, "web2", "A", "198.51.100.70").get_by_test_id("edit-record").click()
    expect(page.locator("input[name=value]")).to_have_value("198.51.100.70")
    page.fill("input[name=value]", "198.51.100.71")
    page.click("[data-testid=save-now]")
    expect(row(page, "web2", "A", "198.51.100.71")).to_be_visible()

    row(page, "@", "MX", "mx9.example.com").get_by_test_id("delete-record").click()
    page.click("[data-testid=delete-now]")
    expect(page.locator(".alert-success")).to_contain_text("deleted")
    expect(row(page, "@", "MX", "mx9.example.com")).to_have_count(0)

    page.click("[data-testid=zone-tab]")
    zone = page.get_by_test_id("zone-file")
    expect(zone).to_contain_text(re.compile(r"web2\s+300\s+IN A\s+198\.51\.100\.71"))
    expect(zone).not_to_contain_text("198.51.100.70")
    expect(zone).not_to_contain_text("mx9.example.com")
    records = sandbox_records(sandbox_api)
    assert find(records, host="web2", value="198.51.100.71", ttl=300)
    assert not find(records, value="mx9.example.com")


def test_a_plan_of_three_changes_is_previewed_and_applied(
    page, sandbox_api, celery_worker, operator, connection
):
    api = find(sandbox_records(sandbox_api), host="api", type="A")[0]
    db = find(sandbox_records(sandbox_api), host="db", type="A")[0]
    sign_in(page, "oscar")

    open_form(page, connection, "TXT")
    page.fill("input[name=host]", "plan")
    page.fill("input[name=value]", "staged together")
    page.click("[data-testid=stage]")
    expect(page.get_by_test_id("plan-banner")).to_contain_text("1 change is staged")

    page.goto(f"/dns/{connection.pk}/{DOMAIN}/records/{api['id']}/edit/")
    page.fill("input[name=value]", "198.51.100.80")
    page.click("[data-testid=stage]")
    page.goto(f"/dns/{connection.pk}/{DOMAIN}/records/{db['id']}/delete/")
    page.click("[data-testid=stage-delete]")
    expect(page.get_by_test_id("plan-banner")).to_contain_text("3 changes are staged")
    assert find(sandbox_records(sandbox_api), id=api["id"])[0]["value"] == api["value"]

    page.click("[data-testid=plan-tab]")
    lines = page.get_by_test_id("plan-line")
    expect(lines).to_have_count(3)
    expect(lines.nth(0)).to_contain_text("staged together")
    expect(lines.nth(1).locator(".diff-old")).to_contain_text(api["value"])
    expect(lines.nth(1).locator(".diff-new")).to_contain_text("198.51.100.80")
    expect(lines.nth(2)).to_contain_text(db["value"])

    page.click("[data-testid=apply-plan]")
    status = page.get_by_test_id("plan-status")
    expect(status).to_have_attribute("data-state", "done", timeout=30_000)
    expect(page.get_by_test_id("plan-empty")).to_be_visible()
    expect(page.locator("[data-testid=plan-result][data-outcome=applied]")).to_have_count(3)
    expect(page.get_by_test_id("plan-status-message")).to_contain_text("3 of 3 changes applied")

    records = sandbox_records(sandbox_api)
    assert find(records, host="plan", type="TXT", value="staged together")
    assert find(records, id=api["id"])[0]["value"] == "198.51.100.80"
    assert not find(records, id=db["id"])
