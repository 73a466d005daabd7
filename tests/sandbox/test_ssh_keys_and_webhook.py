"""SSH keys (account and per VPS) and the ticket webhook."""

from __future__ import annotations

import base64
import re
import struct

import pytest

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import VPS, VPS_OFF, call, error, get, post

LONG_DATE = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$")  # fmt: skip


def public_key(ktype: str, body_type: str | None = None, comment: str = "me@host") -> str:
    blob = b"".join(
        struct.pack(">I", len(part)) + part for part in ((body_type or ktype).encode(), b"k" * 32)
    )
    return f"{ktype} {base64.b64encode(blob).decode()} {comment}".strip()


def key_ids(sandbox: Sandbox, order_id: str | None = None) -> list[int]:
    path = f"ssh_keys/{order_id}/" if order_id else "ssh_keys/"
    return [key["id"] for key in get(sandbox, path)]


def test_seeded_keys_look_like_public_keys(sandbox: Sandbox) -> None:
    keys = get(sandbox, "ssh_keys/")
    assert len(keys) >= 2
    assert {key["key"].split()[0] for key in keys} == {"ssh-ed25519", "ssh-rsa"}
    for key in keys:
        assert LONG_DATE.match(key["date"])
        ktype, body = key["key"].split()[:2]
        (length,) = struct.unpack(">I", base64.b64decode(body)[:4])
        assert base64.b64decode(body)[4 : 4 + length] == ktype.encode()


def test_add_then_delete_a_key(sandbox: Sandbox) -> None:
    key = post(sandbox, "ssh_keys/add/", title="laptop", key=public_key("ssh-ed25519"))
    assert key["title"] == "laptop" and key["key"] == public_key("ssh-ed25519")
    assert LONG_DATE.match(key["date"])
    assert key["id"] in key_ids(sandbox)
    assert post(sandbox, "ssh_keys/delete/", key_pk=str(key["id"])) == {"ok": True}
    assert key["id"] not in key_ids(sandbox)
    error(call(sandbox, "POST", "ssh_keys/delete/", key_pk=str(key["id"])), 404)


def test_a_key_without_title_is_named_by_its_comment(sandbox: Sandbox) -> None:
    key = post(sandbox, "ssh_keys/add/", key=public_key("ecdsa-sha2-nistp256", comment="ci@runner"))
    assert key["title"] == "ci@runner"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "ssh-rsa tt3BPrBTUCasdasdGXsCXmiF03LD/f9 test@test",  # the documentation's placeholder
        "ssh-foo AAAAB3NzaC1yc2E= me",
        "ssh-rsa",
        "ssh-rsa not-base64!!",
        public_key("ssh-rsa", body_type="ssh-ed25519"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----",
        public_key("ssh-ed25519") + "\nssh-ed25519 AAAA second",
    ],
)
def test_only_public_keys_are_accepted(sandbox: Sandbox, key: str) -> None:
    message = error(call(sandbox, "POST", "ssh_keys/add/", title="t", key=key), 400)
    if "PRIVATE" in key:
        assert "private key" in message and "PRIVATE" not in message


def test_the_same_key_twice_is_refused(sandbox: Sandbox) -> None:
    post(sandbox, "ssh_keys/add/", title="a", key=public_key("ssh-ed25519"))
    error(call(sandbox, "POST", "ssh_keys/add/", title="b", key=public_key("ssh-ed25519")), 400)


def test_attach_and_detach_a_key_on_a_vps(sandbox: Sandbox) -> None:
    key = post(sandbox, "ssh_keys/add/", title="laptop", key=public_key("ssh-ed25519"))
    assert post(sandbox, f"ssh_keys/{VPS_OFF}/add/", key_pk=str(key["id"])) == {"ok": True}
    assert key["id"] in key_ids(sandbox, VPS_OFF)
    assert key["id"] not in key_ids(sandbox, VPS)
    error(call(sandbox, "POST", f"ssh_keys/{VPS_OFF}/add/", key_pk=str(key["id"])), 400)
    assert post(sandbox, f"ssh_keys/{VPS_OFF}/delete/", key_pk=str(key["id"])) == {"ok": True}
    assert key["id"] not in key_ids(sandbox, VPS_OFF)
    error(call(sandbox, "POST", f"ssh_keys/{VPS_OFF}/delete/", key_pk=str(key["id"])), 400)


def test_deleting_a_key_detaches_it_everywhere(sandbox: Sandbox) -> None:
    attached = key_ids(sandbox, VPS)
    assert attached
    post(sandbox, "ssh_keys/delete/", key_pk=str(attached[0]))
    assert attached[0] not in key_ids(sandbox, VPS)
    assert attached[0] not in key_ids(sandbox, "34-177055")


@pytest.mark.parametrize(("key_pk", "status"), [("", 400), ("abc", 400), ("999999", 404)])
def test_key_pk_is_checked(sandbox: Sandbox, key_pk: str, status: int) -> None:
    error(call(sandbox, "POST", f"ssh_keys/{VPS}/add/", key_pk=key_pk), status)
    error(call(sandbox, "POST", "ssh_keys/delete/", key_pk=key_pk), status)


def test_keys_attach_to_vps_orders_only(sandbox: Sandbox) -> None:
    key_pk = str(key_ids(sandbox)[0])
    error(call(sandbox, "POST", "ssh_keys/34-1234/add/", key_pk=key_pk), 400)
    error(call(sandbox, "GET", "ssh_keys/375-13/"), 400)


def test_webhook_set_clear_and_info(sandbox: Sandbox) -> None:
    info = get(sandbox, "tickets/webhook_info/")
    assert info["url"].startswith("https://hooks.slack.com/")
    url = "https://chat.example.com/hooks/abc?x=1"
    assert post(sandbox, "tickets/webhook_set/", url=url) == {"ok": True}
    assert get(sandbox, "tickets/webhook_info/") == {
        "last_error_date": None,
        "last_error_message": None,
        "url": url,
    }
    assert post(sandbox, "tickets/webhook_set/", url="") == {"ok": True}
    assert get(sandbox, "tickets/webhook_info/")["url"] is None


@pytest.mark.parametrize("url", ["ftp://example.com/x", "not a url", "https:///no-host"])
def test_webhook_url_is_validated(sandbox: Sandbox, url: str) -> None:
    message = error(call(sandbox, "POST", "tickets/webhook_set/", url=url), 400)
    assert url not in message  # a webhook URL can be a secret: it is not echoed
