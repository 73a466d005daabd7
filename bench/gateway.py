"""How the gateway changes what a page costs: cold reads, cached reads, and concurrent misses.

Prints: the time of a read that goes to Fornex (the sandbox with 1,000 orders and 150 ms of added
latency), the time of the same read from the cache, and how many upstream calls 20 concurrent
misses make with single-flight.
"""

from __future__ import annotations

import threading

import requests
from _setup import django_setup, sandbox, timed

django_setup("gateway")

from django.conf import settings  # noqa: E402

from accounts.connections import _store_key  # noqa: E402
from accounts.models import Connection, Team  # noqa: E402
from fornexpanel import gateway  # noqa: E402


def main() -> None:
    with sandbox("--orders", "1000") as api_url:
        base = api_url.removesuffix("/api")
        requests.post(
            f"{base}/_sandbox/faults", json={"path": "/api/orders/list", "latency": 0.15}, timeout=5
        )
        settings.FORNEX_API_URL = api_url
        team = Team.objects.create(name="Bench")
        connection = Connection(team=team, label="bench")
        _store_key(connection, "sandbox-full")
        connection.save()

        def orders(refresh=False):
            fetched = gateway.read(connection, "orders", lambda c: c.orders_list(), refresh=refresh)
            assert fetched.ok and len(fetched.data) >= 1000
            return fetched

        cold = timed(lambda: orders(refresh=True), repeat=5)
        warm = timed(orders, repeat=50)

        gateway.invalidate(connection, "orders")
        requests.post(f"{base}/_sandbox/reset", timeout=5)
        requests.post(
            f"{base}/_sandbox/faults", json={"path": "/api/orders/list", "latency": 0.5}, timeout=5
        )
        threads = [threading.Thread(target=orders) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        counts = requests.get(f"{base}/_sandbox/requests", timeout=5).json()
        upstream = counts.get("GET /api/orders/list", 0)

    print("orders list, 1,000 orders, 150 ms upstream latency")
    print(f"  read from Fornex (median of 5):   {cold:8.1f} ms")
    print(f"  read from the cache (median of 50): {warm:6.1f} ms")
    print(f"  20 concurrent misses -> upstream calls: {upstream}")


if __name__ == "__main__":
    main()
