from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_THRESHOLD_GB = 100_000


class NotificationThresholdForm(forms.Form):
    gb = forms.IntegerField(
        label=_("Warn when the free space falls below (GB)"),
        min_value=0,
        max_value=MAX_THRESHOLD_GB,
        help_text=_("Fornex e-mails the account's address. 0 switches the warning off."),
    )
