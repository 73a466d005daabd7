"""Every v2 answer the client gets from the sandbox, and every body it sends, checked against the
official spec's schema for that operation (tests/sandbox/spec/, ``$ref`` resolved).

The client runs every operation it has (with small pages, so lists span several pages) through a
session that records each exchange; then each recorded answer is validated against the schema
the spec documents for its operation and status code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from fornexpanel.fornex import V2Client
from tests.contract.helpers import VPS
from tests.contract.v2_helpers import V2_OPERATIONS, prepare
from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import FULL
from tests.sandbox.v2_spec import (
    errors,
    operation_for,
    request_schema,
    response_schema,
    spec,
)

# The spec operations behind the client's methods.
USED_OPERATIONS = {
    "account_balance_retrieve",
    "account_info_retrieve",
    "account_invoices_retrieve",
    "orders_list",
    "orders_retrieve",
    "order_cancel",
    "order_unset_cancel_mark",
    "orders_ds_traffic_retrieve",
    "orders_ds_traffic_used_retrieve",
    "plans_backups_list",
    "plans_dedicated_list",
    "plans_hosting_list",
    "plans_vps_list",
    "vps_status_retrieve",
    "vps_start",
    "vps_stop",
    "vps_restart",
    "vps_hard_reset",
    "rescue_mode",
    "stop_rescue_mode",
    "vps_passwd_reset",
    "vps_log_details_retrieve",
    "vps_stats_retrieve",
    "vps_reinstall_templates",
    "vps_reinstall_apps",
    "vps_reinstall_snapshots",
    "vps_reinstall",
    "order_ssh_key_list",
    "order_ssh_key_add",
    "order_ssh_key_delete",
    "ssh_key_list",
    "ssh_key_create",
    "ssh_key_destroy",
    "tickets_ticket_create",
    "tickets_webhook_info_retrieve",
    "tickets_webhook_set_create",
    "ip_address_list",
    "dns_domain_list",
    "dns_domain_create",
    "dns_domain_destroy",
    "dns_domain_zone_file_retrieve",
    "dns_domain_entry_set_list",
    "dns_domain_entry_set_create",
    "dns_domain_entry_set_update",
    "dns_domain_entry_set_destroy",
    "dns_order_change_ns_create",
    # Ordering servers (fornexpanel/fornex/v2_orders.py)
    "orders_vps_list",
    "orders_ds_list",
    "orders_vps_retrieve",
    "orders_ds_retrieve",
    "orders_vps_templates_list",
    "orders_vps_apps_list",
    "orders_vps_snapshots_list",
    "orders_vps_locations_list",
    "orders_vps_disks_list",
    "orders_vps_services_list",
    "orders_vps_create",
    "private_network_list",
    "private_network_create",
    "private_network_locations_list",
    "private_network_destroy",
    "vps_partial_update",
    "project_list",
    "project_create",
    "project_retrieve",
    "project_partial_update",
    "project_destroy",
    "project_add_orders_create",
    "project_remove_orders_create",
    "project_edit_logo_update",
    # S3 storage, names and tags
    "orders_s3_list",
    "orders_s3_retrieve",
    "orders_s3_notification_threshold_update",
    "orders_partial_update",
    "dns_domain_tags_update",
}


class Exchange:
    def __init__(self, response: requests.Response) -> None:
        request = response.request
        self.method = request.method or ""
        self.path = requests.utils.urlparse(request.url).path
        body = request.body
        self.sent = json.loads(body) if body and request.headers.get("Content-Type") == "application/json" else None  # fmt: skip
        self.status = response.status_code
        self.media = response.headers.get("Content-Type", "").split(";")[0]
        self.text = response.text

    def __repr__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


@pytest.fixture(scope="module")
def exchanges(sandbox_server) -> Iterator[list[Exchange]]:
    """Every exchange of the v2 client running every operation against a fresh sandbox."""
    handle = Sandbox(sandbox_server.url)
    handle.reset()
    recorded: list[Exchange] = []
    session = requests.Session()
    session.hooks["response"].append(lambda response, **_: recorded.append(Exchange(response)))
    client = V2Client(FULL, handle.api_url, session=session, page_size=3, backoff=0)
    for name, op in V2_OPERATIONS.items():
        handle.reset()  # each operation on the seeded data, as in the table's tests
        if name in ("vps_rescue_stop", "order_cancel_unset"):
            getattr(client, {"vps_rescue_stop": "vps_rescue_start", "order_cancel_unset": "order_cancel"}[name])(VPS)  # fmt: skip
            handle.advance(5)
        prepare(client, name)
        op.call(client, name)
    client.dns_record_add("northwind.io", host="mx", type="MX", value="mx.example.com", ttl=600, prio=10)  # fmt: skip
    client.vps_stat(VPS, "traffic", *V2_OPERATIONS["vps_stat"].args[2:])
    handle.reset()
    handle.close()
    yield recorded


def test_the_client_used_every_operation_it_should(exchanges: list[Exchange]) -> None:
    used = {found[0] for e in exchanges if (found := operation_for(e.method, e.path))}
    assert used == USED_OPERATIONS
    # No legacy path: what v2 lacks is refused by the client itself (NoV2Equivalent).
    strays = [e for e in exchanges if operation_for(e.method, e.path) is None]
    assert not strays, strays
    assert any(e.path == "/api/orders/" and e.status == 200 for e in exchanges)
    # 14 orders, 3 a page: orders_list and order_projects read them all.
    assert sum(e.path == "/api/orders/" for e in exchanges) == 10


def test_every_answer_matches_the_spec(exchanges: list[Exchange]) -> None:
    problems: list[str] = []
    for exchange in exchanges:
        found = operation_for(exchange.method, exchange.path)
        if found is None:
            continue
        op_id, operation = found
        if str(exchange.status) not in operation["responses"]:
            problems.append(f"{op_id}: HTTP {exchange.status} is not documented")
            continue
        media, schema = response_schema(operation, exchange.status)
        if media is None:
            if exchange.status == 204 and exchange.text:
                problems.append(f"{op_id}: a 204 with a body")
            continue
        if exchange.media != media:
            problems.append(f"{op_id}: {exchange.media} where the spec says {media}")
            continue
        instance: Any = exchange.text if media == "text/plain" else json.loads(exchange.text)
        problems += [f"{op_id}: {error}" for error in errors(schema, instance)]
    assert not problems, "\n".join(problems)


def test_every_json_body_the_client_sends_matches_the_spec(exchanges: list[Exchange]) -> None:
    problems: list[str] = []
    for exchange in exchanges:
        found = operation_for(exchange.method, exchange.path)
        if found is None or exchange.sent is None:
            continue
        op_id, operation = found
        schema = request_schema(operation)
        if schema is None:
            problems.append(f"{op_id}: the spec takes no body")
            continue
        problems += [f"{op_id}: {error}" for error in errors(schema, exchange.sent)]
    assert not problems, "\n".join(problems)


def test_the_spec_is_the_vendored_official_copy() -> None:
    document = spec()
    assert (document["info"]["title"], document["info"]["version"]) == (
        "Fornex Public API",
        "2.3.28",
    )
