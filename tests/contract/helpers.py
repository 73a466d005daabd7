"""Shared data for the contract tests: seeded ids, the 37 operations, key-leak checks.

The seeded ids come from ``fornexpanel/sandbox/profiles.py`` (orders, domains, keys) and from the
order in which ``seed.py`` hands out ids (jobs from 222281, records from 366101, keys from 61,
the full account first).
"""

from __future__ import annotations

import base64
import random
import struct
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest

from fornexpanel.fornex import FornexClient, FornexError

E = TypeVar("E", bound=FornexError)

MSK = timezone(timedelta(hours=3))

FULL = "sandbox-full"
NODNS = "sandbox-nodns"
OTHER = "sandbox-other"
UNKNOWN_KEY = "contract-unknown-key-7f3a9c"  # never a sandbox key

ACCESS_DENIED = "Access denied: API_KEY is not specified or invalid"
NO_DNS_RIGHTS = (
    "Insufficient permissions. To use this method, please contact technical support and request "
    "sufficient rights to edit the DNS."
)

# Northwind Labs (sandbox-full and sandbox-nodns).
VPS = "34-177054"  # web-1, on, keys alice + deploy
VPS_2 = "34-177055"  # web-2, on
VPS_DB = "34-177061"  # db-primary, on, key bob
VPS_OFF = "34-179421"  # staging, off, no keys
VPS_MON = "34-180006"  # monitoring, on
DS = "34-1234"  # DS XeonSAS, storage-1.northwind.io
DS_2 = "34-1290"  # DS Ryzen, analytics.northwind.io
VPN = "301-12312"
DOMAIN_ORDER = "375-13"
S3 = "664-7"  # S3 storage "backups" (sandbox/v2_storage.py)
DOMAIN = "northwind.io"
DOMAINS = ("northwind.io", "northwind-labs.com", "nw-staging.net", "northwind.dev")
WWW_RECORD = 366103  # northwind.io "www" A 600 (the full account's third record)
KEY_ALICE, KEY_DEPLOY, KEY_BOB = 61, 62, 63
SEEDED_JOBS = {  # pk -> (order, job_action, days ago)
    222281: (VPS, "set_root_passwd", 12),
    222282: (VPS_DB, "restart", 5),
    222283: (VPS_OFF, "stop", 3),
}

# Blue Harbor Studio (sandbox-other).
OTHER_VPS = "34-181500"
OTHER_DOMAIN_ORDER = "375-88"
OTHER_DOMAIN = "blueharbor.studio"
OTHER_KEY_ID = 67  # carol@macbook: keys 64-66 are sandbox-nodns's copies
OTHER_JOB = 222287

MISSING_ORDER = "34-999999"
MISSING_DOMAIN = "no-such-zone.example"

NS_PAIR = ["ns1.example.net", "ns2.example.net"]
STAT_RANGE = (date(2025, 3, 10), date(2025, 3, 11))


def sandbox_now() -> datetime:
    """The sandbox's wall clock (real time, offset 0 after a reset), naive Moscow time."""
    return datetime.now(MSK).replace(tzinfo=None)


def public_key(comment: str = "contract@test", ktype: str = "ssh-ed25519") -> str:
    """A well-formed OpenSSH public key line; its key material depends on the comment only.

    Deterministic, so that test ids built from it are the same in every pytest-xdist worker.
    """
    material = random.Random(f"{ktype}:{comment}").randbytes(32)
    blob = b"".join(struct.pack(">I", len(part)) + part for part in (ktype.encode(), material))
    return f"{ktype} {base64.b64encode(blob).decode()} {comment}"


@dataclass(frozen=True)
class Op:
    """One client method with minimal valid arguments, and the request it makes."""

    args: tuple[Any, ...]
    http: str  # GET or POST
    path: str  # under /api
    kwargs: dict[str, Any] = field(default_factory=dict)
    retried: bool | None = None  # None: GETs are, POSTs are not

    @property
    def is_retried(self) -> bool:
        return self.http == "GET" if self.retried is None else self.retried

    @property
    def counter(self) -> str:
        """The sandbox's request counter key."""
        return f"{self.http} /api{self.path}"

    def call(self, client: FornexClient, name: str) -> Any:
        method: Callable[..., Any] = getattr(client, name)
        return method(*self.args, **self.kwargs)


RECORD = {"host": "contract", "type": "A", "value": "192.0.2.1"}
NEW_SSH_KEY = public_key("ops@contract")

