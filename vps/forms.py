"""Forms of the servers area: SSH public keys and attaching a key to a VPS."""

from __future__ import annotations

import base64
import binascii
import re
import struct

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The public key types OpenSSH accepts today (DSA keys are refused by OpenSSH itself since 7.0).
KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
_PRIVATE_MARKERS = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File-|^\s*(?:b3BlbnNzaC1rZXktdjE)",
    re.MULTILINE,
)
MAX_KEY_LENGTH = 16_384


class PrivateKeyPasted(forms.ValidationError):
    pass


def _read_string(blob: bytes, offset: int) -> tuple[bytes, int]:
    if offset + 4 > len(blob):
        raise ValueError("truncated")
    (length,) = struct.unpack(">I", blob[offset : offset + 4])
    end = offset + 4 + length
    if end > len(blob):
        raise ValueError("truncated")
    return blob[offset + 4 : end], end


def parse_public_key(text: str) -> tuple[str, str, str]:
    """(type, base64 body, comment) of one OpenSSH public key line, or ValidationError.

    The body must decode as base64 and begin with its own type name, as every OpenSSH key blob
    does: that catches a truncated paste or a type that does not match the key."""
    text = text.strip()
    if _PRIVATE_MARKERS.search(text):
        raise PrivateKeyPasted(
            _(
                "This is a private key. It was not saved and is not shown back: never paste a "
                "private key anywhere. Paste the public key instead (the .pub file, one line "
                "starting with ssh-ed25519, ssh-rsa or ecdsa-…)."
            ),
            code="private_key",
        )
    if "\n" in text or "\r" in text:
        raise forms.ValidationError(_("Paste one key, on one line."), code="lines")
    parts = text.split(None, 2)
    if not parts or parts[0] not in KEY_TYPES:
        known = ", ".join(KEY_TYPES)
        raise forms.ValidationError(
            _("Unknown key type: the key should start with one of %(types)s.") % {"types": known},
            code="type",
        )
    if len(parts) < 2:
        raise forms.ValidationError(_("The key body is missing after its type."), code="body")
    ktype, body = parts[0], parts[1]
    try:
        blob = base64.b64decode(body, validate=True)
        name, after = _read_string(blob, 0)
    except (binascii.Error, ValueError):
        raise forms.ValidationError(
            _("The key body is not valid base64 key data (is the key complete?)."), code="base64"
        ) from None
    if name.decode("ascii", "replace") != ktype or after >= len(blob):
        raise forms.ValidationError(
            _("The key body does not match its type %(type)s.") % {"type": ktype}, code="mismatch"
        )
    comment = parts[2].strip() if len(parts) > 2 else ""
    return ktype, body, comment


class SshKeyForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Leave empty to use the key's comment (often user@host)."),
    )
    key = forms.CharField(
        label=gettext_lazy("Public key"),
        max_length=MAX_KEY_LENGTH,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "spellcheck": "false",
                "autocomplete": "off",
                "class": "font-monospace-sm",
            }
        ),
        help_text=gettext_lazy("One line from a .pub file: ssh-ed25519 AAAA… user@host"),
    )

    def clean_key(self) -> str:
        try:
            ktype, body, comment = parse_public_key(self.cleaned_data["key"])
        except PrivateKeyPasted:
            # Never echo a private key back into the page: blank the field before re-rendering.
            self.data = self.data.copy()
            self.data["key"] = ""
            raise
        self.comment = comment
        return " ".join(filter(None, (ktype, body, comment)))

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if title and not title.isprintable():
            raise forms.ValidationError(_("Letters, digits and punctuation only."))
        return title

    def clean(self):
        cleaned = super().clean()
        if "key" in cleaned and not cleaned.get("title"):
            cleaned["title"] = (getattr(self, "comment", "") or _("SSH key"))[:100]
        return cleaned


class AttachKeyForm(forms.Form):
    key = forms.TypedChoiceField(label=gettext_lazy("Key"), coerce=int)

    def __init__(self, *args, keys=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key.id, key.title) for key in keys]


class ReinstallForm(forms.Form):
    """One choice among the templates, applications and snapshots ("<source>:<id>"), and the
    server's name typed again: the disk is erased."""

    choice = forms.ChoiceField(
        label=gettext_lazy("Install"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a template, an application or a snapshot."),
            "invalid_choice": gettext_lazy(
                "Choose one of the templates, applications or snapshots listed."
            ),
        },
    )
    confirm = forms.CharField(
        label=gettext_lazy("Type the server's name or hostname to confirm"),
        max_length=253,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, options=(), names: tuple[str | None, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = {f"{option.kind}:{option.id}": option for option in options}
        self.fields["choice"].choices = [(key, opt.name) for key, opt in self.options.items()]
        self.names = [name for name in names if name]

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        # Hostnames are case-insensitive; the panel's names are compared exactly.
        if not any(value == name or value.lower() == name.lower() for name in self.names):
            raise forms.ValidationError(
                _("Type “%(name)s” exactly: it is what tells this server apart.")
                % {"name": self.names[0] if self.names else ""}
            )
        return value

    @property
    def chosen(self):
        return self.options[self.cleaned_data["choice"]]


class OrderCancelForm(forms.Form):
    """When to cancel (Fornex's `when`), whether to snapshot a VPS first, and for "now" the
    order's name typed again: that one cannot be undone."""

    when = forms.ChoiceField(
        label=gettext_lazy("When"),
        widget=forms.RadioSelect,
        initial="expired",
        choices=[
            ("expired", gettext_lazy("When the paid period ends")),
            ("now", gettext_lazy("Now")),
        ],
    )
    save_backup = forms.BooleanField(
        label=gettext_lazy("Take a snapshot of the VPS before it is removed"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Fornex's default. Snapshots may be charged for."),
    )
    confirm = forms.CharField(
        label=gettext_lazy("To cancel now, type the order's name"),
        max_length=253,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, names: tuple[str | None, ...] = (), vps: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = [name for name in names if name]
        if not vps:
            del self.fields["save_backup"]

    def clean(self):
        cleaned = super().clean()
        typed = (cleaned.get("confirm") or "").strip()
        if cleaned.get("when") == "now" and typed not in self.names:
            self.add_error(
                "confirm",
                _("Type “%(name)s” to cancel the order now.")
                % {"name": self.names[0] if self.names else ""},
            )
        # Fornex's default for orders that have nothing to snapshot.
        cleaned.setdefault("save_backup", True)
        return cleaned
