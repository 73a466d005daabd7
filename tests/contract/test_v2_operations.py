"""Every v2 operation against the sandbox, and the state both dialects share: what one changes,
the other sees, and where both read the same thing they return the same typed results."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from fornexpanel.fornex import (
    BadRequest,
    LegacyClient,
    PowerJob,
    ReinstallStarted,
    TicketCreated,
    V2Client,
)
from tests.contract.helpers import (
    DOMAIN,
    DOMAIN_ORDER,
    DOMAINS,
    DS,
    FULL,
    KEY_ALICE,
    KEY_BOB,
    NS_PAIR,
    STAT_RANGE,
    VPS,
    VPS_2,
    VPS_OFF,
    WWW_RECORD,
    public_key,
    raises,
)
from tests.contract.v2_helpers import (
    V2_OPERATIONS,
    V2Connect,
    legacy_connection,
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


@pytest.fixture
def legacy(sandbox: Sandbox) -> Iterator[LegacyClient]:
    yield from legacy_connection(sandbox)


@pytest.mark.parametrize("name", V2_OPERATIONS)
def test_the_table_arguments_are_valid(v2: V2Client, sandbox: Sandbox, name: str) -> None:
    """Each operation succeeds with its table arguments, at the table's path."""
    if name in ("vps_rescue_stop", "order_cancel_unset"):
        getattr(v2, {"vps_rescue_stop": "vps_rescue_start", "order_cancel_unset": "order_cancel"}[name])(VPS)  # fmt: skip
        sandbox.advance(5)
    prepare(v2, name)
    op = V2_OPERATIONS[name]
    op.call(v2, name)
    assert sandbox.count(op.http, op.path) >= 1


# Same reads, same results


@pytest.mark.parametrize(
    "read",
    [
        lambda c: c.account_balance(),
        lambda c: c.account_info(),
        lambda c: c.account_invoices(),
        lambda c: c.plans_dedicated(),
        lambda c: c.plans_vps(),
        lambda c: c.vps_status(VPS_OFF),
        lambda c: c.vps_ssh_keys(VPS)[0].key,
        lambda c: c.webhook_info(),
        lambda c: c.dns_records(DOMAIN),
        lambda c: c.dns_records(DOMAIN, q="mx"),
        lambda c: c.dns_zone_file(DOMAIN),
        lambda c: c.ds_traffic(DS, "year", 1),
        lambda c: c.ds_traffic_used(DS).limit,
        lambda c: [
            (o.id, o.name, o.cost_month, o.expiration_date, o.ip_addresses) for o in c.orders_list()
        ],  # fmt: skip
        lambda c: [
            (d.name, d.created, d.tags, [r.id for r in d.records]) for d in c.dns_domain_list()
        ],  # fmt: skip
        lambda c: [s.points() for s in c.vps_stat(VPS, "traffic", *STAT_RANGE).series],
        lambda c: c.vps_log_details(VPS, 222281).completed,
    ],
)
def test_both_dialects_read_the_same(v2: V2Client, legacy: LegacyClient, read) -> None:
    assert read(v2) == read(legacy)


@pytest.mark.parametrize(("q", "tag"), [("northwind", None), ("nw-", None), (None, "production"), ("labs", "marketing"), ("zzz", None)])  # fmt: skip
def test_the_domain_search_means_the_same_on_both(v2: V2Client, legacy: LegacyClient, q, tag) -> None:  # fmt: skip
    assert [d.name for d in v2.dns_domain_list(q, tag)] == [d.name for d in legacy.dns_domain_list(q, tag)]  # fmt: skip


def test_an_ip_search_is_exact_on_both(v2: V2Client, legacy: LegacyClient) -> None:
    apex = next(r.value for r in legacy.dns_records(DOMAIN) if r.type == "A")
    partial = apex.rsplit(".", 1)[0]
    assert [d.name for d in v2.dns_domain_list(apex)] == [d.name for d in legacy.dns_domain_list(apex)] == [DOMAIN]  # fmt: skip
    assert v2.dns_domain_list(partial) == legacy.dns_domain_list(partial) == ()


# What one dialect changes, the other sees


def test_a_vps_stopped_through_v2_is_off_through_legacy(v2: V2Client, legacy: LegacyClient, sandbox: Sandbox) -> None:  # fmt: skip
    job = v2.vps_stop(VPS_2)
    assert isinstance(job, PowerJob) and job.log_id is not None
    assert legacy.vps_status(VPS_2).status == "stopping"
    assert v2.vps_log_details(VPS_2, job.log_id).completed is False
    sandbox.advance(5)
    entry = v2.vps_log_details(VPS_2, job.log_id)
    assert (entry.completed, entry.job_state, entry.job_action) == (True, "done", "stop")
    assert legacy.vps_status(VPS_2).status == "off"
    assert legacy.vps_start(VPS_2) == PowerJob(log_id=None)
    sandbox.advance(5)
    assert v2.vps_status(VPS_2).status == "on"


def test_records_changed_on_one_dialect_show_on_the_other(v2: V2Client, legacy: LegacyClient) -> None:  # fmt: skip
    added = v2.dns_record_add(DOMAIN, host="@", type="TXT", value="from v2", ttl=None)
    seen = {r.id: r for r in legacy.dns_records(DOMAIN)}
    assert (seen[added.pk].host, seen[added.pk].ttl) == ("", None)
    v2.dns_record_update(DOMAIN, WWW_RECORD, host="www", type="A", value="192.0.2.44", ttl=300)
    www = next(r for r in legacy.dns_records(DOMAIN) if r.id == WWW_RECORD)
    assert (www.value, www.ttl) == ("192.0.2.44", 300)
    other = legacy.dns_record_add(DOMAIN, host="legacy", type="A", value="192.0.2.45")
    v2.dns_record_delete(DOMAIN, other.pk)
    assert other.pk not in {r.id for r in legacy.dns_records(DOMAIN)}


