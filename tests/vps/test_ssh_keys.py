"""SSH keys: validation of a pasted key, the account's keys, keys attached to a VPS."""

from __future__ import annotations

import base64
import re
import struct

import pytest
from django import forms
from django.urls import reverse

from accounts.models import AuditEvent
from tests.vps.conftest import KEY_ALICE, KEY_BOB, KEY_DEPLOY, VPS, vps_url
from vps.forms import SshKeyForm, parse_public_key


def _blob(*parts: bytes) -> str:
    return base64.b64encode(b"".join(struct.pack(">I", len(p)) + p for p in parts)).decode()


ED25519 = f"ssh-ed25519 {_blob(b'ssh-ed25519', bytes(range(32)))} carol@desk"
PRIVATE = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "-----END OPENSSH PRIVATE KEY-----"
)


def test_a_well_formed_public_key_is_accepted():
    assert parse_public_key(ED25519) == ("ssh-ed25519", ED25519.split()[1], "carol@desk")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ssh-foo AAAA", "type"),
        ("ssh-rsa", "body"),
        ("ssh-ed25519 not*base64", "base64"),
        (f"ssh-rsa {ED25519.split()[1]}", "mismatch"),  # an ed25519 body under the RSA type
        (f"{ED25519}\n{ED25519}", "lines"),
        (PRIVATE, "private_key"),
        ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none", "private_key"),
    ],
)
def test_a_bad_key_is_refused_with_a_reason(text, code):
    with pytest.raises(forms.ValidationError) as error:
        parse_public_key(text)
    assert error.value.code == code


def test_the_title_defaults_to_the_keys_comment():
    form = SshKeyForm({"title": "", "key": ED25519})
    assert form.is_valid()
    assert form.cleaned_data["title"] == "carol@desk"


def test_a_pasted_private_key_is_refused_not_stored_and_not_echoed(
    login, operator, connection, sandbox_api
):
    response = login(operator).post(
        reverse("vps:ssh_key_add", args=[connection.pk]), {"title": "oops", "key": PRIVATE}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This is a private key" in body
    assert "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUA" not in body and "BEGIN OPENSSH" not in body
    assert sandbox_api.count("POST", "/api/ssh_keys/add/") == 0
    assert not AuditEvent.objects.filter(action="ssh_key.add").exists()


def test_an_operator_adds_a_key_to_the_account(login, operator, connection, sandbox_api):
    client = login(operator)
    response = client.post(
        reverse("vps:ssh_key_add", args=[connection.pk]), {"title": "Carol", "key": ED25519}
    )
    assert response.status_code == 302
    page = client.get(reverse("vps:ssh_keys")).content.decode()
    assert "Carol" in page  # the cached list was invalidated
    event = AuditEvent.objects.get(action="ssh_key.add")
    assert event.outcome == AuditEvent.Outcome.SUCCESS and event.target_type == "ssh_key"
    assert event.target_id.startswith(f"{connection.pk}:") and event.detail["type"] == "ssh-ed25519"


def test_a_key_fornex_refuses_comes_back_with_the_reason(login, operator, connection, sandbox_api):
    client = login(operator)
    seeded = next(k for k in client.get(reverse("vps:ssh_keys")).context["accounts"][0][1].data)
    response = client.post(
        reverse("vps:ssh_key_add", args=[connection.pk]), {"title": "again", "key": seeded.key}
    )
    assert response.status_code == 200
    # Fornex's own words, marked as Fornex's (fornexpanel/core/i18n.py).
    assert re.search(
        r'Fornex refused: <q class="fornex-words"[^>]*>This key has already been added',
        response.content.decode(),
    )
    assert AuditEvent.objects.get(action="ssh_key.add").outcome == AuditEvent.Outcome.FAILURE


def test_deleting_a_key_asks_for_its_title_first(login, operator, connection, sandbox_api):
    client = login(operator)
    url = reverse("vps:ssh_key_delete", args=[connection.pk, KEY_BOB])
    assert "bob workstation" in client.get(url).content.decode()
    assert client.post(url, {"confirm": "bob"}).status_code == 200  # not the title: asked again
    assert sandbox_api.count("POST", "/api/ssh_keys/delete/") == 0
    assert client.post(url, {"confirm": "bob workstation"}).status_code == 302
    assert sandbox_api.count("POST", "/api/ssh_keys/delete/") == 1
    keys = client.get(reverse("vps:ssh_keys")).context["accounts"][0][1].data
    assert KEY_BOB not in [key.id for key in keys]
    assert AuditEvent.objects.filter(
        action="ssh_key.delete", target_id=f"{connection.pk}:{KEY_BOB}"
    ).exists()


def test_an_operator_attaches_and_detaches_a_key_on_a_vps(login, operator, connection, sandbox_api):
    client = login(operator)
    page = client.get(vps_url("detail", connection))
    assert [k.id for k in page.context["attachable"]] == [KEY_BOB]
    response = client.post(vps_url("key_attach", connection), {"key": KEY_BOB})
    assert response.status_code == 302
    attached = client.get(vps_url("detail", connection)).context["attached"].data
    assert KEY_BOB in [key.id for key in attached]

    detach = vps_url("key_detach", connection, VPS, KEY_DEPLOY)
    assert "deploy (CI)" in client.get(detach).content.decode()  # the confirmation page
    assert client.post(detach).status_code == 302
    attached = client.get(vps_url("detail", connection)).context["attached"].data
    assert [key.id for key in attached] == [KEY_ALICE, KEY_BOB]
    actions = list(
        AuditEvent.objects.filter(target_id=f"{connection.pk}:{VPS}")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["ssh_key.attach", "ssh_key.detach"]


def test_attaching_a_key_of_another_account_is_refused(login, operator, connection, sandbox_api):
    response = login(operator).post(vps_url("key_attach", connection), {"key": 9999})
    assert response.status_code == 302
    assert sandbox_api.count("POST", f"/api/ssh_keys/{VPS}/add/") == 0


def test_a_viewer_sees_keys_but_cannot_change_them(login, viewer, connection, sandbox_api):
    client = login(viewer)
    body = client.get(reverse("vps:ssh_keys")).content.decode()
    assert "alice@laptop" in body and 'data-testid="add-key"' not in body
    assert client.post(vps_url("key_attach", connection), {"key": KEY_BOB}).status_code == 403
    assert sandbox_api.count("POST", f"/api/ssh_keys/{VPS}/add/") == 0
