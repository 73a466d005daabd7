"""With DEBUG on, Django's technical error page lists frame locals and settings: it never shows a
decrypted Fornex key, and neither does the logged traceback."""

from __future__ import annotations

import logging
import sys

import pytest
import requests
from django.urls import reverse

from fornexpanel.core.debug import HIDDEN, SecretsFilter, remember_revealed, scrub


@pytest.fixture
def exploding_fornex(monkeypatch):
    """The HTTP call to Fornex fails in an unexpected way, while the key is in its frames."""

    def explode(self, method, url, **kwargs):
        raise RuntimeError(f"unexpected failure for {url}")

    monkeypatch.setattr(requests.Session, "request", explode)


@pytest.mark.parametrize("dialect", ["v2", "legacy"], indirect=True)
def test_the_debug_error_page_never_shows_the_key(
    settings, client, login, owner, connection, exploding_fornex, caplog
):
    settings.DEBUG = True
    client.raise_request_exception = False
    caplog.set_level(logging.ERROR)
    from accounts.connections import api_key_for

    key = api_key_for(connection)
    response = login(owner).get(reverse("billing:account", args=[connection.pk]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "RuntimeError" in page and "Local vars" in page  # the technical page, with locals
    assert key not in page
    assert key not in caplog.text


def test_the_filter_hides_locals_named_like_secrets_or_showing_one():
    remember_revealed("s3cr3t-value-1234")

    def a_frame():
        api_key = "whatever"  # noqa: F841
        headers = {"X": 1}  # noqa: F841
        params = {"k": "s3cr3t-value-1234"}  # noqa: F841
        harmless = 42  # noqa: F841
        return sys._getframe()

    shown = dict(SecretsFilter().get_traceback_frame_variables(None, a_frame()))
    assert shown["harmless"] == 42
    for name in ("api_key", "headers", "params"):
        assert shown[name] == SecretsFilter.cleansed_substitute, name


def test_scrub_removes_the_secret_raw_and_escaped():
    text = "key=a&b<c> html=a&amp;b&lt;c&gt;"
    assert scrub(text, ("a&b<c>",)) == f"key={HIDDEN} html={HIDDEN}"
