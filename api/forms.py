"""The form that makes an API token. Scopes the member's role does not allow are shown but
disabled; the service checks the role again."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.models import Connection, Team
from api import scopes as s
from api.models import ApiToken
from api.tokens import parse_networks
from dns import validation as v

DEFAULT_DAYS = 90
MAX_DAYS = 365
_SPLIT = re.compile(r"[\s,;]+")
_ORDER_ID = re.compile(r"[A-Za-z0-9-]{1,32}")
LIMIT_FIELDS = {s.DNS: ("dns_domains", "dns_types", "dns_hosts"), s.POWER: ("power_servers",)}


def _words(raw: str) -> list[str]:
    return [word for word in _SPLIT.split(raw or "") if word]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy(
            "What the token is for, such as “certbot on web-1”: the audit history names it."
        ),
    )
    connection = forms.ModelChoiceField(
        label=gettext_lazy("Fornex connection"),
        queryset=Connection.objects.none(),
        empty_label=None,
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "At most one year from today. It stops working at the end of that day."
        ),
    )
    allowed_networks = forms.CharField(
        label=gettext_lazy("Allowed source addresses"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Addresses or networks the token may be used from, such as 203.0.113.7 or "
            "2001:db8::/48, separated by commas or new lines. Empty: from anywhere."
        ),
    )
    scope_all = forms.BooleanField(
        label=gettext_lazy("Everything your role allows"),
        required=False,
        help_text=gettext_lazy("Checked call by call against your role, as on the pages."),
    )
    scope_read = forms.BooleanField(
        label=gettext_lazy("Read everything (no changes)"), required=False
    )
    scope_dns = forms.BooleanField(label=gettext_lazy("DNS records"), required=False)
    dns_domains = forms.CharField(
        label=gettext_lazy("Only these domains"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Such as example.com; empty: every domain."),
    )
    dns_types = forms.MultipleChoiceField(
        label=gettext_lazy("Only these record types"),
        required=False,
        choices=[(t, t) for t in v.RECORD_TYPES],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every type."),
    )
    dns_hosts = forms.CharField(
        label=gettext_lazy("Only these hosts"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy(
            "Relative to the domain; “*” stands for any part, “@” for the domain itself. For "
            "certificates: _acme-challenge _acme-challenge.*. Empty: every host."
        ),
    )
    scope_power = forms.BooleanField(label=gettext_lazy("Server power and status"), required=False)
    power_servers = forms.CharField(
        label=gettext_lazy("Only these servers"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Order numbers such as 34-177054; empty: every server."),
    )

    def __init__(self, *args: Any, team: Team, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.role = role
        self.fields["connection"].queryset = Connection.objects.filter(team=team)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + timedelta(days=DEFAULT_DAYS)
        self.fields["expires_on"].widget.attrs.update(
            {"min": today.isoformat(), "max": (today + timedelta(days=MAX_DAYS)).isoformat()}
        )
        for scope in s.SCOPE_NAMES:
            field = self.fields[f"scope_{scope}"]
            action = s.SCOPE_ACTIONS[scope]
            if not roles.can(role, action):
                field.disabled = True
                field.help_text = _("Needs the %(role)s role.") % {
                    "role": roles.Role(roles.required_role(action)).label
                }
                for name in LIMIT_FIELDS.get(scope, ()):
                    self.fields[name].disabled = True

    # Fields ---------------------------------------------------------------------------------

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = ApiToken.objects.filter(
            team=self.team, name__iexact=name, revoked_at=None, expires_at__gt=timezone.now()
        )
        if taken.exists():
            raise ValidationError(_("The team already has a working token with this name."))
        return name

    def clean_expires_on(self) -> date:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise ValidationError(_("Choose a day from today on."))
        if day > today + timedelta(days=MAX_DAYS):
            raise ValidationError(_("A token lasts at most one year."))
        return day

    def clean_allowed_networks(self) -> list[str]:
        try:
            return parse_networks(_words(self.cleaned_data["allowed_networks"]))
        except ValueError as error:
            raise ValidationError(
                _("“%(value)s” is not an IP address or network.") % {"value": str(error)[:60]}
            ) from None

    def clean_dns_domains(self) -> list[str]:
        names = []
        for word in _words(self.cleaned_data["dns_domains"]):
            try:
                names.append(v.clean_domain_name(word))
            except ValidationError as error:
                raise ValidationError(f"{word[:60]}: {error.messages[0]}") from None
        return list(dict.fromkeys(names))

    def clean_dns_hosts(self) -> list[str]:
        patterns = [
            word.lower().removesuffix(".") for word in _words(self.cleaned_data["dns_hosts"])
        ]
        for pattern in patterns:
            if not s.HOST_PATTERN.fullmatch(pattern):
                raise ValidationError(
                    _(
                        "“%(value)s” is not a host pattern such as _acme-challenge or _acme-challenge.*."
                    )
                    % {"value": pattern[:60]}
                )
        return list(dict.fromkeys(patterns))

    def clean_power_servers(self) -> list[str]:
        servers = _words(self.cleaned_data["power_servers"])
        for server in servers:
            if not _ORDER_ID.fullmatch(server):
                raise ValidationError(
                    _("“%(value)s” is not an order number such as 34-177054.")
                    % {"value": server[:60]}
                )
        return list(dict.fromkeys(servers))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [scope for scope in s.SCOPE_NAMES if data.get(f"scope_{scope}")]
        if not chosen:
            raise ValidationError(_("Choose at least one scope."))
        if s.ALL in chosen and len(chosen) > 1:
            self.add_error(
                "scope_all", _("“Everything your role allows” already includes the others.")
            )
        for scope, names in LIMIT_FIELDS.items():
            if scope not in chosen and any(data.get(name) for name in names):
                self.add_error(
                    names[0] if data.get(names[0]) else names[-1],
                    _("Tick the scope above to use these limits."),
                )
        return data

    # Results ---------------------------------------------------------------------------------

    @property
    def scopes(self) -> s.Scopes:
        data = self.cleaned_data
        return s.Scopes(
            all=bool(data.get("scope_all")),
            read=bool(data.get("scope_read")),
            dns=(
                s.DnsLimits(
                    domains=tuple(data.get("dns_domains") or ()),
                    types=tuple(data.get("dns_types") or ()),
                    hosts=tuple(data.get("dns_hosts") or ()),
                )
                if data.get("scope_dns")
                else None
            ),
            power=(
                s.PowerLimits(servers=tuple(data.get("power_servers") or ()))
                if data.get("scope_power")
                else None
            ),
        )

    @property
    def expires_at(self) -> datetime:
        day = self.cleaned_data["expires_on"]
        return datetime.combine(day, time(23, 59, 59), timezone.get_current_timezone())


def preset(query: Any) -> dict[str, Any]:
    """Initial values from the API page's links: `?preset=dns01&domain=example.com` is a token
    for DNS-01 certificate challenges of one domain."""
    if query.get("preset") != "dns01":
        return {}
    domain = (query.get("domain") or "").strip()[:253]
    return {
        "name": _("DNS-01 challenges for %(domain)s") % {"domain": domain or "example.com"},
        "scope_dns": True,
        "dns_domains": domain,
        "dns_types": ["TXT"],
        "dns_hosts": "_acme-challenge _acme-challenge.*",
    }
