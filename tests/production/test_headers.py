"""Security headers on every page of a crawl of the panel, and pages the policy can protect: no
inline scripts, no inline event handlers, no style attributes."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from fornexpanel.core.context_processors import NAVIGATION

HSTS = "max-age=31536000; includeSubDomains; preload"
SKIP_PREFIXES = ("/static/", "/i18n/")
MAX_PAGES = 300
PER_SHAPE = 2  # pages of one shape (e.g. /dns/#/*/records/#/edit/) differ only in their data


def _shape(link: str) -> str:
    """The URL with ids as # and names (domains, ...) as *: one kind of page."""
    path, _, query = link.partition("?")
    parts = ["*" if "." in part else re.sub(r"\d+", "#", part) for part in path.split("/")]
    keys = sorted(pair.partition("=")[0] for pair in query.split("&") if pair)
    return "/".join(parts) + ("?" + "&".join(keys) if keys else "")


class _Page(HTMLParser):
    """Links to follow, and markup the Content-Security-Policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.violations: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "a" and names.get("href"):
            self.links.append(names["href"])
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.violations.append("an inline <script>")
        if tag == "style":
            self.violations.append("a <style> element")
        for name, _value in attrs:
            if name == "style":
                self.violations.append(f"a style attribute on <{tag}>")
            elif name.startswith("on") or name.startswith("hx-on"):
                self.violations.append(f"an inline handler {name}= on <{tag}>")


def _check_headers(path: str, response) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    if directives.get("script-src") != ["'self'"]:
        problems.append(f"script-src is {directives.get('script-src')}")
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append("the policy allows unsafe-inline or unsafe-eval")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors is not 'none'")
    expected = {
        "Strict-Transport-Security": HSTS,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{header} is {response.get(header)!r}")
    if not response.get("X-Request-ID"):
        problems.append("no X-Request-ID")
    return [f"{path} ({response.status_code}): {problem}" for problem in problems]


@pytest.fixture
def production_security(settings):
    """What production runs with (tests otherwise speak plain HTTP)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def test_every_page_of_a_crawl_carries_the_security_headers(
    client, owner, connection, production_security
):
    client.force_login(owner)
    queue = deque(["/", "/no-such-page/"])
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    statuses: dict[str, int] = {}
    problems: list[str] = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, secure=True)
        statuses[path] = response.status_code
        problems += _check_headers(path, response)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        problems += [f"{path}: {violation}" for violation in page.violations]
        for href in page.links:
            url = urlsplit(urldefrag(urljoin(path, href)).url)
            if url.scheme not in ("", "https") or url.netloc not in ("", "testserver"):
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if link.startswith(SKIP_PREFIXES) or link in seen or link in queue:
                continue
            if shapes[_shape(link)] < PER_SHAPE:
                shapes[_shape(link)] += 1
                queue.append(link)

    assert not problems, "\n".join(sorted(set(problems)))
    # The crawl really went through the panel: every section, and an error page.
    reached = {path for path, status in statuses.items() if status == 200}
    for _label, name, _icon, prefix in NAVIGATION:
        assert any(path.startswith(prefix or "/") for path in reached), name
    assert statuses["/no-such-page/"] == 404
    assert len(reached) >= 15, sorted(reached)


def test_static_files_carry_the_headers_too(client, db, production_security, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the test settings collect nothing; serve from source
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/js/panel.js", secure=True)
    assert response.status_code == 200
    assert not _check_headers("/static/js/panel.js", response)


def test_cookies_are_secure_httponly_and_same_site(client, owner, production_security):
    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["csrftoken"]
    signed_in = client.post(
        "/accounts/login/",
        {
            "username": owner.username,
            "password": "correct horse battery staple",
            "csrfmiddlewaretoken": csrf.value,
        },
        secure=True,
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
