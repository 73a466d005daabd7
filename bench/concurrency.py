"""What concurrency buys: a page's independent Fornex reads, and a bulk power action.

Prints:
- for a page with three Fornex reads at 300 ms each (an account's summary: balance, invoices,
  orders, read at the same time by `gateway.concurrently`), the page's time as a ratio to one
  read's 300 ms (goal: under 1.3x; one after another it would be 3x);
- for a bulk restart of 100 servers at 200 ms of Fornex latency, run by WORKERS worker slots
  (the worker's --concurrency), the total time against the ideal N x latency / concurrency.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from _setup import django_setup, sandbox

django_setup("concurrency")
logging.getLogger("fornexpanel").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402

from accounts.connections import _store_key, client_for  # noqa: E402
from accounts.models import Connection, Membership, Team, User  # noqa: E402
from billing import selectors as billing  # noqa: E402
from fornexpanel import gateway  # noqa: E402

READ_LATENCY = 0.3
BULK = 100
BULK_LATENCY = 0.2
WORKERS = 4  # docker-compose.yml's default WORKER_CONCURRENCY


def _median(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return samples[len(samples) // 2]


def page_ratio(connection: Connection, repeat: int = 5) -> tuple[float, float]:
    """(the page's time, one read's time through the gateway), both as ratios to READ_LATENCY."""

    def page():
        gateway.invalidate_connection(connection)
        summary = billing.summary_for(connection)
        assert summary.balance.ok and summary.invoices.ok and summary.orders.ok

    def one_read():
        gateway.invalidate_connection(connection)
        assert billing.balance(connection).ok

    return _median(page, repeat) / READ_LATENCY, _median(one_read, repeat) / READ_LATENCY


def bulk_restart(connection: Connection, user: User, team: Team, order_ids: list[str]) -> float:
    from operations.services import operation_send
    from vps.services import vps_power_bulk

    batch = vps_power_bulk(
        actor=user,
        team=team,
        action="restart",
        targets=[(connection, order_id, order_id) for order_id in order_ids],
    )
    from operations.models import Operation

    op_ids = list(Operation.objects.filter(batch=batch).values_list("pk", flat=True))

    def send(op_id: int) -> None:
        try:
            operation_send(op_id)
        finally:
            connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as slots:
        list(slots.map(send, op_ids))
    elapsed = time.perf_counter() - started
    # Every one answered by Fornex (a stopped server's restart is refused: also an answer).
    unanswered = Operation.objects.filter(batch=batch, state__in=["pending", "sending", "unknown"])
    assert not unanswered.exists(), [(op.state, op.message) for op in unanswered[:5]]
    return elapsed


def main() -> None:
    with sandbox("--orders", str(BULK + 20)) as api_url:
        base = api_url.removesuffix("/api")
        settings.FORNEX_API_URL = api_url
        team = Team.objects.create(name="Bench")
        user = User.objects.create_user("bench", "bench@example.com", "x" * 20)
        Membership.objects.create(team=team, user=user, role="owner")
        connection = Connection(team=team, label="bench")
        _store_key(connection, "sandbox-full")
        connection.save()

        for path in ("/api/account/balance", "/api/account/invoices", "/api/orders/list"):
            requests.post(
                f"{base}/_sandbox/faults", json={"path": path, "latency": READ_LATENCY}, timeout=5
            )
        ratio, single = page_ratio(connection)
        requests.post(f"{base}/_sandbox/reset", timeout=5)

        orders = client_for(connection).orders_list()
        vps = [order.id for order in orders if order.type == "vps"][:BULK]
        requests.post(
            f"{base}/_sandbox/faults",
            json={"path": "/api/vps/", "method": "POST", "latency": BULK_LATENCY},
            timeout=5,
        )
        total = bulk_restart(connection, user, team, vps)

    ideal = len(vps) * BULK_LATENCY / WORKERS
    print(f"page with three Fornex reads at {READ_LATENCY * 1000:.0f} ms each")
    print(
        f"  page time / {READ_LATENCY * 1000:.0f} ms: {ratio:5.2f}x   (goal: under 1.3x; in turn: 3x)"
    )
    print(
        f"  one read alone / {READ_LATENCY * 1000:.0f} ms: {single:5.2f}x   (the gateway's own cost)"
    )
    print(f"bulk restart of {len(vps)} servers at {BULK_LATENCY * 1000:.0f} ms, {WORKERS} slots")
    print(f"  total: {total:6.2f} s   ideal N x latency / concurrency: {ideal:5.2f} s")
    print(f"  ratio to ideal: {total / ideal:5.2f}x")


if __name__ == "__main__":
    main()
