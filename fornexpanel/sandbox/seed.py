"""Deterministic seeded data: the same seed and anchor time always give the same accounts.

Three API keys: ``sandbox-full`` (every right), ``sandbox-nodns`` (the same account data with its
own state and no DNS rights) and ``sandbox-other`` (a different account, so that data leaking
from one key to another shows). Dates are relative to ``anchor`` (the sandbox's start time rounded
down to the hour), so "expires in 9 days" stays true however long after the seed the data is read.
Each account draws from its own ``random.Random`` stream, so padding one does not shift another.
"""

from __future__ import annotations

import base64
import random
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta

from fornexpanel.sandbox.catalogue import DEDICATED_BY_NAME, VPS_BY_NAME, VPS_PLANS
from fornexpanel.sandbox.models import Account, Clock, Domain, Job, Order, Record, SshKey, World
from fornexpanel.sandbox.profiles import BLUEHARBOR, NORTHWIND, OTHER_TARIFFS, Profile

FULL_KEY = "sandbox-full"
NODNS_KEY = "sandbox-nodns"
OTHER_KEY = "sandbox-other"

# Five /16s: room for 300,000 distinct addresses, so large padded accounts never run out.
_IPV4_PREFIXES = ("185.104", "5.187", "91.142", "212.87", "193.124")
MAX_ORDERS = 100_000


@dataclass(frozen=True)
class SeedConfig:
    seed: int = 1
    orders: int = 0  # pad the full account to this many orders (benchmarks)
    records: int = 0  # pad the full account's first domain to this many records


def _ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def make_public_key(rng: random.Random, ktype: str, comment: str) -> str:
    """A well-formed OpenSSH public key line (ssh-ed25519 or ssh-rsa) with random key material."""
    if ktype == "ssh-ed25519":
        blob = _ssh_string(b"ssh-ed25519") + _ssh_string(rng.randbytes(32))
    else:
        modulus = b"\x00" + bytes([rng.randint(0x80, 0xFF)]) + rng.randbytes(383)
        blob = _ssh_string(b"ssh-rsa") + _ssh_string(b"\x01\x00\x01") + _ssh_string(modulus)
    return f"{ktype} {base64.b64encode(blob).decode()} {comment}"


