"""TRUSTED_PROXIES: the client's address comes from X-Forwarded-For only for requests from a
trusted proxy, and the lockout, the audit history and the log lines use it."""

from __future__ import annotations

import json
import logging

import pytest

from accounts.models import AuditEvent
from fornexpanel.core.proxies import parse_networks, resolve_client_ip

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"
PROXY = "10.0.0.1"
NETS = parse_networks(["10.0.0.0/24", "fd00::/8"])


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("198.51.100.4", "", "198.51.100.4"),
        # Not from a trusted proxy: the header is the sender's own claim, ignored.
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
        (PROXY, "203.0.113.7", "203.0.113.7"),
        # The client wrote the left part itself: the first untrusted hop from the right counts.
        (PROXY, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (PROXY, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        ("fd00::5", "2001:db8::1", "2001:db8::1"),
        ("::ffff:10.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("junk", "203.0.113.7", None),
    ],
)
def test_the_client_address_is_read_from_the_right_and_only_behind_a_trusted_proxy(
    remote, forwarded, client
):
    assert resolve_client_ip(remote, forwarded, NETS) == client


def test_a_bad_trusted_proxy_is_refused_with_its_value():
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        parse_networks(["10.0.0.0/8", "10.0.0.300"])


def _sign_in(client, username, password, client_address, proxy=PROXY):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def test_a_stranger_cannot_lock_a_member_out_through_the_proxy(
    behind_proxy, client, viewer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger = _sign_in(client, viewer.username, "guess", "198.51.100.66")
    assert stranger.status_code == 429  # the stranger's address is locked out...
    member = _sign_in(client, viewer.username, PASSWORD, "203.0.113.7")
    assert member.status_code == 302  # ...the member, from their own address, is not
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_the_audit_and_the_log_record_the_client_address(behind_proxy, client, viewer, caplog):
    caplog.set_level(logging.INFO, logger="fornexpanel.request")
    _sign_in(client, viewer.username, "typo", "203.0.113.7")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.ip == "203.0.113.7"
    line = next(r for r in caplog.records if r.name == "fornexpanel.request")
    assert line.fields["ip"] == "203.0.113.7"
    json.dumps(line.fields)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(client, viewer):
    _sign_in(client, viewer.username, "typo", "203.0.113.7", proxy="198.51.100.20")
    assert AuditEvent.objects.get(action="auth.login_failed").ip == "198.51.100.20"
