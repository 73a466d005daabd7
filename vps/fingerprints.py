"""SSH public key fingerprints as `ssh-keygen -l` prints them: "256 SHA256:… (ED25519)".

Keys are told apart by their fingerprint: the first characters of every ed25519 key are the same
("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI…"), so a list that shows only them shows nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

# Key type in the blob -> (the name ssh-keygen prints, bits when the type fixes them)
_TYPES = {
    "ssh-ed25519": ("ED25519", 256),
    "sk-ssh-ed25519@openssh.com": ("ED25519-SK", 256),
    "ecdsa-sha2-nistp256": ("ECDSA", 256),
    "ecdsa-sha2-nistp384": ("ECDSA", 384),
    "ecdsa-sha2-nistp521": ("ECDSA", 521),
    "sk-ecdsa-sha2-nistp256@openssh.com": ("ECDSA-SK", 256),
    "ssh-rsa": ("RSA", None),
    "ssh-dss": ("DSA", None),
}


@dataclass(frozen=True)
class Fingerprint:
    bits: int | None
    sha256: str  # "SHA256:" and the unpadded base64 of the blob's SHA-256
    kind: str  # ED25519, RSA, ECDSA...
    comment: str

    def __str__(self) -> str:
        bits = f"{self.bits} " if self.bits else ""
        return f"{bits}{self.sha256} ({self.kind})"


def _strings(blob: bytes) -> list[bytes]:
    """The length-prefixed strings of an SSH wire-format blob."""
    out, offset = [], 0
    while offset + 4 <= len(blob):
        (length,) = struct.unpack(">I", blob[offset : offset + 4])
        offset += 4
        out.append(blob[offset : offset + length])
        offset += length
    return out


def _bits_from_mpint(value: bytes) -> int:
    return len(value.lstrip(b"\0")) * 8 - (8 - value.lstrip(b"\0")[0].bit_length())


def fingerprint(public_key: str) -> Fingerprint | None:
    """The fingerprint of an OpenSSH public key line; None when it is not one."""
    parts = (public_key or "").strip().split(None, 2)
    if len(parts) < 2:
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    fields = _strings(blob)
    if not fields:
        return None
    key_type = fields[0].decode("ascii", "replace")
    kind, bits = _TYPES.get(key_type, (key_type.upper(), None))
    try:
        if key_type == "ssh-rsa" and len(fields) >= 3:
            bits = _bits_from_mpint(fields[2])  # e, then n
        elif key_type == "ssh-dss" and len(fields) >= 2:
            bits = _bits_from_mpint(fields[1])  # p
    except IndexError:
        bits = None
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    comment = parts[2].strip() if len(parts) > 2 else ""
    return Fingerprint(bits=bits, sha256=f"SHA256:{digest}", kind=kind, comment=comment)
