"""HTTP 429: a RateLimited error (an outage to the breaker and the retries), which says that
nothing was applied and carries Fornex's Retry-After."""

from __future__ import annotations

import re

import pytest
from conftest import BASE, KEY

from fornexpanel.fornex import RateLimited, UpstreamUnavailable, V2Client
from fornexpanel.fornex.errors import retry_after_seconds


def test_a_429_on_a_legacy_post_is_rate_limited_with_the_retry_after(api, client):
    api.post(BASE + "/vps/restart/34-1/", status=429, headers={"Retry-After": "30"})
    with pytest.raises(RateLimited) as caught:
        client.vps_restart("34-1")
    assert isinstance(caught.value, UpstreamUnavailable)
    assert caught.value.retry_after == 30 and caught.value.status == 429
    assert not caught.value.maybe_applied
    assert len(api.calls) == 1  # a POST is never retried


def test_a_429_on_a_v2_post_is_rate_limited_with_the_retry_after(api):
    api.post(
        re.compile(re.escape(BASE) + r"/vps/34-1/.*"), status=429, headers={"Retry-After": "7"}
    )
    with V2Client(KEY, BASE, backoff=0) as client, pytest.raises(RateLimited) as caught:
        client.vps_restart("34-1")
    assert caught.value.retry_after == 7 and not caught.value.maybe_applied


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120), (" 5 ", 5), ("Wed, 21 Oct 2026 07:28:00 GMT", None), ("-1", None), (None, None)],
)
def test_retry_after_is_read_in_seconds_only(header, seconds):
    assert retry_after_seconds(header) == seconds
