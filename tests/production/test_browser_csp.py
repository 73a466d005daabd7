"""In the browser: the panel's main pages under the Content-Security-Policy, with no violation,
and the policy really enforced (an injected inline script does not run)."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.plugins.browser import CSP_PATTERN, sign_in

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _visit(page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # deferred scripts run and draw (charts, tooltips)
    return [f"{path}: {violation}" for violation in page.evaluate("window.__csp")]


def test_the_main_pages_work_without_a_csp_violation(page, owner, connection):
    page.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, owner.username)
    pages = [
        "/",
        "/servers/",
        f"/servers/{connection.pk}/34-177062/",
        "/dns/",
        f"/dns/{connection.pk}/northwind-labs.com/",
        "/billing/",
        "/team/",
        "/team/connections/",
        "/audit/",
        "/operations/",
        "/accounts/profile/",
        "/accounts/two-factor/",
        "/no-such-page/",
    ]
    violations = []
    for path in pages:
        violations += _visit(page, path)

    # The scripts the policy allows are the ones the pages need, and they run.
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
    # htmx works under the policy: the connection test swaps its result into the page.
    violations += _visit(page, f"/team/connections/{connection.pk}/")
    page.click("[data-testid=test-connection]")
    expect(page.locator("#test-result")).not_to_be_empty()
    violations += [f"after htmx: {v}" for v in page.evaluate("window.__csp")]

    assert not violations, violations
    assert not [text for text in page.console_errors if CSP_PATTERN.search(text)]


def test_the_browser_enforces_the_policy(page, db):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/accounts/login/")
    ran = page.evaluate(
        """() => {
          window.__ran = false;
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.appendChild(script);
          return window.__ran;
        }"""
    )
    assert ran is False
    # A string run as code later by the page itself (devtools' own evaluate is exempt).
    page.evaluate("() => { window.__evaled = false; setTimeout('window.__evaled = true', 0); }")
    # An inline style attribute arriving in swapped-in HTML.
    page.evaluate(
        """() => document.body.insertAdjacentHTML(
          "beforeend", '<p id="styled" style="color: rgb(255, 0, 0)">x</p>')"""
    )
    page.wait_for_function("() => window.__csp.length >= 3")
    assert page.evaluate("window.__evaled") is False
    assert page.evaluate("getComputedStyle(document.querySelector('#styled')).color") != (
        "rgb(255, 0, 0)"
    )
    directives = " ".join(page.evaluate("window.__csp"))
    assert "script-src" in directives and "style-src" in directives
    # These violations were the point: the browser reported them. Wait for their console lines,
    # then clear them so the page fixture does not count them as a broken page.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if sum(bool(CSP_PATTERN.search(text)) for text in page.console_errors) >= 3:
            break
        page.wait_for_timeout(50)
    page.console_errors.clear()
