"""Seeded data: deterministic, realistic enough, large on demand; and the command line."""

from __future__ import annotations

import json
import signal
import time
from dataclasses import asdict
from datetime import datetime, timedelta

import pytest
import requests

from fornexpanel.sandbox.api import order_json
from fornexpanel.sandbox.models import MSK, Clock
from fornexpanel.sandbox.seed import FULL_KEY, NODNS_KEY, OTHER_KEY, SeedConfig, build_world
from tests.plugins.sandbox import Sandbox, SandboxProcess
from tests.sandbox.helpers import get

ANCHOR = datetime(2024, 5, 1, 12, tzinfo=MSK)


def world(config: SeedConfig = SeedConfig()):  # noqa: B008 - a frozen dataclass
    return build_world(config, Clock(monotonic=lambda: 1000.0), 3.0, ANCHOR)


def dump(config: SeedConfig = SeedConfig()) -> str:  # noqa: B008
    return json.dumps(
        {key: asdict(acct) for key, acct in world(config).accounts.items()}, default=str
    )


def test_the_same_seed_gives_the_same_data() -> None:
    assert dump(SeedConfig(seed=7)) == dump(SeedConfig(seed=7))


def test_another_seed_gives_other_data() -> None:
    assert dump(SeedConfig(seed=7)) != dump(SeedConfig(seed=8))


def test_the_nodns_account_mirrors_the_full_one_without_dns_rights() -> None:
    accounts = world().accounts
    full, nodns = accounts[FULL_KEY], accounts[NODNS_KEY]
    assert full.dns_allowed and not nodns.dns_allowed
    # As the API shows them; key ids differ, being numbered across the whole sandbox.
    assert [order_json(o) for o in full.orders.values()] == [
        order_json(o) for o in nodns.orders.values()
    ]
    assert full.orders["34-177054"] is not nodns.orders["34-177054"]


def test_the_full_account_covers_every_order_type() -> None:
    orders = list(world().accounts[FULL_KEY].orders.values())
    types = [order.type for order in orders]
    assert len(orders) >= 12 and types.count("vps") >= 6
    assert {"vps", "ds", "vpn", "domain", "hosting", "backup"} <= set(types)
    assert [o.status for o in orders].count("active") >= len(orders) - 2
    left = [order.expiration - ANCHOR for order in orders]
    assert any(timedelta(0) < d <= timedelta(days=14) for d in left)
    assert any(timedelta(days=14) < d <= timedelta(days=30) for d in left)
    assert sum(1 for d in left if d < timedelta(0)) == 1
    assert all(len(set(order.ips)) == len(order.ips) for order in orders)


def test_the_other_account_is_different() -> None:
    accounts = world().accounts
    full, other = accounts[FULL_KEY], accounts[OTHER_KEY]
    assert (other.name, other.email, other.balance) != (full.name, full.email, full.balance)
    assert not set(other.orders) & set(full.orders)
    assert not set(other.domains) & set(full.domains)


def test_large_accounts_are_built_to_size() -> None:
    # How long it takes is the benchmarks' business (bench/pages.py starts such a sandbox).
    accounts = world(SeedConfig(orders=1000, records=2000)).accounts
    full = accounts[FULL_KEY]
    assert len(full.orders) == 1000
    assert len(next(iter(full.domains.values())).records) == 2000
    assert len(accounts[NODNS_KEY].orders) < 100  # padding is for the full account only


def test_padding_never_removes_seeded_orders() -> None:
    assert len(world(SeedConfig(orders=3)).accounts[FULL_KEY].orders) == len(
        world().accounts[FULL_KEY].orders
    )


def test_the_running_sandbox_serves_the_seed(sandbox: Sandbox) -> None:
    assert get(sandbox, "account/balance") == {"balance": 91.0, "currency": "EUR"}
    assert get(sandbox, "account/info") == {"email": "ops@northwind.io", "name": "Northwind Labs"}
    orders = get(sandbox, "orders/list")
    assert {"34-177054", "34-1234", "301-12312", "375-13"} <= {o["id"] for o in orders}
    for plans in ("vps", "dedicated", "vpn", "hosting", "backups"):
        assert len(get(sandbox, f"plans/{plans}")) >= 3


def test_the_command_line_with_large_options_and_a_clean_stop() -> None:
    server = SandboxProcess(
        "--port", "0", "--orders", "1000", "--records", "2000", "--seed", "3", "--quiet"
    )
    try:
        assert server.api_url.startswith("http://127.0.0.1:") and not server.api_url.endswith(
            ":0/api"
        )
        orders = requests.get(
            f"{server.api_url}/orders/list", params={"apikey": FULL_KEY}, timeout=10
        )
        assert len(orders.json()) == 1000
        records = requests.get(
            f"{server.api_url}/dns/v0.1/northwind.io/entry_set.json",
            params={"apikey": FULL_KEY},
            timeout=10,
        )
        assert len(records.json()["entry_set"]) == 2000
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=10) == 0
    finally:
        server.stop()
    assert (
        server.log_path.read_text().strip() == "Fornex sandbox stopped"
    )  # --quiet: no request lines
    server.log_path.unlink()


def test_sigterm_stops_it_cleanly_even_while_a_request_hangs() -> None:
    server = SandboxProcess("--port", "0")
    try:
        requests.post(f"{server.url}/_sandbox/faults", json={"hang": True}, timeout=5)
        with pytest.raises(requests.exceptions.ReadTimeout):
            requests.get(f"{server.api_url}/account/info", params={"apikey": FULL_KEY}, timeout=0.2)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
    finally:
        server.stop()
    log = server.log_path.read_text()
    server.log_path.unlink()
    assert "GET /api/account/info hung, no answer" in log
    assert FULL_KEY not in log  # the key is never logged


def test_the_plugin_names_the_seeded_keys() -> None:
    # The plugin repeats the keys so that it can load without importing fornexpanel.
    assert (Sandbox.FULL_KEY, Sandbox.NODNS_KEY, Sandbox.OTHER_KEY) == (
        FULL_KEY,
        NODNS_KEY,
        OTHER_KEY,
    )
