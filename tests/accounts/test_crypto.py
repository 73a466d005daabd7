"""API keys at rest: encrypted with FORNEX_KEYS, bound to their row, rotatable."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection as db

from accounts.connections import api_key_for, client_for, connection_create
from accounts.crypto import KeyDecryptionError, decrypt_api_key, encrypt_api_key
from accounts.models import Connection, Team

KEY = "fx-live-0123456789abcdef-SECRET"


@pytest.fixture
def stored(owner, team):
    return connection_create(actor=owner, team=team, label="Main", dialect="legacy", api_key=KEY)


def _all_text_in_database() -> str:
    chunks = []
    with db.cursor() as cursor:
        for table in db.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_the_key_is_not_stored_in_plain_text_anywhere(stored):
    assert KEY not in _all_text_in_database()
    assert stored.key_hint == "CRET"
    assert api_key_for(Connection.objects.get(pk=stored.pk)) == KEY


def test_the_key_is_not_encrypted_with_the_secret_key(stored, settings):
    settings.FORNEX_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(KeyDecryptionError):
        api_key_for(stored)


def test_a_ciphertext_copied_to_another_row_does_not_decrypt(stored, owner, team):
    other = connection_create(
        actor=owner, team=team, label="Second", dialect="legacy", api_key="another-key-123"
    )
    Connection.objects.filter(pk=other.pk).update(key_ciphertext=stored.key_ciphertext)
    other.refresh_from_db()
    with pytest.raises(KeyDecryptionError, match="another connection"):
        api_key_for(other)


def test_a_ciphertext_moved_to_another_team_does_not_decrypt(stored):
    elsewhere = Team.objects.create(name="Elsewhere")
    with pytest.raises(KeyDecryptionError):
        decrypt_api_key(team_id=elsewhere.pk, uid=stored.uid, ciphertext=stored.key_ciphertext)


def test_a_tampered_ciphertext_raises_and_no_client_is_made(stored):
    Connection.objects.filter(pk=stored.pk).update(
        key_ciphertext=stored.key_ciphertext[:-4] + "AAAA"
    )
    stored.refresh_from_db()
    with pytest.raises(KeyDecryptionError):
        client_for(stored)


def test_a_missing_encryption_key_raises(stored, settings):
    settings.FORNEX_KEYS = []
    with pytest.raises(KeyDecryptionError, match="empty"):
        api_key_for(stored)


def test_rotation_keeps_every_key_readable_after_the_old_key_is_removed(owner, team, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FORNEX_KEYS = [old]
    first = connection_create(actor=owner, team=team, label="A", dialect="legacy", api_key=KEY)
    second = connection_create(
        actor=owner, team=team, label="B", dialect="legacy", api_key="second-key-456"
    )
    settings.FORNEX_KEYS = [new, old]
    call_command("rotate_fornex_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.FORNEX_KEYS = [new]  # the retired key is gone
    assert api_key_for(Connection.objects.get(pk=first.pk)) == KEY
    assert api_key_for(Connection.objects.get(pk=second.pk)) == "second-key-456"


def test_rotation_changes_nothing_when_a_key_cannot_be_read(owner, team, settings):
    settings.FORNEX_KEYS = [Fernet.generate_key().decode()]
    conn = connection_create(actor=owner, team=team, label="A", dialect="legacy", api_key=KEY)
    before = conn.key_ciphertext
    settings.FORNEX_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("rotate_fornex_keys")
    conn.refresh_from_db()
    assert conn.key_ciphertext == before


def test_encryption_round_trips_and_varies(team):
    a = encrypt_api_key(team_id=team.pk, uid="u1", api_key=KEY)
    b = encrypt_api_key(team_id=team.pk, uid="u1", api_key=KEY)
    assert a != b  # Fernet uses a fresh IV each time
    assert decrypt_api_key(team_id=team.pk, uid="u1", ciphertext=a) == KEY