OPERATIONS: dict[str, Op] = {
    "account_balance": Op((), "GET", "/account/balance"),
    "account_info": Op((), "GET", "/account/info"),
    "account_invoices": Op((), "GET", "/account/invoices"),
    "orders_list": Op((), "GET", "/orders/list"),
    "plans_backups": Op((), "GET", "/plans/backups"),
    "plans_dedicated": Op((), "GET", "/plans/dedicated"),
    "plans_vpn": Op((), "GET", "/plans/vpn"),
    "plans_vps": Op((), "GET", "/plans/vps"),
    "plans_hosting": Op((), "GET", "/plans/hosting"),
    "vps_log_details": Op((VPS, 222281), "GET", f"/vps/log_details/{VPS}/"),
    "vps_stop": Op((VPS,), "POST", f"/vps/stop/{VPS}/"),
    "vps_start": Op((VPS_OFF,), "POST", f"/vps/start/{VPS_OFF}/"),
    "vps_hard_reset": Op((VPS,), "POST", f"/vps/hard_reset/{VPS}/"),
    "vps_restart": Op((VPS,), "POST", f"/vps/restart/{VPS}/"),
    # A GET that sets a new password each time: never retried.
    "vps_passwd_reset": Op((VPS,), "GET", f"/vps/passwd_reset/{VPS}/", retried=False),
    "vps_stat": Op(
        (VPS, "cpu", *STAT_RANGE), "GET", f"/vps_stat/{VPS}/cpu/2025-03-10--2025-03-11.json"
    ),
    "vps_status": Op((VPS,), "GET", f"/vps/status/{VPS}/"),
    "ssh_keys": Op((), "GET", "/ssh_keys/"),
    "ssh_key_add": Op(("ops key", NEW_SSH_KEY), "POST", "/ssh_keys/add/"),
    "ssh_key_delete": Op((KEY_BOB,), "POST", "/ssh_keys/delete/"),
    "vps_ssh_keys": Op((VPS,), "GET", f"/ssh_keys/{VPS}/"),
    "vps_ssh_key_attach": Op((VPS, KEY_BOB), "POST", f"/ssh_keys/{VPS}/add/"),
    "vps_ssh_key_detach": Op((VPS, KEY_ALICE), "POST", f"/ssh_keys/{VPS}/delete/"),
    "webhook_info": Op((), "GET", "/tickets/webhook_info/"),
    "webhook_set": Op(("https://hooks.example.com/contract",), "POST", "/tickets/webhook_set/"),
    "vpn_config": Op((VPN, "udp"), "GET", f"/vpn/{VPN}/config-udp.ovpn"),
    "dns_domain_list": Op((), "GET", "/dns/v0.1/domain_list.json"),
    "dns_domain_add": Op(("contract.example", "192.0.2.10"), "POST", "/dns/v0.1/add_domain/"),
    "dns_domain_delete": Op(("northwind.dev",), "POST", "/dns/v0.1/northwind.dev/delete_domain/"),
    "dns_records": Op((DOMAIN,), "GET", f"/dns/v0.1/{DOMAIN}/entry_set.json"),
    "dns_record_add": Op((DOMAIN,), "POST", f"/dns/v0.1/{DOMAIN}/entry_set/add/", RECORD),
    "dns_record_update": Op(
        (DOMAIN, WWW_RECORD), "POST", f"/dns/v0.1/{DOMAIN}/entry_set/{WWW_RECORD}/", RECORD
    ),
    "dns_record_delete": Op(
        (DOMAIN, WWW_RECORD), "POST", f"/dns/v0.1/{DOMAIN}/entry_set/{WWW_RECORD}/delete/"
    ),
    "dns_zone_file": Op((DOMAIN,), "GET", f"/dns/v0.1/{DOMAIN}/zone_file/"),
    "domain_change_ns": Op((DOMAIN_ORDER, NS_PAIR), "POST", f"/change_ns/{DOMAIN_ORDER}/"),
    "ds_traffic": Op((DS,), "GET", f"/ds/{DS}/traffic.json"),
    "ds_traffic_used": Op((DS,), "GET", f"/ds/{DS}/traffic_used.json"),
}

DNS_OPERATIONS = [name for name in OPERATIONS if name.startswith("dns_")] + ["domain_change_ns"]


def assert_key_absent(error: BaseException, key: str) -> None:
    """The key shows nowhere in what an error turns into: str, repr, args, state, traceback."""
    renderings = {
        "str": str(error),
        "repr": repr(error),
        "args": repr(error.args),
        "state": repr(vars(error)),
        "traceback": "".join(traceback.format_exception(error)),
    }
    for where, text in renderings.items():
        assert key not in text, f"the API key shows in the error's {where}"
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


@contextmanager
def raises(error: type[E], key: str = FULL) -> Iterator[pytest.ExceptionInfo[E]]:
    """pytest.raises for client errors, checking as well that the key shows nowhere in it."""
    with pytest.raises(error) as caught:
        yield caught
    assert_key_absent(caught.value, key)
