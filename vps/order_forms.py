"""The order form of a new VPS: its choices come from Fornex's catalogues (ordering.Catalogues).

One form for the three steps of the page (choose, review, confirm): the review and the
confirmation post the same fields again, so nothing is kept between requests and a stale
choice (a plan Fornex no longer offers) is caught when it is confirmed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fornexpanel.fornex.v2_orders import NAME_MAX
from vps.ordering import SOURCES, Catalogues, OrderChoice
from vps.reinstall import unfit_reason

MAX_SERVICE_COUNT = 10
STEPS = ("choose", "review", "confirm")


class VpsOrderForm(forms.Form):
    step = forms.ChoiceField(choices=[(s, s) for s in STEPS], required=False)
    location = forms.ChoiceField(label=gettext_lazy("Location"))
    plan = forms.TypedChoiceField(label=gettext_lazy("Plan"), coerce=int)
    install = forms.ChoiceField(label=gettext_lazy("What to install"))
    disk = forms.TypedChoiceField(
        label=gettext_lazy("Disk"), coerce=int, required=False, empty_value=None
    )
    ssh_keys = forms.TypedMultipleChoiceField(
        label=gettext_lazy("SSH keys"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        required=False,
        max_length=NAME_MAX,
        help_text=gettext_lazy("Optional; Fornex names the server itself otherwise."),
    )

    def __init__(self, *args, catalogues: Catalogues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.catalogues = catalogues
        self.locations = {loc.code: loc for loc in catalogues.data("locations")}
        self.plans = {plan.id: plan for plan in catalogues.data("plans")}
        self.options = {
            f"{option.kind}:{option.id}": option
            for name in ("templates", "apps", "snapshots")
            for option in catalogues.data(name)
        }
        self.disks = {disk.id: disk for disk in catalogues.data("disks")}
        self.services = {service.id: service for service in catalogues.data("services")}
        self.keys = {key.id: key for key in catalogues.data("ssh_keys")}
        self.fields["location"].choices = [
            (loc.code, loc.label) for loc in self.locations.values() if loc.available
        ]
        self.fields["plan"].choices = [(plan.id, plan.name) for plan in self.plans.values()]
        self.fields["install"].choices = [(key, o.name) for key, o in self.options.items()]
        self.fields["disk"].choices = [("", "")] + [(d.id, d.name) for d in self.disks.values()]
        self.fields["ssh_keys"].choices = [(k.id, k.title) for k in self.keys.values()]
        for service in self.services.values():
            self.fields[f"service_{service.id}"] = forms.IntegerField(
                label=service.name,
                required=False,
                min_value=0,
                max_value=MAX_SERVICE_COUNT,
                initial=0,
            )

    @property
    def service_fields(self):
        return [(service, self[f"service_{service.id}"]) for service in self.services.values()]

    @property
    def step_name(self) -> str:
        return self.cleaned_data.get("step") or "choose" if self.is_bound else "choose"

    def clean(self):
        data = super().clean()
        plan = self.plans.get(data.get("plan")) if data.get("plan") is not None else None
        option = self.options.get(data.get("install") or "")
        if plan is not None and option is not None:
            unfit = unfit_reason(option, plan)
            if unfit:
                self.add_error("install", unfit)
        return data

    @property
    def choice(self) -> OrderChoice:
        data = self.cleaned_data
        location = self.locations[data["location"]]
        option = self.options[data["install"]]
        if option.kind not in SOURCES:
            raise ValidationError(_("Choose what to install."))
        services = [
            (service, count)
            for service in self.services.values()
            if (count := data.get(f"service_{service.id}") or 0) > 0
        ]
        keys = [self.keys[key_id] for key_id in data.get("ssh_keys") or ()]
        disk_id = data.get("disk")
        return OrderChoice(
            location=location.code,
            location_label=location.label,
            plan=self.plans[data["plan"]],
            source=option.kind,
            source_id=option.id,
            source_name=option.name,
            disk=self.disks.get(disk_id) if disk_id is not None else None,
            services=services,
            ssh_key_ids=[key.id for key in keys],
            ssh_key_titles=[key.title for key in keys],
            name=(data.get("name") or "").strip(),
        )
