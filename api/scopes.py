"""What an API token may do: its scopes, never wider than its member's role.

- `all`: everything the member's role allows, checked call by call against the role table.
- `read`: every read the API offers, no change.
- `dns`: DNS records (read, add, change, delete), optionally limited to listed domains, record
  types and host patterns relative to the zone ("_acme-challenge", "_acme-challenge.*", "@").
  Outside its limits a record is neither listed nor touched.
- `power`: the status and the power actions of servers, optionally limited to listed servers.

Each scope needs a role-table action (SCOPE_ACTIONS): the member's role must allow it when the
token is made and on every request, or the token stops working (api/tokens.py). A call the scopes
do not cover raises ScopeDenied, which names the scope it lacks.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts import roles

ALL, READ, DNS, POWER = "all", "read", "dns", "power"
SCOPE_NAMES = (ALL, READ, DNS, POWER)

# scope -> the role-table action (accounts/roles.py) the member's role must allow
SCOPE_ACTIONS: dict[str, str] = {
    ALL: "team.view",
    READ: "team.view",
    DNS: "dns.record.change",
    POWER: "vps.power",
}

# A host pattern: labels of letters, digits, "-" and "_", with "*" standing for any part; "@" is
# the zone apex.
HOST_PATTERN = re.compile(r"@|[a-z0-9_*-]+(\.[a-z0-9_*-]+)*")


class ScopeDenied(Exception):
    """The token's scopes do not cover the call; `scope` names the one it lacks."""

    def __init__(self, scope: str, message: str) -> None:
        super().__init__(message)
        self.scope = scope
        self.message = message


def display_host(host: str) -> str:
    return host or "@"


@dataclass(frozen=True)
class DnsLimits:
    """Empty tuples mean "any"."""

    domains: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()

    def covers_domain(self, domain: str) -> bool:
        return not self.domains or domain.lower().removesuffix(".") in self.domains

    def covers_type(self, rtype: str) -> bool:
        return not self.types or rtype.upper() in self.types

    def covers_host(self, host: str) -> bool:
        shown = display_host(host.lower())
        return not self.hosts or any(fnmatch.fnmatchcase(shown, p) for p in self.hosts)

    def covers_record(self, rtype: str, host: str) -> bool:
        return self.covers_type(rtype) and self.covers_host(host)

    def check_record(self, domain: str, rtype: str, host: str) -> None:
        if not self.covers_domain(domain):
            raise ScopeDenied(
                DNS,
                _("This token's “dns” scope does not cover the domain %(domain)s.")
                % {"domain": domain},
            )
        if not self.covers_type(rtype):
            raise ScopeDenied(
                DNS,
                _("This token's “dns” scope does not cover %(type)s records.") % {"type": rtype},
            )
        if not self.covers_host(host):
            raise ScopeDenied(
                DNS,
                _("This token's “dns” scope does not cover the host “%(host)s”.")
                % {"host": display_host(host)},
            )


@dataclass(frozen=True)
class PowerLimits:
    servers: tuple[str, ...] = ()

    def covers(self, order_id: str) -> bool:
        return not self.servers or order_id in self.servers


