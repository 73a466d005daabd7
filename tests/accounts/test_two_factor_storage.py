"""Second-factor secrets at rest: the TOTP seed encrypted under FORNEX_KEYS, recovery codes
stored as keyed hashes. A database dump holds no usable seed or code; upgrading keeps every
member's authenticator app and recovery codes working."""

from __future__ import annotations

import base64
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection as db_connection
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice as PlainTOTPDevice

from accounts.crypto import KeyDecryptionError
from accounts.models import AuthenticatorDevice
from accounts.twofactor import has_two_factor, recovery_code_hash, verify_code

PASSWORD = "correct horse battery staple"


def _code(seed: bytes, device) -> str:
    value = totp(seed, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{value:0{device.digits}d}"


def _enrol(client, user) -> tuple[bytes, list[str]]:
    client.get(reverse("accounts:two_factor"))
    device = AuthenticatorDevice.objects.get(user=user, confirmed=False)
    seed = device.bin_key
    response = client.post(reverse("accounts:two_factor"), {"code": _code(seed, device)})
    return seed, response.context["recovery_codes"]


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return out.getvalue()


def test_a_database_dump_after_enrolment_holds_no_seed_and_no_recovery_code(login, owner):
    seed, codes = _enrol(login(owner), owner)
    dump = _dump()
    b32 = base64.b32encode(seed).decode()
    for form in (seed.hex(), seed.hex().upper(), b32, b32.rstrip("="), b32.lower()):
        assert form not in dump
    for code in codes:
        assert code not in dump
        assert code.replace("-", "") not in dump
        assert code.upper() not in dump
    assert len(codes) == 10 and all(len(code) == 11 for code in codes)


def test_the_seed_is_bound_to_its_member(login, owner, admin):
    _enrol(login(owner), owner)
    stolen = AuthenticatorDevice.objects.get(user=owner).key_ciphertext
    mine = AuthenticatorDevice.objects.create(
        user=admin, name="Copied", confirmed=True, key_ciphertext=stolen
    )
    with pytest.raises(KeyDecryptionError):
        mine.bin_key  # noqa: B018


def test_a_hashed_recovery_code_still_signs_in_once(client, login, owner):
    _seed, codes = _enrol(login(owner), owner)
    client.logout()
    for expected in (302, 200):
        client.logout()
        client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})
        response = client.post(reverse("accounts:login_verify"), {"code": codes[3].upper()})
        assert response.status_code == expected


def test_rotating_fornex_keys_re_encrypts_the_seeds(login, owner, settings):
    from cryptography.fernet import Fernet

    seed, _codes = _enrol(login(owner), owner)
    settings.FORNEX_KEYS = [Fernet.generate_key().decode(), *settings.FORNEX_KEYS]
    call_command("rotate_fornex_keys", stdout=io.StringIO())
    settings.FORNEX_KEYS = settings.FORNEX_KEYS[:1]
    assert AuthenticatorDevice.objects.get(user=owner).bin_key == seed


def test_the_upgrade_migration_encrypts_seeds_and_hashes_codes_in_place(owner):
    """Devices made before the upgrade (django-otp's plain TOTP device, plain recovery codes)
    keep working afterwards, with nothing readable left behind."""
    seed = bytes(range(20))
    plain = PlainTOTPDevice.objects.create(user=owner, name="Old", key=seed.hex(), confirmed=True)
    static = StaticDevice.objects.create(user=owner, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=static, token="1a2b-3c4d")
    migration = importlib.import_module("accounts.migrations.0006_encrypted_two_factor")
    migration.encrypt_seeds_and_hash_codes(django_apps, db_connection.schema_editor())

    assert not PlainTOTPDevice.objects.exists()
    device = AuthenticatorDevice.objects.get(user=owner)
    assert device.bin_key == seed and device.confirmed and device.name == plain.name
    assert seed.hex() not in device.key_ciphertext
    assert StaticToken.objects.get().token == recovery_code_hash("1a2b-3c4d")
    assert has_two_factor(owner)
    assert verify_code(owner, _code(seed, device)) is not None
    assert verify_code(owner, "1a2b-3c4d") is not None
    assert verify_code(owner, "1a2b-3c4d") is None  # used up
