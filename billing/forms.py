from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from billing.models import AlertSettings, SupportTicket
from billing.plans import Catalogue


class WebhookUrlForm(forms.Form):
    url = forms.CharField(
        label=_("Or send them to another URL"),
        max_length=2000,
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
        help_text=_('Fornex posts {"text": …} as JSON here for each new ticket comment.'),
    )


class AlertSettingsForm(forms.ModelForm):
    class Meta:
        model = AlertSettings
        fields = ["balance_below", "runway_below_days", "expiring_within_days", "failed_operations"]


def _filter_field(name: str, catalogue: Catalogue, choices: dict[str, list[str]]) -> forms.Field:
    if name == "q":
        return forms.CharField(label=_("Name contains"), required=False, max_length=100)
    if name in ("location", "type"):
        options = [("", _("Any"))] + [(value, value) for value in choices.get(name, [])]
        label = _("Location") if name == "location" else _("Type")
        return forms.ChoiceField(label=label, required=False, choices=options)
    if name == "price_max":
        return forms.DecimalField(label=_("Price up to"), required=False, min_value=Decimal(0))
    column = next(c for c in catalogue.columns if c.key == name.removesuffix("_min"))
    label = _("%(column)s at least") % {"column": column.label}
    return forms.DecimalField(
        label=f"{label} ({column.unit})" if column.unit else label,
        required=False,
        min_value=Decimal(0),
    )


class PlanFilterForm(forms.Form):
    """The filters that fit one catalogue; location and type choices come from the data."""

    def __init__(self, data, *, catalogue: Catalogue, choices: dict[str, list[str]]) -> None:
        super().__init__(data)
        for name in catalogue.filters:
            self.fields[name] = _filter_field(name, catalogue, choices)

    def values(self) -> dict[str, Any]:
        """The valid filters given; an invalid one is ignored rather than failing the page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }


class TicketForm(forms.Form):
    """A support ticket for Fornex: subject and text as its API limits them, an optional order
    of the same Fornex account, and Fornex's priority (normal unless chosen)."""

    subject = forms.CharField(label=_("Subject"), max_length=64)
    text = forms.CharField(
        label=_("Message"),
        max_length=49152,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, on which server, since when. Never paste a password."),
    )
    order = forms.ChoiceField(label=_("Related order"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=SupportTicket.Priority.NORMAL,
        choices=SupportTicket.Priority.choices,
    )

    def __init__(self, *args: Any, orders: tuple = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [("", _("No related order"))] + [
            (order.id, f"{order.name or order.hostname or order.id} · {order.id} ({order.type})")
            for order in orders
        ]

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())
