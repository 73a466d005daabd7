"""What the endpoint offers: the operations of Fornex's v2 spec it answers, at the spec's paths.

One table for the dispatcher (api/endpoint/view.py), the API page and the OpenAPI subset served
at /fornex/api/schema/ (api/openapi.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from api.endpoint import dns, servers

# Path parameters: what each may look like (anything else is a 404, as on Fornex).
_PARAMS = {
    "name": r"[^/]{1,253}",
    "id": r"\d{1,18}",
    "order_id": r"[A-Za-z0-9-]{1,32}",
    "log_id": r"\d{1,18}",
}


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as the spec writes it, e.g. "/dns/domain/{name}/entry_set/"
    operation_id: str
    handler: Callable[..., Any]
    scopes: Promise  # which token scopes allow it, for people

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", self.path)
        regex = "".join(
            f"(?P<{part}>{_PARAMS[part]})" if index % 2 else re.escape(part)
            for index, part in enumerate(parts)
        )
        return re.compile(regex)

    @property
    def writes(self) -> bool:
        return self.method != "GET"


READING = _("read, all")
DNS_READING = _("read, all; dns (its domains and records only)")
DNS_WRITING = _("dns (within its limits), all (Operator or above)")
DOMAIN_MANAGING = _("all (Admin or above)")
STATUS_READING = _("read, all; power (its servers only)")
POWERING = _("power (its servers only), all (Operator or above)")

# One row per operation reads best as a table.
# fmt: off
ROUTES: tuple[Route, ...] = (
    Route("GET", "/account/balance", "account_balance_retrieve", servers.balance, READING),
    Route("GET", "/dns/domain/", "dns_domain_list", dns.domain_list, DNS_READING),
    Route("POST", "/dns/domain/", "dns_domain_create", dns.domain_create, DOMAIN_MANAGING),
    Route("DELETE", "/dns/domain/{name}/", "dns_domain_destroy", dns.domain_destroy, DOMAIN_MANAGING),
    Route("GET", "/dns/domain/{name}/entry_set/", "dns_domain_entry_set_list", dns.entry_list, DNS_READING),
    Route("POST", "/dns/domain/{name}/entry_set/", "dns_domain_entry_set_create", dns.entry_create, DNS_WRITING),
    Route("PUT", "/dns/domain/{name}/entry_set/{id}/", "dns_domain_entry_set_update", dns.entry_update, DNS_WRITING),
    Route("DELETE", "/dns/domain/{name}/entry_set/{id}/", "dns_domain_entry_set_destroy", dns.entry_destroy, DNS_WRITING),
    Route("GET", "/orders/", "orders_list", servers.orders_list, READING),
    Route("GET", "/orders/{order_id}/", "orders_retrieve", servers.order_retrieve, READING),
    Route("GET", "/vps/{order_id}/status/", "vps_status_retrieve", servers.vps_status, STATUS_READING),
    Route("POST", "/vps/{order_id}/start/", "vps_start", servers.vps_start, POWERING),
    Route("POST", "/vps/{order_id}/stop/", "vps_stop", servers.vps_stop, POWERING),
    Route("POST", "/vps/{order_id}/restart/", "vps_restart", servers.vps_restart, POWERING),
    Route("POST", "/vps/{order_id}/hard_reset/", "vps_hard_reset", servers.vps_hard_reset, POWERING),
    Route("GET", "/vps/{order_id}/log_details/{log_id}/", "vps_log_details_retrieve", servers.vps_log_details, STATUS_READING),
    Route("GET", "/ssh_keys/", "ssh_key_list", servers.ssh_key_list, READING),
)
# fmt: on
_COMPILED = tuple((route, route.pattern) for route in ROUTES)


def matching(path: str) -> list[tuple[Route, dict[str, str]]]:
    """Every route whose path matches (one per method), with its path parameters."""
    found = []
    for route, pattern in _COMPILED:
        match = pattern.fullmatch(path)
        if match:
            found.append((route, match.groupdict()))
    return found
