"""In Chromium, once in Russian: a member whose saved language is Russian signs in from an English
browser, and sees the dashboard, a VPS restart followed to the end, a DNS record added and the
team page in Russian; the header switches the language and the scripts speak it too."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.dns.conftest import DOMAIN, find, sandbox_records
from tests.plugins.browser import sign_in
from tests.vps.conftest import VPS


def test_a_russian_member_signs_in_and_works_in_russian(page, owner, operator, russian, connection):
    russian(owner)
    # The browser asks for English (the fixture's locale): the member's saved language wins.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_in(page, owner.username)

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("nav")).to_contain_text("Заказы")
    expect(page.get_by_test_id("balance").first).to_have_text("91,00 EUR")
    expect(page.get_by_test_id("monthly-spend").first).to_have_text("474,84 EUR")
    expect(page.get_by_test_id("runway").first).to_contain_text("5 дней")
    # The scripts get their words from the catalogue, under the Content-Security-Policy.
    assert page.evaluate("pgettext('file size', '%(number)s KB')") == "%(number)s КБ"

    page.goto("/team/")
    expect(page.locator("h1")).to_contain_text("Ops team")
    expect(page.locator("main")).to_contain_text("Участники")
    expect(page.locator("main")).to_contain_text("Владелец")
    expect(page.locator("main")).to_contain_text("Оператор")
    expect(page.locator("main")).to_contain_text("Пригласить участника")

    # The header's switch: English, on this page, for this member from now on.
    page.get_by_test_id("language-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("Members")
    assert page.url.endswith("/team/")
    page.get_by_test_id("language-ru").click()
    expect(page.locator("main")).to_contain_text("Участники")
    owner.refresh_from_db()
    assert owner.language == "ru"


def test_a_russian_operator_restarts_a_vps_and_follows_it_in_russian(
    page, operator, russian, connection, celery_worker
):
    russian(operator)
    sign_in(page, operator.username)
    page.goto(f"/servers/{connection.pk}/{VPS}/")
    expect(page.get_by_test_id("action-restart")).to_have_text("Перезапустить")
    page.get_by_test_id("action-restart").click()
    expect(page.locator("main")).to_contain_text("Сервер перезагрузится")
    page.get_by_test_id("confirm").click()
    status = page.locator("[data-testid=op-status]").first
    expect(status).to_have_attribute("data-state", "done", timeout=30_000)
    expect(status).to_contain_text("Готово")
    # The worker wrote the outcome in the language of the member who started it.
    expect(status.get_by_test_id("op-message")).to_contain_text("Состояние сервера: работает.")
    expect(page.locator(".alert-success")).to_contain_text("Отправлено «Перезапустить»")

    # The graphs write dates and numbers the Russian way: the legend under the cursor.
    chart = page.get_by_test_id("chart-cpu")
    chart.locator("canvas").wait_for()
    chart.locator(".u-over").hover()
    legend = chart.locator(".u-legend .u-series").first
    expect(legend).to_contain_text(re.compile(r"\d{1,2} [а-я]{3,4}\.? \d{4} г\., \d{2}:\d{2}"))


def test_a_russian_operator_adds_a_dns_record(page, sandbox_api, operator, russian, connection):
    russian(operator)
    sign_in(page, operator.username)
    page.goto(f"/dns/{connection.pk}/{DOMAIN}/")
    page.get_by_test_id("add-record").click()
    expect(page.locator("main h2").first).to_contain_text("Новая запись")
    page.select_option("select[name=type]", "A")
    page.fill("input[name=host]", "ru-web")
    page.fill("input[name=value]", "198.51.100.77")
    page.get_by_test_id("save-now").click()
    expect(page.locator(".alert-success")).to_have_text("Запись ru-web A добавлена.")
    assert find(sandbox_records(sandbox_api), host="ru-web", type="A", value="198.51.100.77")
