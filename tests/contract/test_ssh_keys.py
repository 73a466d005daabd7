"""SSH keys: the account's keys, per-VPS keys, add/attach/detach/delete round trips."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from fornexpanel.fornex import BadRequest, FornexClient, NotFound, SshKey
from fornexpanel.sandbox.models import MONTHS
from tests.contract.helpers import (
    DS,
    KEY_ALICE,
    KEY_BOB,
    KEY_DEPLOY,
    MISSING_ORDER,
    MSK,
    OTHER_KEY_ID,
    OTHER_VPS,
    VPS,
    VPS_2,
    VPS_DB,
    VPS_OFF,
    public_key,
    raises,
)
from tests.plugins.sandbox import Sandbox

LONG_DATE = re.compile(rf"(?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}")


def long_dates_around_now() -> set[str]:
    """Today in the sandbox's "December 19, 2017" format (yesterday too, around midnight)."""
    now = datetime.now(MSK)
    return {
        f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        for day in (now.date(), (now - timedelta(minutes=1)).date())
    }


def ids(keys: tuple[SshKey, ...]) -> list[int]:
    return [key.id for key in keys]


def test_ssh_keys_are_the_seeded_keys(client: FornexClient) -> None:
    keys = client.ssh_keys()
    assert ids(keys) == [KEY_ALICE, KEY_DEPLOY, KEY_BOB]
    assert [key.title for key in keys] == ["alice@laptop", "deploy (CI)", "bob workstation"]
    expected = [
        ("ssh-ed25519", "alice@laptop"),
        ("ssh-ed25519", "deploy@ci.northwind.io"),
        ("ssh-rsa", "bob@workstation"),
    ]
    for key, (ktype, comment) in zip(keys, expected, strict=True):
        parts = key.key.split()
        assert (parts[0], parts[-1], len(parts)) == (ktype, comment, 3)
        assert key.date is not None and LONG_DATE.fullmatch(key.date)


@pytest.mark.parametrize(
    ("order_id", "expected"),
    [
        (VPS, [KEY_ALICE, KEY_DEPLOY]),
        (VPS_2, [KEY_ALICE, KEY_DEPLOY]),
        (VPS_DB, [KEY_BOB]),
        (VPS_OFF, []),
    ],
)
def test_vps_ssh_keys_are_the_seeded_attachments(
    client: FornexClient, order_id: str, expected: list[int]
) -> None:
    keys = client.vps_ssh_keys(order_id)
    assert ids(keys) == expected
    by_id = {key.id: key for key in client.ssh_keys()}
    assert all(key == by_id[key.id] for key in keys)  # the same key objects, field for field


def test_ssh_key_add_then_listed(client: FornexClient, sandbox: Sandbox) -> None:
    line = public_key("ci@contract")
    added = client.ssh_key_add("contract key", line)
    assert added == SshKey(id=added.id, title="contract key", key=line, date=added.date)
    assert added.id not in (KEY_ALICE, KEY_DEPLOY, KEY_BOB, OTHER_KEY_ID)
    assert added.date in long_dates_around_now()
    assert client.ssh_keys()[-1] == added
    assert len(client.ssh_keys()) == 4
    assert sandbox.count("POST", "/api/ssh_keys/add/") == 1


def test_ssh_key_add_without_a_title_takes_the_key_comment(client: FornexClient) -> None:
    added = client.ssh_key_add("", public_key("carla@desk", "ssh-ed25519"))
    assert added.title == "carla@desk"


def test_ssh_key_add_normalises_surrounding_whitespace(client: FornexClient) -> None:
    line = public_key("trim@contract")
    assert client.ssh_key_add("trim", f"  {line}  ").key == line


def test_ssh_key_attach_detach_delete_round_trip(client: FornexClient) -> None:
    key = client.ssh_key_add("round trip", public_key("rt@contract"))
    assert key.id not in ids(client.vps_ssh_keys(VPS_OFF))

    assert client.vps_ssh_key_attach(VPS_OFF, key.id) is None
    assert client.vps_ssh_keys(VPS_OFF) == (key,)
    client.vps_ssh_key_attach(VPS, key.id)
    assert ids(client.vps_ssh_keys(VPS)) == [KEY_ALICE, KEY_DEPLOY, key.id]

    assert client.vps_ssh_key_detach(VPS_OFF, key.id) is None
    assert client.vps_ssh_keys(VPS_OFF) == ()
    assert key in client.ssh_keys()  # detaching keeps the key in the account

    assert client.ssh_key_delete(key.id) is None
    assert key.id not in ids(client.ssh_keys())
    assert ids(client.vps_ssh_keys(VPS)) == [KEY_ALICE, KEY_DEPLOY]  # gone from its VPSes too


