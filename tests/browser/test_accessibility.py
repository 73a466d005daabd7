"""In Chromium: every page the owner and the viewer can open, in English and in Russian, at desktop
and at phone width, passes axe-core with no critical or serious violation, and no page is wider
than a 390 px phone screen.

The page list comes from the access-control matrix (tests/access/rows_*.py, which must cover every
URL pattern): every row whose GET answers 200 to the persona, so a new page is checked here as soon
as it is in the matrix. One browser, one context per persona; each page is loaded once per
language and checked at both widths by resizing the viewport.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from tests.access.matrix import ROLES, AnyUser, Expect, Public
from tests.access.test_matrix import ROWS, _path, world  # noqa: F401  (world is a fixture)
from tests.plugins.browser import sign_in

AXE = next((Path(settings.BASE_DIR) / "static" / "vendor").glob("axe-core-*/axe.min.js"))
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"critical", "serious"}


def _answers_200(rule, persona: str) -> bool:
    if isinstance(rule, Public):
        return (rule.signed_in if rule.signed_in is not None else rule.status) == 200
    if isinstance(rule, AnyUser):
        return rule.status == 200
    if isinstance(rule, Expect):
        return rule.status == 200 and ROLES.index(persona) >= ROLES.index(rule.role)
    return False


def pages_for(persona: str, world) -> list[str]:  # noqa: F811
    return sorted({_path(row, world) for row in ROWS.values() if _answers_200(row.get, persona)})


# At phone width only what the layout changes is checked again: the rest of the page (names,
# labels, landmarks, ARIA) is the same at both widths and was checked at desktop width.
LAYOUT_RULES = ["color-contrast", "scrollable-region-focusable", "target-size", "meta-viewport"]


def _axe(page, rules: list[str] | None = None) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the driver, so the page's Content-Security-Policy does not apply.
        page.evaluate(AXE.read_text())
        page.evaluate("axe.configure({noHtml: true})")
    result = page.evaluate(
        """async (rules) => {
            const options = {resultTypes: ['violations'], xpath: false, ancestry: false};
            if (rules) options.runOnly = {type: 'rule', values: rules};
            const r = await axe.run(document, options);
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                summary: v.nodes[0] && v.nodes[0].failureSummary}));
        }""",
        rules,
    )
    return [json.dumps(v, ensure_ascii=False) for v in result if v["impact"] in BLOCKING]


def _too_wide(page) -> tuple[int, list[str]]:
    """The page's width, and the outermost elements that stick out past the screen's edge."""
    return page.evaluate(
        """() => {
            const edge = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                if (el.getBoundingClientRect().right <= edge + 1) continue;
                const parent = el.parentElement;
                if (parent && parent.getBoundingClientRect().right > edge + 1) continue;
                const positioned = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
                if (!positioned && parent && parent.closest('.table-responsive, pre')) continue;
                const cls = typeof el.className === 'string' ? el.className : '';
                out.push(el.tagName.toLowerCase() + (cls ? '.' + cls.trim().split(/\\s+/).join('.') : ''));
                if (out.length >= 4) break;
            }
            return [document.documentElement.scrollWidth, out];
        }"""
    )


def _check(page, path: str, failures: list[str], label: str) -> None:
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return  # a CSV export, a zone file, a VPN config
        raise
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return  # a download (zone file, VPN config) or JSON for the graphs
    if page.locator("meta[name=viewport]").count() == 0:
        return  # an htmx fragment, shown inside a page that is checked itself
    page.wait_for_load_state("load")
    page.set_viewport_size(DESKTOP)
    for violation in _axe(page):
        failures.append(f"{label} desktop {path}: {violation}")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(150)  # the page's scripts react to the resize
    for violation in _axe(page, LAYOUT_RULES):
        failures.append(f"{label} phone {path}: {violation}")
    width, culprits = _too_wide(page)
    if width > PHONE["width"]:
        failures.append(f"{label} phone {path}: the page is {width} px wide: {culprits}")


@pytest.mark.parametrize("persona", ["owner", "viewer"])
def test_every_page_passes_axe_and_fits_a_phone(persona, browser, live_server, world):  # noqa: F811
    user = world.personas[persona]
    paths = pages_for(persona, world)
    assert len(paths) > 20, paths
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", timezone_id="Europe/Berlin", viewport=DESKTOP
    )
    context.set_default_timeout(20_000)
    failures: list[str] = []
    try:
        page = context.new_page()
        sign_in(page, user.username)
        for language in ("en", "ru"):
            page.set_viewport_size(DESKTOP)
            page.goto("/")
            page.get_by_test_id(f"language-{language}").first.click()
            page.wait_for_selector(f"html[lang={language}]")
            for path in paths:
                _check(page, path, failures, f"{persona} {language}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
