"""A process decodes a stored answer once (1,000 orders are not unpickled on every page view),
and still sees every newer answer, whoever stored it, and every invalidation."""

from __future__ import annotations

from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fornexpanel import gateway

ORDERS = "/api/orders/list"


def read_orders(connection, **kwargs):
    return gateway.read(connection, "orders", lambda client: client.orders_list(), **kwargs)


def test_a_stored_answer_is_decoded_once_per_process(connection, sandbox_api):
    first = read_orders(connection)
    second = read_orders(connection)
    third = gateway.fresh(connection, "orders")
    # The same objects: not unpickled again from the cache.
    assert second.data is first.data and third.data is first.data
    assert second.from_cache and sandbox_api.count("GET", ORDERS) == 1


def test_an_answer_stored_by_another_process_is_read_not_the_old_copy(connection, sandbox_api):
    first = read_orders(connection)
    key = gateway._key(connection, "orders", ())
    newer = first.data[:1]
    # Another process fetched again: a new answer under a new stamp.
    gateway.store.set(key, {"data": newer, "fetched_at": timezone.now(), "stamp": "other"}, None)
    gateway.store.set(f"{key}:stamp", "other", None)
    assert read_orders(connection).data == newer
    assert gateway.cached(connection, "orders").data == newer


def test_an_invalidated_answer_is_not_served_from_the_decoded_copy(connection, sandbox_api):
    first = read_orders(connection)
    gateway.invalidate(connection, "orders")
    assert gateway.cached(connection, "orders") is None
    again = read_orders(connection)
    assert again.data is not first.data and sandbox_api.count("GET", ORDERS) == 2


def test_an_answer_without_a_stamp_is_still_read(connection, sandbox_api):
    """What an older release stored (no stamp) is read as before, and not kept decoded."""
    first = read_orders(connection)
    key = gateway._key(connection, "orders", ())
    gateway.store.delete(f"{key}:stamp")
    gateway.store.set(key, {"data": first.data[:2], "fetched_at": timezone.now()}, None)
    assert read_orders(connection).data == first.data[:2]


def test_figures_derived_from_an_answer_are_worked_out_once_per_answer(connection, sandbox_api):
    calls = []

    def count(orders):
        calls.append(1)
        return len(orders)

    first = read_orders(connection)
    assert gateway.derived(first, "count", count) == len(first.data)
    assert gateway.derived(read_orders(connection), "count", count) == len(first.data)
    assert len(calls) == 1
    gateway.invalidate(connection, "orders")
    assert gateway.derived(read_orders(connection), "count", count) == len(first.data)
    assert len(calls) == 2  # a new answer: worked out again


def test_the_cached_states_of_a_page_of_rows_are_read_in_one_batch(connection, sandbox_api):
    ids = [f"34-{n}" for n in range(50)]
    for order_id in ids[:40]:
        gateway.read(
            connection,
            "vps_status",
            lambda client, order_id=order_id: {"order": order_id},
            parts=(order_id,),
        )
    gateway.decoded.clear()  # as in another process: nothing decoded yet
    with CaptureQueriesContext(db) as queries:
        found = gateway.cached_many(connection, "vps_status", [(order_id,) for order_id in ids])
    assert sorted(found) == sorted((order_id,) for order_id in ids[:40])
    assert found[(ids[3],)].data == {"order": ids[3]}
    # The version, the stamps, the answers: three reads of the database cache, not 50 or 100.
    assert len(queries.captured_queries) <= 3
    with CaptureQueriesContext(db) as queries:
        gateway.cached_many(connection, "vps_status", [(order_id,) for order_id in ids])
    assert len(queries.captured_queries) <= 2  # decoded now: the version and the stamps


def test_stamps_read_ahead_serve_a_pages_reads_in_one_round_trip(
    connection, sandbox_api, monkeypatch
):
    kinds = ("balance", "invoices", "orders")
    for kind in kinds:
        gateway.read(connection, kind, lambda client, kind=kind: [kind])
    token = gateway._notes.set(gateway.PageNotes())
    try:
        gateway._version(connection)
        trips = []  # the cache's round trips, whichever cache this run has
        for name in ("get", "get_many"):
            method = getattr(gateway.store, name)
            monkeypatch.setattr(
                gateway.store,
                name,
                lambda *a, method=method, name=name, **k: trips.append(name) or method(*a, **k),
            )
        gateway.prefetch(connection, [(kind, ()) for kind in kinds])
        found = [gateway.fresh(connection, kind).data for kind in kinds]
        monkeypatch.undo()
        assert found == [["balance"], ["invoices"], ["orders"]]
        assert trips == ["get_many"]  # the stamps, at once; the answers are this process's own
        # Read ahead for the first read only: a later read asks the cache again.
        gateway.invalidate(connection, "orders")
        assert gateway.fresh(connection, "orders") is None
        # A write after the read ahead: the answer it made old is not served.
        gateway.read(connection, "orders", lambda client: ["orders"])
        gateway.prefetch(connection, [("orders", ())])
        gateway.invalidate(connection, "orders")
        assert gateway.fresh(connection, "orders") is None
    finally:
        gateway._notes.reset(token)
    # Outside a request there is nothing to keep them in: reads ask as before.
    gateway.prefetch(connection, [("balance", ())])
    assert gateway.fresh(connection, "balance").data == ["balance"]
