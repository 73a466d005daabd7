"""Forms of the project pages: name and comment (Fornex's limits), and the logo upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

LOGO_MAX_BYTES = 1024 * 1024
# The first bytes of each image type a logo may have, and the type it is sent as.
LOGO_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


class ProjectForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=40)
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=256,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def logo_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an image the logo may be, from its first bytes."""
    for magic, content_type, extension in LOGO_TYPES:
        if head.startswith(magic):
            return content_type, extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        help_text=gettext_lazy("A PNG, JPEG, GIF or WebP image of at most 1 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),  # fmt: skip
    )

    def clean_logo(self):
        upload = self.cleaned_data["logo"]
        if upload.size > LOGO_MAX_BYTES:
            raise ValidationError(
                gettext_lazy("The image is %(size)s KB: a logo may be at most 1 MB (1024 KB)."),
                params={"size": (upload.size + 1023) // 1024},
            )
        upload.seek(0)
        content = upload.read(LOGO_MAX_BYTES + 1)
        found = logo_type(content[:16])
        if found is None:
            raise ValidationError(gettext_lazy("This file is not a PNG, JPEG, GIF or WebP image."))
        self.content = content
        self.content_type, self.extension = found
        return upload