def test_ssh_key_delete_of_a_seeded_key_detaches_it_everywhere(client: FornexClient) -> None:
    client.ssh_key_delete(KEY_DEPLOY)
    assert ids(client.ssh_keys()) == [KEY_ALICE, KEY_BOB]
    assert ids(client.vps_ssh_keys(VPS)) == [KEY_ALICE]
    assert ids(client.vps_ssh_keys(VPS_2)) == [KEY_ALICE]
    with raises(NotFound):
        client.ssh_key_delete(KEY_DEPLOY)


def test_ssh_key_detach_of_a_seeded_key(client: FornexClient) -> None:
    client.vps_ssh_key_detach(VPS_DB, KEY_BOB)
    assert client.vps_ssh_keys(VPS_DB) == ()
    client.vps_ssh_key_attach(VPS_DB, KEY_BOB)
    assert ids(client.vps_ssh_keys(VPS_DB)) == [KEY_BOB]


# Errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "key", "message"),
    [
        ("empty", "", "key is required"),
        ("dsa?", "ssh-foo AAAA", "Unknown key type 'ssh-foo': expected one of ssh-rsa, ssh-dss, "
         "ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, "
         "sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com"),
        ("no body", "ssh-ed25519", "The key has no body after its type"),
        ("not base64", "ssh-ed25519 not*base64", "The key body is not valid base64"),
        ("short", "ssh-ed25519 AAAA", "The key body is too short"),
        ("wrong type", public_key("x", "ssh-ed25519").replace("ssh-ed25519", "ssh-rsa", 1),
         "The key body does not hold a ssh-rsa key"),
        ("private", "-----BEGIN OPENSSH PRIVATE KEY-----",
         "This looks like a private key: paste the public key (the .pub file)"),
        ("x" * 101, public_key(), "title: at most 100 printable characters"),
    ],
)  # fmt: skip
def test_ssh_key_add_invalid_is_bad_request(
    client: FornexClient, title: str, key: str, message: str
) -> None:
    with raises(BadRequest) as caught:
        client.ssh_key_add(title, key)
    assert (caught.value.message, caught.value.status) == (message, 400)
    assert ids(client.ssh_keys()) == [KEY_ALICE, KEY_DEPLOY, KEY_BOB]


def test_ssh_key_add_twice_is_bad_request(client: FornexClient) -> None:
    line = public_key("dup@contract")
    client.ssh_key_add("first", line)
    with raises(BadRequest) as caught:
        client.ssh_key_add("second", line)
    assert caught.value.message == "This key has already been added"
    seeded = client.ssh_keys()[0]
    with raises(BadRequest):
        client.ssh_key_add("again", seeded.key)


@pytest.mark.parametrize(
    ("call", "order_id", "key_pk", "message"),
    [
        ("vps_ssh_key_attach", VPS, KEY_ALICE, f"Key {KEY_ALICE} is already attached to {VPS}"),
        ("vps_ssh_key_detach", VPS_OFF, KEY_ALICE, f"Key {KEY_ALICE} is not attached to {VPS_OFF}"),
        ("vps_ssh_key_attach", DS, KEY_ALICE, f"Order {DS} is not a VPS"),
        ("vps_ssh_key_detach", DS, KEY_ALICE, f"Order {DS} is not a VPS"),
    ],
)
def test_attach_and_detach_refused_is_bad_request(
    client: FornexClient, call: str, order_id: str, key_pk: int, message: str
) -> None:
    with raises(BadRequest) as caught:
        getattr(client, call)(order_id, key_pk)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("ssh_key_delete", (9999,)),
        ("ssh_key_delete", (OTHER_KEY_ID,)),  # Blue Harbor's key
        ("vps_ssh_key_attach", (VPS, 9999)),
        ("vps_ssh_key_attach", (VPS, OTHER_KEY_ID)),
        ("vps_ssh_key_attach", (MISSING_ORDER, KEY_ALICE)),
        ("vps_ssh_key_attach", (OTHER_VPS, KEY_ALICE)),
        ("vps_ssh_key_detach", (VPS, 9999)),
        ("vps_ssh_key_detach", (OTHER_VPS, OTHER_KEY_ID)),
        ("vps_ssh_keys", (MISSING_ORDER,)),
        ("vps_ssh_keys", (OTHER_VPS,)),
    ],
)
def test_unknown_key_or_order_is_not_found(client: FornexClient, call: str, args: tuple) -> None:
    with raises(NotFound) as caught:
        getattr(client, call)(*args)
    assert (caught.value.status, caught.value.operation) == (404, call)
