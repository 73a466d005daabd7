"""TOTP two-factor sign-in with one-time recovery codes (django-otp).

A device is only on once the member has confirmed a code from it. django-otp's TOTP device
remembers the last time step it accepted, so a code is never accepted twice, and throttles
repeated wrong codes.
"""

from __future__ import annotations

import secrets

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit_record
from accounts.models import User

RECOVERY_CODE_COUNT = 10


def has_two_factor(user: User) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one at a time), created if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return image.to_string(encoding="unicode")


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_confirm(*, user: User, code: str) -> list[str] | None:
    """Turn two-factor on if `code` matches the pending device. Returns the recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit_record(action="two_factor.enable", actor=user, team=None, target=user)
    return codes


def verify_code(user: User, code: str):
    """The device that accepts `code` (TOTP, or a recovery code used up), else None."""
    code = code.strip().replace(" ", "")
    if not code:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code.lower()):
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
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(action="two_factor.disable", actor=user, team=None, target=user)
    return True


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