class _Builder:
    """Builds one account; every choice comes from the account's own ``rng``."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.anchor = world.anchor
        self.used_ips: set[str] = set()

    def ipv4(self) -> str:
        while True:
            prefix, third, fourth = (
                self.rng.choice(_IPV4_PREFIXES),
                self.rng.randint(0, 255),
                self.rng.randint(2, 254),
            )
            address = f"{prefix}.{third}.{fourth}"
            if address not in self.used_ips:
                self.used_ips.add(address)
                return address

    def ipv6(self) -> str:
        return f"2a0b:7080:{self.rng.randint(1, 0xFFF):x}::{self.rng.randint(2, 0xFFFF):x}"

    def order(self, spec: tuple) -> Order:
        order_id, otype, name, hostname, tariff, status, days, power = spec
        if otype in ("vps", "ds"):
            plan = (VPS_BY_NAME if otype == "vps" else DEDICATED_BY_NAME)[tariff]
            tariff_id, price = plan["id"], int(plan["price"])
        else:
            tariff_id, price = OTHER_TARIFFS[tariff]
        # Extras (backups, extra IPs) make cost_month differ from the tariff price now and then.
        extras = self.rng.choice((0, 0, 0, 2, 3)) if otype in ("vps", "ds") else 0
        # Domains are paid yearly; cost_month spreads the price over the months.
        cost = round(price / 12, 2) if otype == "domain" else float(price + extras)
        ips = [self.ipv4()] if otype in ("vps", "ds", "vpn", "hosting") else []
        if otype == "vps":
            ips.append(self.ipv6())
        elif otype == "ds":
            ips.append(self.ipv4())
        expiration = self.anchor + timedelta(
            days=days, hours=self.rng.randint(0, 23), minutes=self.rng.randint(0, 59)
        )
        return Order(
            id=order_id,
            type=otype,
            name=name,
            hostname=hostname,
            status=status,
            tariff=tariff,
            tariff_id=tariff_id,
            tariff_price=price,
            cost_month=cost,
            expiration=expiration + timedelta(seconds=self.rng.randint(0, 59)),
            ips=ips,
            power=power or "on",
            nameservers=["ns1.fornex.com", "ns2.fornex.com"] if otype == "domain" else [],
        )

    def record(self, domain: Domain, host: str, rtype: str, ttl, prio, value: str) -> None:
        record_id = self.world.take_record_id()
        domain.records[record_id] = Record(record_id, host, rtype, ttl, prio, value)

    def account(self, profile: Profile, key: str, dns_allowed: bool) -> Account:
        account = Account(
            key=key,
            username=profile.username,
            name=profile.name,
            email=profile.email,
            balance=profile.balance,
            unpaid_invoices_count=profile.unpaid_invoices_count,
            unpaid_invoices_amount=profile.unpaid_invoices_amount,
            dns_allowed=dns_allowed,
            webhook_url=profile.webhook_url,
        )
        for spec in profile.orders:
            order = self.order(spec)
            account.orders[order.id] = order
        for name, tags, records in profile.domains:
            days_old, days_unchanged = self.rng.randint(200, 2500), self.rng.randint(1, 60)
            domain = Domain(
                name=name,
                created=self.anchor - timedelta(days=days_old, minutes=self.rng.randint(0, 1439)),
                updated=self.anchor
                - timedelta(days=days_unchanged, minutes=self.rng.randint(0, 1439)),
                tags=list(tags),
            )
            for host, rtype, ttl, prio, value in records:
                self.record(domain, host, rtype, ttl, prio, self._value(account, value))
            account.domains[name] = domain
        for title, ktype, comment, attached_to in profile.keys:
            created = (self.anchor - timedelta(days=self.rng.randint(30, 900))).date()
            key_id = self.world.take_key_id()
            public_key = make_public_key(self.rng, ktype, comment)
            account.ssh_keys[key_id] = SshKey(key_id, title, public_key, created)
            for order_id in attached_to:
                account.orders[order_id].ssh_keys.append(key_id)
        for order_id, job_action, days_ago in profile.past_jobs:
            self._past_job(account, order_id, job_action, days_ago)
        return account

    def _value(self, account: Account, value: str) -> str:
        if value == "dkim":
            return "v=DKIM1; k=rsa; p=" + base64.b64encode(self.rng.randbytes(294)).decode()
        kind, _, order_id = value.partition(":")
        if kind in ("ip", "ip6") and order_id in account.orders:
            ips = account.orders[order_id].ips
            return next(ip for ip in ips if (":" in ip) == (kind == "ip6"))
        return value

    def _past_job(self, account: Account, order_id: str, job_action: str, days_ago: int) -> None:
        pk = self.world.take_job_pk()
        created_at = self.anchor - timedelta(days=days_ago, minutes=self.rng.randint(0, 600))
        # Far enough in the past on the job clock to read as completed.
        created = self.world.clock.now() - days_ago * 86400.0
        account.jobs[pk] = Job(pk, order_id, job_action, account.username, created, created_at)

    def pad_orders(self, account: Account, total: int) -> None:
        if total > MAX_ORDERS:
            raise ValueError(f"at most {MAX_ORDERS} orders")
        for number in range(total - len(account.orders)):
            name = f"node-{number:04d}"
            power = "off" if self.rng.random() < 0.1 else "on"
            tariff = self.rng.choice(VPS_PLANS)["name"]
            days = self.rng.randint(1, 365)
            spec = (
                f"34-{200000 + number}",
                "vps",
                name,
                f"{name}.northwind.io",
                tariff,
                "active",
                days,
                power,
            )
            order = self.order(spec)
            account.orders[order.id] = order

    def pad_records(self, domain: Domain, total: int) -> None:
        for number in range(total - len(domain.records)):
            host = f"node-{number:04d}"
            if number % 7 == 6:
                self.record(domain, host, "CNAME", None, None, "web-1.northwind.io")
            elif number % 5 == 4:
                self.record(domain, host, "TXT", 3600, None, f"sandbox padding record {number}")
            else:
                address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
                self.record(domain, host, "A", 600, None, address)


def anchor_for(clock: Clock) -> datetime:
    """The seed's reference time: now, rounded down to the hour."""
    return clock.wall().replace(minute=0, second=0, microsecond=0)


def build_world(config: SeedConfig, clock: Clock, job_seconds: float, anchor: datetime) -> World:
    world = World(
        accounts={},
        clock=clock,
        job_seconds=job_seconds,
        anchor=anchor,
        rng=random.Random(f"{config.seed}:runtime"),
        seed=config.seed,
    )
    full = _Builder(world, random.Random(f"{config.seed}:{NORTHWIND.slug}"))
    world.accounts[FULL_KEY] = full.account(NORTHWIND, FULL_KEY, dns_allowed=True)
    full.pad_orders(world.accounts[FULL_KEY], config.orders)
    full.pad_records(next(iter(world.accounts[FULL_KEY].domains.values())), config.records)
    # The same profile and stream again: equal data in objects of its own, so changes made
    # through one key never show through the other. Padding is for the full account only.
    nodns = _Builder(world, random.Random(f"{config.seed}:{NORTHWIND.slug}"))
    world.accounts[NODNS_KEY] = nodns.account(NORTHWIND, NODNS_KEY, dns_allowed=False)
    other = _Builder(world, random.Random(f"{config.seed}:{BLUEHARBOR.slug}"))
    world.accounts[OTHER_KEY] = other.account(BLUEHARBOR, OTHER_KEY, dns_allowed=True)
    from fornexpanel.sandbox.v2_storage import seed_s3  # it imports the v2 routes' modules

    seed_s3(world)
    return world
