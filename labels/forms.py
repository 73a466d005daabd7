from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_MAX = 64  # Fornex's limit (the v2 spec's PatchedOrderUpdateRequest)
TAG_MAX = 64
TAGS_MAX = 20


class TagsField(forms.CharField):
    """Tags typed as one line, separated by commas: a list of distinct non-empty tags."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", _("Separated by commas. Leave empty to remove them all."))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        tags: list[str] = []
        for part in (text or "").split(","):
            tag = part.strip()
            if tag and tag not in tags:
                tags.append(tag)
        if any(len(tag) > TAG_MAX for tag in tags):
            raise ValidationError(
                _("A tag may have at most %(max)d characters.") % {"max": TAG_MAX}
            )
        if len(tags) > TAGS_MAX:
            raise ValidationError(_("At most %(max)d tags.") % {"max": TAGS_MAX})
        return tags


class OrderLabelForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Fornex keeps a name once given: it can be changed, not removed."),
    )
    tags = TagsField(label=_("Tags"))

    def __init__(self, *args, had_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.had_name = had_name

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name and self.had_name:
            raise ValidationError(_("Fornex's API takes no empty name: type a new one."))
        return name


class DomainTagsForm(forms.Form):
    tags = TagsField(label=_("Tags"))
