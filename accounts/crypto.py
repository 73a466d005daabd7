"""Encryption of the teams' Fornex API keys and the members' TOTP seeds at rest.

Keys are encrypted with MultiFernet under FORNEX_KEYS (never SECRET_KEY). The encrypted payload
names the team and the connection it belongs to, so a ciphertext copied into another row does not
decrypt there. Any failure raises KeyDecryptionError: the panel never sends ciphertext to Fornex.
"""

from __future__ import annotations

import json
import uuid

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class KeyDecryptionError(Exception):
    """The stored key cannot be used: wrong FORNEX_KEYS, tampered, or copied from another row."""


class UnsendableApiKey(KeyDecryptionError):
    """The stored key decrypts, but holds characters an HTTP header or URL cannot carry (a
    zero-width space pasted with it, a letter outside ASCII): a bad key, never a crash."""


def is_sendable_api_key(api_key: str) -> bool:
    """Fornex keys are printable ASCII without spaces; nothing else can travel in a header."""
    return bool(api_key) and all("!" <= ch <= "~" for ch in api_key)


def _multifernet() -> MultiFernet:
    keys = list(settings.FORNEX_KEYS)
    if not keys:
        raise KeyDecryptionError("FORNEX_KEYS is empty: no key to encrypt or decrypt with.")
    return MultiFernet([Fernet(key) for key in keys])


def _binding(team_id: int, uid: uuid.UUID | str) -> dict[str, str]:
    return {"t": str(team_id), "c": str(uid)}


def encrypt_api_key(*, team_id: int, uid: uuid.UUID | str, api_key: str) -> str:
    payload = {**_binding(team_id, uid), "k": api_key}
    return _multifernet().encrypt(json.dumps(payload).encode()).decode()


def decrypt_api_key(*, team_id: int, uid: uuid.UUID | str, ciphertext: str) -> str:
    try:
        raw = _multifernet().decrypt(ciphertext.encode())
    except (InvalidToken, ValueError, TypeError):
        raise KeyDecryptionError(
            "The stored Fornex API key cannot be decrypted with the keys in FORNEX_KEYS."
        ) from None
    try:
        payload = json.loads(raw)
        bound = {"t": payload["t"], "c": payload["c"]}
        api_key = payload["k"]
    except (ValueError, KeyError, TypeError):
        raise KeyDecryptionError("The stored Fornex API key is not in the expected form.") from None
    if bound != _binding(team_id, uid) or not isinstance(api_key, str):
        raise KeyDecryptionError("The stored Fornex API key belongs to another connection.")
    return api_key


def reencrypt(ciphertext: str) -> str:
    """The same payload under the first key of FORNEX_KEYS (for key rotation)."""
    try:
        return _multifernet().rotate(ciphertext.encode()).decode()
    except InvalidToken:
        raise KeyDecryptionError(
            "A stored Fornex API key cannot be decrypted with the keys in FORNEX_KEYS."
        ) from None


# TOTP seeds (accounts.AuthenticatorDevice) --------------------------------------------------------
# Under the same FORNEX_KEYS, bound to the member: a seed copied to another member's row does not
# decrypt there. `rotate_fornex_keys` re-encrypts them with the API keys.


def encrypt_totp_seed(*, user_id: int, seed: bytes) -> str:
    payload = {"u": str(user_id), "s": seed.hex()}
    return _multifernet().encrypt(json.dumps(payload).encode()).decode()


def decrypt_totp_seed(*, user_id: int, ciphertext: str) -> bytes:
    try:
        payload = json.loads(_multifernet().decrypt(ciphertext.encode()))
        bound, seed = payload["u"], bytes.fromhex(payload["s"])
    except (InvalidToken, ValueError, KeyError, TypeError):
        raise KeyDecryptionError(
            "A two-factor seed cannot be decrypted with the keys in FORNEX_KEYS."
        ) from None
    if bound != str(user_id):
        raise KeyDecryptionError("This two-factor seed belongs to another member.")
    return seed
