"""DNS forms. Each error is attached to the field it is about; the checks are dns.validation's."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dns import validation as v
from dns.plan import Entry, host_problem

TTL_LABELS = {
    120: gettext_lazy("2 minutes"),
    300: gettext_lazy("5 minutes"),
    600: gettext_lazy("10 minutes"),
    900: gettext_lazy("15 minutes"),
    1800: gettext_lazy("30 minutes"),
    3600: gettext_lazy("1 hour (default)"),
    7200: gettext_lazy("2 hours"),
    18000: gettext_lazy("5 hours"),
    43200: gettext_lazy("12 hours"),
    86400: gettext_lazy("1 day"),
}

# Which fields each record type uses; the page shows only those (static/js/dns.js).
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "value": ("A", "AAAA", "CNAME", "MX", "TXT", "NS"),
    "prio": v.PRIORITY_TYPES,
    "weight": ("SRV",),
    "port": ("SRV",),
    "target": ("SRV",),
    "caa_flags": ("CAA",),
    "caa_tag": ("CAA",),
    "caa_value": ("CAA",),
}

VALUE_HINTS: dict[str, tuple[str, str]] = {
    "A": (gettext_lazy("IPv4 address"), "203.0.113.10"),
    "AAAA": (gettext_lazy("IPv6 address"), "2001:db8::10"),
    "CNAME": (gettext_lazy("Alias of (host name)"), "app.example.net"),
    "MX": (gettext_lazy("Mail server (host name)"), "mx1.example.com"),
    "NS": (gettext_lazy("Name server (host name)"), "ns1.example.net"),
    "TXT": (gettext_lazy("Text"), "v=spf1 include:_spf.example.com ~all"),
}


class RecordForm(forms.Form):
    type = forms.ChoiceField(
        label=gettext_lazy("Type"), choices=[(t, t) for t in v.RECORD_TYPES], initial="A"
    )
    host = forms.CharField(
        label=gettext_lazy("Host"),
        required=False,
        max_length=300,
        initial="@",
        help_text=gettext_lazy(
            "“@” for the domain itself, “*” for any name, or a subdomain such as “www”."
        ),
    )
    value = forms.CharField(
        label=gettext_lazy("Value"), required=False, max_length=v.TXT_MAX + 1000
    )
    prio = forms.CharField(
        label=gettext_lazy("Priority"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("0–65535; lower is preferred."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    weight = forms.CharField(
        label=gettext_lazy("Weight"),
        required=False,
        max_length=20,
        initial="0",
        help_text=gettext_lazy("0–65535: how load is shared between targets of equal priority."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    port = forms.CharField(
        label=gettext_lazy("Port"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    target = forms.CharField(
        label=pgettext_lazy("SRV record", "Target"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("The host name that offers the service (“.” for none)."),
    )
    caa_flags = forms.CharField(
        label=gettext_lazy("Flags"),
        required=False,
        max_length=20,
        initial="0",
        help_text=gettext_lazy("0, or 128 for “critical”."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    caa_tag = forms.ChoiceField(
        label=gettext_lazy("Tag"),
        required=False,
        initial="issue",
        choices=[
            ("issue", gettext_lazy("issue: may issue certificates")),
            ("issuewild", gettext_lazy("issuewild: may issue wildcard certificates")),
            ("iodef", gettext_lazy("iodef: where to report violations")),
        ],
    )
    caa_value = forms.CharField(
        label=gettext_lazy("Certificate authority or report address"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Such as letsencrypt.org, or mailto:security@example.com."),
    )
    ttl = forms.ChoiceField(
        label=gettext_lazy("TTL"),
        choices=[(str(ttl), label) for ttl, label in TTL_LABELS.items()],
        initial=str(v.DEFAULT_TTL),
    )

    def __init__(
        self,
        *args: Any,
        domain: str,
        zone: Sequence[Entry] = (),
        record_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domain = domain
        self.zone = zone
        self.record_id = record_id
        self.spec: v.RecordSpec | None = None

    @classmethod
    def initial_for(cls, record: Any) -> dict[str, Any]:
        initial = {
            "type": record.type,
            "host": v.display_host(record.host),
            "value": record.value,
            "prio": "" if record.prio is None else str(record.prio),
            "ttl": str(record.ttl or v.DEFAULT_TTL),
        }
        if record.type == "SRV":
            initial["weight"], initial["port"], initial["target"] = v.split_srv(record.value)
        if record.type == "CAA":
            initial["caa_flags"], initial["caa_tag"], initial["caa_value"] = v.split_caa(
                record.value
            )
        return initial

    def current_type(self) -> str:
        value = self.data.get("type") if self.is_bound else self.initial.get("type")
        return value if value in v.RECORD_TYPES else "A"

    def typed_fields(self) -> list[tuple[Any, str, bool]]:
        """(bound field, types it applies to, shown now) for the template."""
        current = self.current_type()
        rows = []
        for name in self.fields:
            types = TYPE_FIELDS.get(name)
            rows.append((self[name], " ".join(types or ()), types is None or current in types))
        return rows

    def _check(self, field: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except ValidationError as error:
            self.add_error(field, error)
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rtype = data.get("type")
        if not rtype:
            return data
        host = self._check("host", lambda: v.clean_host(data.get("host", ""), self.domain))
        if host is not None:
            host = self._check("host", lambda: self._host_for_type(rtype, host))
        value = self._value(rtype, data)
        prio = None
        if rtype in v.PRIORITY_TYPES:
            prio = self._check("prio", lambda: v.clean_priority(data.get("prio")))
        ttl = self._check("ttl", lambda: v.clean_ttl(data.get("ttl")))
        if self.errors:
            return data
        problem = host_problem(
            self.zone, host=host, rtype=rtype, value=value, exclude_id=self.record_id
        )
        if problem:
            field, message = problem
            self.add_error(self._value_field(rtype) if field == "value" else field, message)
            return data
        self.spec = v.RecordSpec(host=host, type=rtype, value=value, ttl=ttl, prio=prio)
        return data

    def _host_for_type(self, rtype: str, host: str) -> str:
        if rtype == "CNAME" and host == "":
            raise ValidationError(
                _("A CNAME cannot be at the domain itself (“@”): the domain has other records.")
            )
        if rtype == "NS" and host == "":
            raise ValidationError(
                _(
                    "The domain's own name servers are set by Fornex; to move the domain, change "
                    "the name servers of its domain order. NS records here delegate a subdomain."
                )
            )
        if rtype == "SRV":
            return v.clean_srv_host(host)
        return host

    @staticmethod
    def _value_field(rtype: str) -> str:
        return {"SRV": "target", "CAA": "caa_value"}.get(rtype, "value")

    def _value(self, rtype: str, data: dict[str, Any]) -> str | None:
        raw = data.get("value", "")
        if rtype == "A":
            return self._check("value", lambda: v.clean_ipv4(raw))
        if rtype == "AAAA":
            return self._check("value", lambda: v.clean_ipv6(raw))
        if rtype in v.HOST_NAME_TYPES:
            return self._check("value", lambda: v.clean_host_name(raw))
        if rtype == "TXT":
            return self._check("value", lambda: v.clean_txt(raw))
        if rtype == "SRV":
            weight = self._check(
                "weight", lambda: v.clean_number(data.get("weight"), 0, 65535, _("The weight"))
            )
            port = self._check(
                "port", lambda: v.clean_number(data.get("port"), 0, 65535, _("The port"))
            )
            target = self._check("target", lambda: v.clean_srv_target(data.get("target", "")))
            if None in (weight, port, target):
                return None
            return v.srv_value(weight, port, target)
        flags = self._check("caa_flags", lambda: v.clean_caa_flags(data.get("caa_flags")))
        tag = self._check("caa_tag", lambda: v.clean_caa_tag(data.get("caa_tag", "")))
        if tag is None:
            return None
        prop = self._check("caa_value", lambda: v.clean_caa_property(tag, data.get("caa_value")))
        if None in (flags, prop):
            return None
        return v.caa_value(flags, tag, prop)


class DomainAddForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Domain name"),
        max_length=300,
        help_text=gettext_lazy("Such as example.com; international names are fine."),
    )
    ip = forms.CharField(
        label=gettext_lazy("IP address"),
        max_length=100,
        help_text=gettext_lazy("The address the domain (@) points at: an A or AAAA record."),
    )

    def __init__(
        self, *args: Any, hosted: Callable[[], Sequence[str]] = tuple, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.hosted = hosted

    def clean_name(self) -> str:
        return v.clean_domain_name(self.cleaned_data["name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Asked last, and only for otherwise valid input: it may need a read from Fornex.
        if not self.errors and data["name"] in self.hosted():
            self.add_error(
                "name", _("%(name)s is in DNS hosting already.") % {"name": data["name"]}
            )
        return data

    def clean_ip(self) -> str:
        return v.clean_ip(self.cleaned_data["ip"])


SORT_CHOICES = [
    ("name", gettext_lazy("Name")),
    ("-records", gettext_lazy("Most records")),
    ("-updated", gettext_lazy("Recently updated")),
    ("-created", gettext_lazy("Newest")),
    ("created", gettext_lazy("Oldest")),
]


class DomainSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or IP"), required=False, max_length=200)
    tag = forms.CharField(label=gettext_lazy("Tag"), required=False, max_length=100)
    sort = forms.CharField(required=False, max_length=20)

    def values(self) -> tuple[str, str, str]:
        if not self.is_valid():
            return "", "", "name"
        data = self.cleaned_data
        return data["q"].strip(), data["tag"].strip(), data["sort"] or "name"


class NameserversForm(forms.Form):
    nameservers = forms.CharField(
        label=gettext_lazy("Name servers"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=gettext_lazy("Two or more full host names, one per line."),
    )

    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that these servers will answer for the whole domain from now on."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm the change.")},
    )

    def clean_nameservers(self) -> list[str]:
        return v.clean_nameservers(self.cleaned_data["nameservers"])


class PlanApplyForm(forms.Form):
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args: Any, risks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.risks = risks
        self.fields["confirm"].label = _("I have read the warnings above and want to apply it.")
        self.fields["confirm"].required = bool(risks)
        self.fields["confirm"].error_messages["required"] = _(
            "This plan needs an extra confirmation: tick the box."
        )


class ModeForm(forms.Form):
    """Apply a change now, or stage it into the domain's plan."""

    mode = forms.ChoiceField(choices=[("now", "now"), ("stage", "stage")])


_FORNEX_FIELD = re.compile(r"^(?:Invalid (host|type|value|ttl|prio|ip|name)\b|(\w+) is required)")


def fornex_error_field(message: str, fields: Sequence[str]) -> str | None:
    """The form field a Fornex `error` text is about, when it names one the form has."""
    match = _FORNEX_FIELD.match(message or "")
    if not match:
        return None
    name = match[1] or match[2]
    return name if name in fields else None


RECORD_FIELDS = tuple(RecordForm.base_fields)
