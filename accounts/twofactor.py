"""TOTP two-factor sign-in with one-time recovery codes (django-otp).

A device is only on once the member has confirmed a code from it. django-otp's TOTP code
remembers the last time step it accepted, so a code is never accepted twice, and throttles
repeated wrong codes.

Nothing in the database is enough to make a code: the TOTP seed is encrypted under FORNEX_KEYS
(accounts.AuthenticatorDevice) and the recovery codes are stored as keyed hashes
(`recovery_code_hash`, keyed with SECRET_KEY, which a database dump does not contain).
"""

from __future__ import annotations

import base64
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.audit import audit_record
from accounts.models import AuthenticatorDevice, RecoveryCodes, User

RECOVERY_CODE_COUNT = 10
SEED_BYTES = 20
_RECOVERY_SALT = "accounts.twofactor.recovery_code"


def normalized_recovery_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def recovery_code_hash(code: str, secret: str | None = None) -> str:
    """What is stored for a recovery code: 16 characters of an HMAC keyed with SECRET_KEY (the
    token column of django-otp's StaticToken holds 16)."""
    digest = salted_hmac(
        _RECOVERY_SALT, normalized_recovery_code(code), secret=secret, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode()


def recovery_code_hashes(code: str) -> list[str]:
    """The hashes `code` may be stored under: SECRET_KEY's, then each of SECRET_KEY_FALLBACKS'."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [recovery_code_hash(code, secret=key) for key in keys]


def _new_recovery_code() -> str:
    text = base64.b32encode(secrets.token_bytes(10)).decode().lower()[:10]  # 50 bits
    return f"{text[:5]}-{text[5:]}"


def has_two_factor(user: User) -> bool:
    return (
        user.is_authenticated
        and AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()
    )


def totp_pending_device(user: User) -> AuthenticatorDevice:
    """The unconfirmed device being enrolled (one at a time), created if needed."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorDevice(user=user, name="Authenticator app", confirmed=False)
        device.set_seed(secrets.token_bytes(SEED_BYTES))
        device.save()
    return device


def qr_code_svg(device: AuthenticatorDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return image.to_string(encoding="unicode")


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = RecoveryCodes.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_hash(code)) for code in codes]
    )
    return codes


@transaction.atomic
def totp_confirm(*, user: User, code: str) -> list[str] | None:
    """Turn two-factor on if `code` matches the pending device. Returns the recovery codes."""
    device = (
        AuthenticatorDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    )
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        return None
    AuthenticatorDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit_record(action="two_factor.enable", actor=user, team=None, target=user)
    return codes


def verify_totp_code(user: User, code: str):
    """The authenticator device that accepts `code` (recovery codes are not tried), else None."""
    code = code.strip().replace(" ", "")
    if not code:
        return None
    for device in AuthenticatorDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def verify_code(user: User, code: str):
    """The device that accepts `code` (TOTP, or a recovery code used up), else None."""
    if not code.strip():
        return None
    device = verify_totp_code(user, code)
    if device is not None:
        return device
    for device in RecoveryCodes.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


@transaction.atomic
def recovery_codes_regenerate(*, user: User, code: str) -> list[str] | None:
    if verify_code(user, code) is None:
        return None
    codes = _new_recovery_codes(user)
    audit_record(action="two_factor.recovery_codes", actor=user, team=None, target=user)
    return codes


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> bool:
    if verify_code(user, code) is None:
        return False
    AuthenticatorDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(action="two_factor.disable", actor=user, team=None, target=user)
    return True


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