@dataclass(frozen=True)
class Scopes:
    all: bool = False
    read: bool = False
    dns: DnsLimits | None = None
    power: PowerLimits | None = None

    # Stored form ---------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Any) -> Scopes:
        data = data if isinstance(data, dict) else {}
        dns = data.get(DNS)
        power = data.get(POWER)
        return cls(
            all=bool(data.get(ALL)),
            read=bool(data.get(READ)),
            dns=(
                DnsLimits(
                    domains=tuple(dns.get("domains") or ()),
                    types=tuple(dns.get("types") or ()),
                    hosts=tuple(dns.get("hosts") or ()),
                )
                if isinstance(dns, dict)
                else None
            ),
            power=(
                PowerLimits(servers=tuple(power.get("servers") or ()))
                if isinstance(power, dict)
                else None
            ),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            ALL: self.all,
            READ: self.read,
            DNS: (
                {
                    "domains": list(self.dns.domains),
                    "types": list(self.dns.types),
                    "hosts": list(self.dns.hosts),
                }
                if self.dns is not None
                else None
            ),
            POWER: {"servers": list(self.power.servers)} if self.power is not None else None,
        }

    # What the token needs of its member's role --------------------------------------------

    @property
    def names(self) -> list[str]:
        present = {ALL: self.all, READ: self.read, DNS: self.dns, POWER: self.power}
        return [name for name in SCOPE_NAMES if present[name]]

    @property
    def is_empty(self) -> bool:
        return not self.names

    def needed_actions(self) -> set[str]:
        return {SCOPE_ACTIONS[name] for name in self.names}

    def allowed_for(self, role: str | None) -> bool:
        """Does `role` allow every scope of the token? (When made, and on every request.)"""
        return not self.is_empty and all(roles.can(role, a) for a in self.needed_actions())

    # Checks, call by call -------------------------------------------------------------------

    def check_read(self) -> None:
        if not (self.all or self.read):
            raise ScopeDenied(READ, _("This token does not have the “read” scope."))

    @property
    def reads_everything(self) -> bool:
        return self.all or self.read

    def sees_domain(self, domain: str) -> bool:
        """Listed among the domains: every domain for a reading token, the covered ones for a
        DNS token."""
        if self.reads_everything:
            return True
        return self.dns is not None and self.dns.covers_domain(domain)

    def sees_record(self, rtype: str, host: str) -> bool:
        if self.reads_everything:
            return True
        return self.dns is not None and self.dns.covers_record(rtype, host)

    def check_domain_read(self, domain: str) -> None:
        if not self.reads_everything:
            self.check_dns_domain(domain)

    def check_dns_domain(self, domain: str) -> None:
        """A `dns` scope that covers the domain (whatever its type and host limits)."""
        if self.dns is None:
            raise ScopeDenied(DNS, _("This token does not have the “dns” scope."))
        if not self.dns.covers_domain(domain):
            raise ScopeDenied(
                DNS,
                _("This token's “dns” scope does not cover the domain %(domain)s.")
                % {"domain": domain},
            )

    def check_record_write(self, domain: str, rtype: str, host: str) -> None:
        """For `all`, the caller checks the role; here only what a `dns` scope covers."""
        if self.all:
            return
        if self.dns is None:
            raise ScopeDenied(DNS, _("This token does not have the “dns” scope."))
        self.dns.check_record(domain, rtype, host)

    def check_domain_manage(self) -> None:
        if not self.all:
            raise ScopeDenied(
                ALL,
                _(
                    "This token does not have the “all” scope: only such a token adds or "
                    "deletes domains."
                ),
            )

    def check_status(self, order_id: str) -> None:
        if self.reads_everything or (self.power is not None and self.power.covers(order_id)):
            return
        self._power_denied(order_id, READ)

    def check_power(self, order_id: str) -> None:
        if self.all:
            return
        if self.power is not None and self.power.covers(order_id):
            return
        self._power_denied(order_id, POWER)

    def _power_denied(self, order_id: str, scope: str) -> None:
        if self.power is not None:
            raise ScopeDenied(
                POWER,
                _("This token's “power” scope does not cover the server %(order)s.")
                % {"order": order_id},
            )
        if scope == READ:
            raise ScopeDenied(READ, _("This token has neither the “read” nor the “power” scope."))
        raise ScopeDenied(POWER, _("This token does not have the “power” scope."))

    # For people ---------------------------------------------------------------------------

    def describe(self) -> list[str]:
        lines = []
        if self.all:
            lines.append(_("Everything the member's role allows"))
        if self.read:
            lines.append(_("Read everything"))
        if self.dns is not None:
            lines.append(
                _("DNS records: %(domains)s; types %(types)s; hosts %(hosts)s")
                % {
                    "domains": ", ".join(self.dns.domains) or _("every domain"),
                    "types": ", ".join(self.dns.types) or _("all"),
                    "hosts": ", ".join(self.dns.hosts) or _("all"),
                }
            )
        if self.power is not None:
            lines.append(
                _("Server power and status: %(servers)s")
                % {"servers": ", ".join(self.power.servers) or _("every server")}
            )
        return lines
