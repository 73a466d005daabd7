"""Failures of every v2 operation over real HTTP: unknown key (401), missing DNS grant (403),
unknown objects (404), refused requests (400 with `detail` or field errors), injected 5xx with
retries only for GETs, pagination across pages, and no trace of the key in any error."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from fornexpanel.fornex import (
    BadRequest,
    FornexClient,
    InvalidApiKey,
    NoPermission,
    NotFound,
    NoV2Equivalent,
    UpstreamUnavailable,
    V2Client,
)
from tests.contract.helpers import (
    DOMAIN,
    FULL,
    MISSING_DOMAIN,
    MISSING_ORDER,
    NODNS,
    OTHER,
    OTHER_VPS,
    UNKNOWN_KEY,
    VPS,
    VPS_OFF,
    raises,
)
from tests.contract.v2_helpers import (
    DNS_V2_OPERATIONS,
    NO_V2_EQUIVALENT,
    V2_ONLY,
    V2_OPERATIONS,
    V2Connect,
    prepare,
    v2_connections,
)
from tests.plugins.sandbox import Sandbox


@pytest.fixture
def v2_connect(sandbox: Sandbox) -> Iterator[V2Connect]:
    yield from v2_connections(sandbox)


@pytest.fixture
def v2(v2_connect: V2Connect) -> V2Client:
    """Northwind Labs through the v2 dialect (sandbox-full)."""
    return v2_connect(FULL)


def test_the_table_covers_every_operation() -> None:
    interface = set(FornexClient.__abstractmethods__) - {"_auth"}
    assert set(V2_OPERATIONS) | set(NO_V2_EQUIVALENT) == interface | set(V2_ONLY)


@pytest.mark.parametrize("name", V2_OPERATIONS)
def test_unknown_key_is_invalid_api_key(v2_connect: V2Connect, sandbox: Sandbox, name: str) -> None:
    op = V2_OPERATIONS[name]
    with raises(InvalidApiKey, key=UNKNOWN_KEY) as caught:
        op.call(v2_connect(UNKNOWN_KEY), name)
    error = caught.value
    assert error.status == 401
    assert (error.operation, error.path) == (name, op.path)
    assert sandbox.requests() == {op.counter: 1}


@pytest.mark.parametrize("name", DNS_V2_OPERATIONS)
def test_dns_without_the_grant_is_no_permission(v2_connect: V2Connect, name: str) -> None:
    with raises(NoPermission, key=NODNS) as caught:
        V2_OPERATIONS[name].call(v2_connect(NODNS), name)
    assert caught.value.status == 403
    assert caught.value.message == "You do not have permission to perform this action."


def test_the_same_key_without_the_grant_still_reads_the_rest(v2_connect: V2Connect) -> None:
    assert v2_connect(NODNS).vps_status(VPS).status == "on"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.vps_status(MISSING_ORDER),
        lambda c: c.order_details(MISSING_ORDER),
        lambda c: c.order_details(OTHER_VPS),  # another account's order
        lambda c: c.vps_log_details(VPS, 1),
        lambda c: c.dns_records(MISSING_DOMAIN),
        lambda c: c.dns_record_delete(DOMAIN, 1),
        lambda c: c.ssh_key_delete(999),
        lambda c: c.vps_reinstall_templates(MISSING_ORDER),
    ],
)
def test_unknown_objects_are_not_found(v2: V2Client, call) -> None:
    with raises(NotFound) as caught:
        call(v2)
    assert caught.value.status == 404 and caught.value.message == "Not found."


def test_400_with_detail(v2: V2Client) -> None:
    with raises(BadRequest) as caught:
        v2.vps_start(VPS)
    assert (caught.value.status, caught.value.message) == (400, f"VPS {VPS} is already running")
    assert caught.value.fields == {}


def test_400_with_field_errors(v2: V2Client) -> None:
    with raises(BadRequest) as caught:
        v2.dns_record_add(DOMAIN, host="x", type="A", value="1.2.3")
    assert list(caught.value.fields) == ["value"]
    assert caught.value.message.startswith("value: Invalid value '1.2.3'")
    with raises(BadRequest) as caught:
        v2.vps_reinstall(VPS_OFF, template=52)  # Windows on a 1 GB VPS
    assert "needs at least 4 GB of RAM" in caught.value.fields["template"][0]


def test_a_rejected_ticket_names_the_field(v2: V2Client) -> None:
    with raises(BadRequest) as caught:
        v2.ticket_create(subject="s", text="t", order_id=OTHER_VPS)
    assert list(caught.value.fields) == ["order"]


@pytest.mark.parametrize("name", V2_OPERATIONS)
def test_a_5xx_is_retried_for_reads_only(v2: V2Client, sandbox: Sandbox, name: str) -> None:
    op = V2_OPERATIONS[name]
    prepare(v2, name)
    sandbox.fault(path=f"^/api{op.path}$", method=op.http, status=503, times=1)
    if op.http == "GET":
        op.call(v2, name)  # the retry succeeds
        assert sandbox.count(op.http, op.path) >= 2
    else:
        with raises(UpstreamUnavailable) as caught:
            op.call(v2, name)
        assert caught.value.attempts == 1 and sandbox.count(op.http, op.path) == 1


# Pagination across pages


def test_every_page_of_the_orders_is_read(v2_connect: V2Connect, sandbox: Sandbox) -> None:
    orders = v2_connect(page_size=3).orders_list()
    assert len(orders) == 14 and len({o.id for o in orders}) == 14
    assert sandbox.count("GET", "/orders/") == 5


def test_every_page_of_the_domains_is_read(v2_connect: V2Connect, sandbox: Sandbox) -> None:
    assert len(v2_connect(page_size=1).dns_domain_list()) == 4
    assert sandbox.count("GET", "/dns/domain/") == 4


def test_every_page_of_the_templates_is_read(v2_connect: V2Connect, sandbox: Sandbox) -> None:
    templates = v2_connect(page_size=5).vps_reinstall_templates(VPS)
    assert len(templates) == 12 and sandbox.count("GET", f"/vps/{VPS}/reinstall/templates/") == 3


def test_a_fault_on_a_later_page_is_retried(v2_connect: V2Connect, sandbox: Sandbox) -> None:
    sandbox.fault(path="^/api/orders/$", status=502, times=1)
    assert len(v2_connect(page_size=7).orders_list()) == 14


def test_another_account_sees_its_own_orders(v2_connect: V2Connect) -> None:
    ids = {o.id for o in v2_connect(OTHER, page_size=2).orders_list()}
    assert OTHER_VPS in ids and VPS not in ids


@pytest.mark.parametrize("name", NO_V2_EQUIVALENT)
def test_what_v2_lacks_is_said_and_no_legacy_path_is_asked(
    v2: V2Client, sandbox: Sandbox, name: str
) -> None:
    with raises(NoV2Equivalent) as caught:
        NO_V2_EQUIVALENT[name].call(v2, name)
    assert caught.value.operation == name
    with raises(NoV2Equivalent):
        v2.vps_stat(VPS, "inodes", date(2026, 1, 1), date(2026, 1, 2))
    assert sandbox.requests() == {}
