"""In the browser, at a phone's width: from the API page to a DNS-01 token, shown once, listed,
used by a script, revoked; no page wider than the screen."""

from __future__ import annotations

import pytest
import requests

from tests.api.conftest import DOMAIN
from tests.plugins.browser import sign_in

PHONE = {"width": 375, "height": 740}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_a_dns01_token_from_the_api_page_on_a_phone(page, live_server, operator, connection):
    page.set_viewport_size(PHONE)
    sign_in(page, operator.username)
    page.goto("/api/")
    assert fits(page), "the API page is wider than a phone"

    page.fill("#dns01-domain", DOMAIN)
    page.click("[data-testid=dns01-token]")
    page.wait_for_selector("input[name=name]")
    assert page.input_value("input[name=dns_domains]") == DOMAIN
    assert page.is_checked("input[name=scope_dns]")
    assert fits(page), "the token form is wider than a phone"
    page.click("[data-testid=create-token]")

    token = page.text_content("[data-testid=new-token-value]").strip()
    assert token.startswith("fxp_")
    assert fits(page), "the new token's page is wider than a phone"
    listed = requests.get(
        f"{live_server.url}/fornex/api/dns/domain/{DOMAIN}/entry_set/?type=TXT",
        headers={"Authorization": f"Api-Key {token}"},
        timeout=10,
    )
    assert listed.status_code == 200

    for path in ("/api/tokens/", "/accounts/api-tokens/"):
        page.goto(path)
        page.wait_for_selector(f"text={DOMAIN}")
        assert token not in page.content()
        assert fits(page), f"{path} is wider than a phone"

    page.click("[data-testid=revoke]")
    assert fits(page), "the revoke page is wider than a phone"
    page.click("[data-testid=confirm-revoke]")
    page.wait_for_selector("text=revoked: it no longer works")
    again = requests.get(
        f"{live_server.url}/fornex/api/dns/domain/{DOMAIN}/entry_set/",
        headers={"Authorization": f"Api-Key {token}"},
        timeout=10,
    )
    assert again.status_code == 401
