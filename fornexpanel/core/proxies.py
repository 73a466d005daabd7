"""The client's address, behind the proxies the deployment trusts (TRUSTED_PROXIES).

A request from one of TRUSTED_PROXIES carries the client's address in `X-Forwarded-For`; any
other request's own address is the client's (a header sent by anyone else is ignored, or anyone
could claim any address). The header is read from the right: each trusted proxy appends the
address it received the request from, so the first address that is not a trusted proxy is the
client; whatever lies to the left of it was written by the client itself.

The lockout (django-axes, AXES_CLIENT_IP_CALLABLE), the audit history and the log lines all use
this one answer.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # settings.py imports this module: nothing of Django's request machinery here
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_CACHED = "_panel_client_ip"


def parse_networks(values: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """Addresses or networks (`10.0.0.5`, `10.0.0.0/8`, `::1`); ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or network") from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str | None) -> Address | None:
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:203.0.113.7) is that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def resolve_client_ip(
    remote_addr: str | None, forwarded_for: str, networks: tuple[Network, ...]
) -> str | None:
    remote = _address(remote_addr)
    if remote is None:
        return None
    if not networks or not is_trusted(remote, networks):
        return str(remote)
    nearest = remote
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        address = _address(hop)
        if address is None:
            # Not an address: the hop before it (a trusted proxy) is all we know for sure.
            return str(nearest)
        if not is_trusted(address, networks):
            return str(address)
        nearest = address
    return str(nearest)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for this request (worked out once per request)."""
    cached = request.__dict__.get(_CACHED, False)
    if cached is not False:
        return cached
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    address = resolve_client_ip(
        request.META.get("REMOTE_ADDR"), request.META.get("HTTP_X_FORWARDED_FOR", ""), networks
    )
    request.__dict__[_CACHED] = address
    return address
