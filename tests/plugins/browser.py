"""Browser fixtures: Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CSP_PATTERN = re.compile(r"Content Security Policy|Content-Security-Policy", re.I)


DIALECTS = ["legacy", "v2"]


def pytest_generate_tests(metafunc):
    """The whole browser suite runs once per Fornex API dialect."""
    if "page" in metafunc.fixturenames and "dialect" in metafunc.fixturenames:
        metafunc.parametrize("dialect", DIALECTS, indirect=True, ids=lambda d: f"api-{d}")


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    from tests.conftest import missing

    if not Path(CHROMIUM).exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def browser_context(browser, live_server, transactional_db, dialect):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", timezone_id="Europe/Berlin"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A page that records console errors; CSP violations fail the test at teardown."""
    page = browser_context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    violations = [text for text in page.console_errors if CSP_PATTERN.search(text)]
    assert not violations, f"Content-Security-Policy violations in the browser: {violations}"


def sign_in(page, username: str, password: str = "correct horse battery staple") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-testid=sign-in]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