def test_domains_added_and_deleted_through_v2(v2: V2Client, legacy: LegacyClient) -> None:
    assert v2.dns_domain_add("v2.example", "192.0.2.9").name == "v2.example"
    assert "v2.example" in [d.name for d in legacy.dns_domain_list()]
    v2.dns_domain_delete("v2.example")
    assert [d.name for d in legacy.dns_domain_list()] == list(DOMAINS)


def test_ssh_keys_through_v2(v2: V2Client, legacy: LegacyClient) -> None:
    added = v2.ssh_key_add("v2 key", public_key("v2@contract"))
    assert added.id in {k.id for k in legacy.ssh_keys()}
    v2.vps_ssh_key_attach(VPS, added.id)
    v2.vps_ssh_key_detach(VPS, KEY_ALICE)
    assert [k.id for k in legacy.vps_ssh_keys(VPS)] == [62, added.id]
    v2.ssh_key_delete(KEY_BOB)
    assert KEY_BOB not in {k.id for k in legacy.ssh_keys()}


def test_webhook_and_name_servers_through_v2(v2: V2Client, legacy: LegacyClient) -> None:
    v2.webhook_set("https://hooks.example.com/v2")
    assert legacy.webhook_info().url == "https://hooks.example.com/v2"
    v2.webhook_set("")
    assert legacy.webhook_info().url is None and v2.webhook_info().url is None
    assert v2.domain_change_ns(DOMAIN_ORDER, NS_PAIR) is None


def test_a_password_reset_through_v2_is_followed_in_the_log(v2: V2Client, sandbox: Sandbox) -> None:  # fmt: skip
    reset = v2.vps_passwd_reset(VPS)
    assert len(reset.password) == 16
    sandbox.advance(5)
    assert v2.vps_log_details(VPS, reset.resp_id).completed is True


# Only in v2


def test_rescue_mode_in_and_out(v2: V2Client, legacy: LegacyClient, sandbox: Sandbox) -> None:
    job = v2.vps_rescue_start(VPS)
    assert legacy.vps_status(VPS).status == "restarting"
    sandbox.advance(5)
    assert v2.vps_log_details(VPS, job.log_id).job_action == "rescue_mode"
    with raises(BadRequest, key=FULL):
        v2.vps_rescue_start(VPS)
    v2.vps_rescue_stop(VPS)
    sandbox.advance(5)
    assert v2.vps_status(VPS).status == "on"


def test_reinstall_from_each_kind_of_option(v2: V2Client, sandbox: Sandbox) -> None:
    template = v2.vps_reinstall_templates(VPS)[0]
    app = v2.vps_reinstall_apps(VPS)[0]
    snapshot = v2.vps_reinstall_snapshots(VPS)[0]
    assert (template.kind, app.kind, snapshot.kind) == ("template", "app", "snapshot")
    for option in (template, app, snapshot):
        started = v2.vps_reinstall(VPS, **{option.kind: option.id})
        assert isinstance(started, ReinstallStarted) and option.name in started.display_name
        assert v2.vps_status(VPS).status == "reinstalling"
        sandbox.advance(5)
        assert v2.vps_status(VPS).status == "on"


def test_order_cancel_mark_round_trip(v2: V2Client, legacy: LegacyClient) -> None:
    assert v2.order_details(VPS).cancel_mark is False
    assert v2.order_cancel(VPS).status == "cancel_pending"
    assert v2.order_details(VPS).cancel_mark is True
    v2.order_cancel_unset(VPS)
    assert v2.order_details(VPS).cancel_mark is False
    with raises(BadRequest) as caught:
        v2.order_cancel_unset(VPS)
    assert caught.value.message == f"Order {VPS} has no cancel mark"
    with raises(BadRequest) as caught:
        v2.order_cancel(VPS, when="now")
    assert caught.value.fields == {"when": ("Instant order cancelation is not yet supported.",)}
    details = v2.order_details(VPS)
    listed = next(o for o in legacy.orders_list() if o.id == VPS)
    assert (details.name, details.cost_month, details.ip_addresses) == (listed.name, listed.cost_month, listed.ip_addresses)  # fmt: skip


def test_a_ticket_is_opened(v2: V2Client, sandbox: Sandbox) -> None:
    ticket = v2.ticket_create(subject="Disk full", text="Please grow it", order_id=VPS, priority=2)
    assert isinstance(ticket, TicketCreated)
    assert (ticket.status, ticket.priority, ticket.order_id) == ("new", 2, VPS)
    kept = requests.get(f"{sandbox.url}/_sandbox/tickets", timeout=5).json()[FULL]
    assert [(t["id"], t["message"]) for t in kept] == [(ticket.id, "Please grow it")]


def test_the_ip_addresses_are_those_of_the_orders(v2: V2Client, legacy: LegacyClient) -> None:
    addresses = v2.ip_addresses()
    assert [a.ip for a in addresses] == [ip for o in legacy.orders_list() for ip in o.ip_addresses]
    first = addresses[0]
    assert (first.order_id, first.location, first.rdns) == (VPS, "DE", "web-1.northwind.io")
