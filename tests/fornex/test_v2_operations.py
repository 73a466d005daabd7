"""Each operation of the v2 client: the request it makes and the result it returns.

Answers are the official spec's own examples (shared/fornex/openapi-v2.3.28.json) where it has
them. Every request must carry `Authorization: Api-Key <key>` and no `apikey` anywhere; what v2 lacks
(the VPN catalogue and config, inode statistics) is refused without a request.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from conftest import BASE, KEY
from fornex_samples import ZONE
from responses import matchers

from fornexpanel.fornex import (
    DnsRecord,
    DomainAdded,
    IpAddress,
    NoV2Equivalent,
    OrderCancelled,
    PowerJob,
    RecordAdded,
    ReinstallStarted,
    SshKey,
    TicketCreated,
    V2Client,
    make_client,
)

AUTH = matchers.header_matcher({"Authorization": f"Api-Key {KEY}"})
LOG_ENTRY = {
    "pk": 1,
    "action": "Launch",
    "note": "Launching server",
    "user": "username@example.com",
    "time": "2024-02-15T11:12:11+02:00",
    "completed": False,
    "job_state": "ready",
    "job_action": "start",
}
ORDER = {
    "id": "34-1234",
    "name": "DB Host",
    "tariff": "VPS Master",
    "tariff_price": 140.0,
    "type": "vps",
    "hostname": "srv-123.fornex.org",
    "ipaddress_set": ["123.123.123.123"],
    "status": "active",
    "cost_month": 148.0,
    "expiration_date": "2015-12-18T17:21:46",
    "tags": ["Database"],
    "cancel_mark": False,
    "project": None,
}
SSH_KEY = {
    "id": 1,
    "user": "u",
    "key": "ssh-rsa tt3BPrBTUCGXsCXmiF03LD/f9 test@test",
    "title": "Dev Laptop",
    "date": "2019-08-24T14:15:22Z",
    "default": True,
}
ENTRY = {"id": 1, "host": "www", "type": "A", "ttl": None, "value": "10.10.10.18"}
DOMAIN = {
    "name": "example.com",
    "created": "2024-02-05T21:41:25",
    "updated": "2024-02-05T21:41:25",
    "entry_set": [{"host": "", "id": 366182, "type": "A", "ttl": None, "value": "192.0.2.1"}],
    "tags": [],
}


@pytest.fixture
def client():
    with V2Client(KEY, BASE + "/", backoff=0) as client:
        yield client


def page(results, next_url=None):
    return {"count": len(results), "next": next_url, "previous": None, "results": results}


def expect(api, method, path, *, params=None, sends=None, status=200, **answer):
    """A request with the key in the header only, `params` in the query, `sends` as JSON."""
    match = [AUTH, matchers.query_param_matcher(params or {})]
    if sends is not None:
        match.append(matchers.json_params_matcher(sends))
    api.add(method, BASE + path, status=status, match=match, **answer)


def sent(api, index=0):
    return api.calls[index].request


def test_make_client_knows_the_v2_dialect():
    client = make_client("v2", KEY, BASE, page_size=7)
    assert isinstance(client, V2Client) and client.dialect == "v2" and client.page_size == 7


@pytest.mark.parametrize("size", [0, -1, True, "10"])
def test_a_bad_page_size_is_refused(size):
    with pytest.raises(ValueError):
        V2Client(KEY, BASE, page_size=size)


def test_the_key_goes_only_in_the_authorization_header(api, client):
    expect(api, "GET", "/account/balance", json={"balance": 10, "currency": "EUR"})
    assert client.account_balance().amount == Decimal("10")
    request = sent(api)
    assert KEY not in request.url and "apikey" not in request.url
    assert request.body is None


def test_account_operations(api, client):
    expect(api, "GET", "/account/info", json={"name": "Example Account"})
    expect(api, "GET", "/account/invoices", json={"unpaid_invoices_count": 1, "unpaid_invoices_amount": 100, "currency": "EUR"})  # fmt: skip
    assert client.account_info().email == ""  # v2 requires only the name
    assert client.account_invoices().unpaid_amount == Decimal("100")


def test_orders_list_reads_every_page(api, client):
    second = {**ORDER, "id": "34-5678", "tariff_price": None}
    expect(
        api, "GET", "/orders/", params={"page_size": "100"},
        json=page([ORDER], "https://fornex.com/api/orders/?page=2&page_size=100"),
    )  # fmt: skip
    expect(api, "GET", "/orders/", params={"page_size": "100", "page": "2"}, json=page([second]))
    first, other = client.orders_list()
    assert first.id == "34-1234" and first.tariff_price == Decimal("140.0")
    assert first.expiration_date == datetime(2015, 12, 18, 17, 21, 46)
    assert first.tariff_id is None and first.ip_addresses == ("123.123.123.123",)
    assert other.tariff_price == other.cost_month  # a null tariff price falls back to the cost


def test_plans(api, client):
    expect(api, "GET", "/plans/backups", json=[{"price": 3.0, "space": 100, "units": "GB"}])
    expect(api, "GET", "/plans/dedicated", json=[{"id": 101, "name": "DS XeonSAS", "price": 198.0, "bandwidth": "1 Gbit/s", "cpu_model": "Intel Xeon E3-1270 (4×3.4Ghz)", "cpu_count": 1, "disk": "4 × 300 GB SAS 15k", "ram": "16 GB", "locations": [["DE", "Германия"]]}])  # fmt: skip
    expect(api, "GET", "/plans/hosting", json=[{"id": 33, "name": "VH-SSD-2", "price": 1.0, "sites": 2, "cpu_cores": 1, "hdd_space": 1, "available_locations": ["DE", "RU"]}])  # fmt: skip
    expect(api, "GET", "/plans/vps", json=[{"id": 433, "name": "SSD Cloud 1GB", "cpu_count": 1, "ram": "1 GB", "bandwidth": "100 Mbit/s", "disk": "10 GB", "price": 5.0, "disk_class": None}])  # fmt: skip
    assert client.plans_backups()[0].units == "GB"
    assert client.plans_dedicated()[0].location == "DE"
    hosting = client.plans_hosting()[0]
    assert (hosting.hdd_space, hosting.databases) == (1000, None)  # GB in v2, MB in the panel
    assert client.plans_vps()[0].name == "SSD Cloud 1GB"


def test_the_vpn_catalogue_and_config_are_refused_without_asking_legacy_paths(api, client):
    with pytest.raises(NoV2Equivalent) as caught:
        client.plans_vpn()
    assert caught.value.operation == "plans_vpn"
    with pytest.raises(NoV2Equivalent):
        client.vpn_config("301-1", "udp")
    assert not api.calls


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("vps_start", "start"),
        ("vps_stop", "stop"),
        ("vps_restart", "restart"),
        ("vps_hard_reset", "hard_reset"),
        ("vps_rescue_start", "rescue_mode"),
        ("vps_rescue_stop", "stop_rescue_mode"),
    ],
)
def test_power_actions_return_the_job_log_id(api, client, method, action):
    expect(api, "POST", f"/vps/34-1234/{action}/", json={**LOG_ENTRY, "pk": 77})
    assert getattr(client, method)("34-1234") == PowerJob(log_id=77)
    assert sent(api).body is None


def test_log_details_is_under_the_order(api, client):
    expect(api, "GET", "/vps/34-1234/log_details/77/", json=LOG_ENTRY)
    entry = client.vps_log_details("34-1234", 77)
    assert entry.time == datetime(2024, 2, 15, 11, 12, 11, tzinfo=timezone(timedelta(hours=2)))
    assert (entry.completed, entry.job_state, entry.time_raw) == (False, "ready", LOG_ENTRY["time"])


def test_status_and_password_reset(api, client):
    expect(api, "GET", "/vps/34-1234/status/", json={"status": "off"})
    expect(api, "POST", "/vps/34-1234/passwd_reset/", json={"passwd": "s3cret", "resp_id": 5})
    assert client.vps_status("34-1234").status == "off"
    reset = client.vps_passwd_reset("34-1234")
    assert (reset.resp_id, reset.password) == (5, "s3cret")


def test_stats_send_dates_and_read_time_value_pairs(api, client):
    answer = {
        "series": [
            {"color": "#60B5FF", "data": [[1000, 1.5], [1300, None], [1600, 2.0]], "name": "Incoming"},
            {"data": [[1000, 1.0], [1100, 2.0], [1600, 3.0]], "name": "Outgoing", "type": "areaspline"},
        ],
        "subtitle": "November 16, 2015",
    }  # fmt: skip
    expect(api, "GET", "/vps/34-1234/stats/traffic/", params={"start": "2015-11-16", "end": "2015-11-17"}, json=answer)  # fmt: skip
    stats = client.vps_stat("34-1234", "traffic", date(2015, 11, 16), date(2015, 11, 17))
    even, uneven = stats.series
    assert (even.point_start, even.point_interval, even.point_end) == (1000, 300, 1600)
    assert even.timestamps is None
    assert even.points() == ((1000, 1.5), (1300, None), (1600, 2.0))
    assert uneven.timestamps == (1000, 1100, 1600)
    assert uneven.points() == ((1000, 1.0), (1100, 2.0), (1600, 3.0))


def test_inodes_stats_are_refused_without_asking_the_legacy_path(api, client):
    with pytest.raises(NoV2Equivalent) as caught:
        client.vps_stat("34-1234", "inodes", date(2015, 11, 16), date(2015, 11, 17))
    assert caught.value.operation == "vps_stat"
    assert not api.calls


def test_ssh_keys(api, client):
    expect(api, "GET", "/ssh_keys/", json=[SSH_KEY])
    expect(api, "POST", "/ssh_keys/", sends={"title": "Dev Laptop", "key": SSH_KEY["key"]}, status=201, json=SSH_KEY)  # fmt: skip
    expect(api, "DELETE", "/ssh_keys/1/", status=204)
    expect(api, "GET", "/vps/34-1234/ssh_keys/", json=[SSH_KEY])
    expect(api, "POST", "/vps/34-1234/ssh_keys/add/", sends={"key_pk": 1})
    expect(api, "POST", "/vps/34-1234/ssh_keys/delete/", sends={"key_pk": 1}, json={})
    parsed = SshKey(id=1, title="Dev Laptop", key=SSH_KEY["key"], date="2019-08-24T14:15:22Z")
    assert client.ssh_keys() == (parsed,)
    assert client.ssh_key_add("Dev Laptop", SSH_KEY["key"]) == parsed
    assert client.ssh_key_delete(1) is None
    assert client.vps_ssh_keys("34-1234") == (parsed,)
    assert client.vps_ssh_key_attach("34-1234", 1) is None
    assert client.vps_ssh_key_detach("34-1234", 1) is None


def test_webhook(api, client):
    expect(api, "GET", "/tickets/webhook_info/", json={"url": "", "last_error_date": None, "last_error_message": None})  # fmt: skip
    expect(api, "POST", "/tickets/webhook_set/", sends={"url": "https://hooks.example.com/x"}, status=201, json={"url": "https://hooks.example.com/x", "last_error_date": None, "last_error_message": None})  # fmt: skip
    assert client.webhook_info().url is None  # "" is no webhook
    assert client.webhook_set("https://hooks.example.com/x") is None


def test_domain_list_filters_the_loose_search_to_the_legacy_meaning(api, client):
    loose = [
        {**DOMAIN, "name": "example.com"},  # exact A value
        {**DOMAIN, "name": "other.net", "entry_set": [{**ENTRY, "value": "192.0.2.10"}]},
        {**DOMAIN, "name": "192.0.2.1.example.org", "entry_set": []},  # the name contains it
    ]
    expect(api, "GET", "/dns/domain/", params={"q": "192.0.2.1", "page_size": "100"}, json=page(loose))  # fmt: skip
    names = [domain.name for domain in client.dns_domain_list(q="192.0.2.1")]
    assert names == ["example.com", "192.0.2.1.example.org"]


def test_domain_list_checks_the_tag(api, client):
    tagged = {**DOMAIN, "name": "a.com", "tags": ["prod"]}
    expect(api, "GET", "/dns/domain/", params={"tag": "prod", "page_size": "100"}, json=page([tagged, DOMAIN]))  # fmt: skip
    assert [d.name for d in client.dns_domain_list(tag="prod")] == ["a.com"]


def test_domains(api, client):
    expect(api, "POST", "/dns/domain/", sends={"name": "example.com", "ip": "192.0.2.1"}, status=201, json=DOMAIN)  # fmt: skip
    expect(api, "DELETE", "/dns/domain/example.com/", status=204)
    expect(api, "GET", "/dns/domain/example.com/zone_file/", body=ZONE, content_type="text/plain")  # fmt: skip
    expect(api, "POST", "/dns/order/375-13/change_ns/", sends={"nss": "ns1.a.com,ns2.a.com"}, json={"nss": "ns1.a.com,ns2.a.com"})  # fmt: skip
    assert client.dns_domain_add("example.com", "192.0.2.1") == DomainAdded(name="example.com")
    assert client.dns_domain_delete("example.com") is None
    assert client.dns_zone_file("example.com").startswith("$TTL")
    assert client.domain_change_ns("375-13", ["ns1.a.com", "ns2.a.com"]) is None


@pytest.mark.parametrize("apex", ["", "@", "example.com", "example.com.", "EXAMPLE.com"])
def test_every_spelling_of_the_apex_is_one_host(api, client, apex):
    expect(api, "GET", "/dns/domain/example.com/entry_set/", json=[{**ENTRY, "host": apex}])  # fmt: skip
    expect(api, "POST", "/dns/domain/example.com/entry_set/", sends={"host": "", "type": "A", "value": "1.2.3.4", "ttl": None}, status=201, json={**ENTRY, "host": apex})  # fmt: skip
    (record,) = client.dns_records("example.com")
    assert record.host == ""
    assert client.dns_record_add("example.com", host=apex, type="A", value="1.2.3.4").pk == 1


def test_records(api, client):
    mx = {"id": 2, "host": "", "type": "MX", "prio": 10, "ttl": 3600, "value": "mx.a.com"}
    expect(api, "GET", "/dns/domain/example.com/entry_set/", params={"q": "mx"}, json=[mx])  # fmt: skip
    expect(api, "PUT", "/dns/domain/example.com/entry_set/2/", sends={"host": "", "type": "MX", "value": "mx.a.com", "ttl": 600, "prio": 5}, json=mx)  # fmt: skip
    expect(api, "DELETE", "/dns/domain/example.com/entry_set/2/", status=204)
    expect(api, "POST", "/dns/domain/example.com/entry_set/", sends={"host": "www", "type": "A", "value": "1.2.3.4", "ttl": None}, status=201, json=ENTRY)  # fmt: skip
    assert client.dns_records("example.com", q="mx") == (
        DnsRecord(id=2, host="", type="MX", value="mx.a.com", ttl=3600, prio=10),
    )
    update = {"host": "@", "type": "MX", "value": "mx.a.com", "ttl": 600, "prio": 5}
    assert client.dns_record_update("example.com", 2, **update) is None
    assert client.dns_record_delete("example.com", 2) is None
    assert client.dns_record_add("example.com", host="www", type="A", value="1.2.3.4") == RecordAdded(pk=1)  # fmt: skip


def test_dedicated_traffic(api, client):
    traffic = {"data": [["2015-11-11", {"input": 1.5, "output": 2.5}]], "order": "34-1234 DS", "period": "year"}  # fmt: skip
    used = {"limit": 14293651161088, "order": "34-1234 DS", "range_end": "2015-11-21", "range_start": "2015-10-21", "used": 3508146044885, "used_rate": 0.245}  # fmt: skip
    expect(api, "GET", "/orders/ds/34-1234/traffic/", params={"period": "year", "port": "1"}, json=traffic)  # fmt: skip
    expect(api, "GET", "/orders/ds/1234/traffic_used/", json=used)
    assert client.ds_traffic("34-1234", "year", 1).days[0].output == 2.5
    assert client.ds_traffic_used("34-1234").limit == 14293651161088.0


def test_reinstall_lists_and_reinstall(api, client):
    template = {"id": 49, "name": "Ubuntu 20.04 & Hestia", "os": "Ubuntu 20.04 LTS", "panel": "hestia", "min_storage_space": 5, "min_ram_volume": 2, "min_cpu_cores": 1, "arch": "x86_64"}  # fmt: skip
    snapshot = {"id": 7, "name": "before", "size_gb": 3.5, "created_at": "2024-01-02T03:04:05Z"}
    q = {"page_size": "100"}
    expect(api, "GET", "/vps/34-1/reinstall/templates/", params=q, json=page([template]))
    expect(api, "GET", "/vps/34-1/reinstall/apps/", params=q, json=page([{"id": 3, "name": "Docker", "os": "Debian 12"}]))  # fmt: skip
    expect(api, "GET", "/vps/34-1/reinstall/snapshots/", params=q, json=page([snapshot]))
    expect(api, "POST", "/vps/34-1/reinstall/reinstall/", sends={"snapshot": 7}, json={"display_name": "before", "status": "new", "date": "2024-01-02T03:04:05+03:00"})  # fmt: skip
    (option,) = client.vps_reinstall_templates("34-1")
    assert (option.kind, option.id, option.panel, option.min_ram_gb) == (
        "template",
        49,
        "hestia",
        2,
    )
    assert client.vps_reinstall_apps("34-1")[0].kind == "app"
    assert client.vps_reinstall_snapshots("34-1")[0].size_gb == 3.5
    started = client.vps_reinstall("34-1", snapshot=7)
    assert isinstance(started, ReinstallStarted) and started.display_name == "before"


@pytest.mark.parametrize("choice", [{}, {"template": 1, "app": 2}])
def test_a_reinstall_needs_exactly_one_source(client, choice):
    with pytest.raises(ValueError, match="exactly one"):
        client.vps_reinstall("34-1", **choice)


def test_order_details_and_cancellation(api, client):
    expect(api, "GET", "/orders/34-1234/", json={**ORDER, "cancel_mark": True, "project": {"id": 1, "name": "Shop", "logo": ""}})  # fmt: skip
    expect(api, "POST", "/orders/34-1234/cancel/", sends={"when": "expired", "save_backup": False}, json={"status": "cancel_pending", "message": "Order will be canceled after expiration."})  # fmt: skip
    expect(api, "DELETE", "/orders/34-1234/cancel/", status=204)
    details = client.order_details("34-1234")
    assert (details.cancel_mark, details.tags, details.project) == (True, ("Database",), "Shop")
    cancelled = client.order_cancel("34-1234", save_backup=False)
    assert cancelled == OrderCancelled("cancel_pending", "Order will be canceled after expiration.")
    assert client.order_cancel_unset("34-1234") is None


def test_ticket_create(api, client):
    answer = {"subject": "Help", "message": "Text", "priority": 2, "order": "34-1", "url": "https://fornex.com/my/tickets/66a/", "id": "66a", "status": "new"}  # fmt: skip
    expect(api, "POST", "/tickets/ticket/", sends={"subject": "Help", "message": "Text", "order": "34-1", "priority": 2}, status=201, json=answer)  # fmt: skip
    ticket = client.ticket_create(subject="Help", text="Text", order_id="34-1", priority=2)
    assert ticket == TicketCreated("66a", "https://fornex.com/my/tickets/66a/", "new", "Help", 2, "34-1")  # fmt: skip


def test_ip_addresses(api, client):
    address = {
        "id": 3,
        "ip": "192.0.2.5",
        "location": {"value": "DE", "label": "Germany", "icon": "de.svg"},
        "rdns": "srv.example.com",
        "order": {
            "id": 1234,
            "name": "web",
            "type": "vps",
            "link": "x",
            "unique_number": "34-1234",
        },
    }
    spare = {**address, "id": 4, "ip": "192.0.2.6", "order": None, "rdns": ""}
    expect(api, "GET", "/network/ip-address/", json=[address, spare])
    first, second = client.ip_addresses()
    assert first == IpAddress(3, "192.0.2.5", "DE", "Germany", "srv.example.com", "34-1234", "web", "vps")  # fmt: skip
    assert (second.order_id, second.rdns) == (None, None)


def test_json_bodies_are_sent_as_json(api, client):
    expect(api, "POST", "/ssh_keys/", status=201, json=SSH_KEY)
    client.ssh_key_add("t", "k")
    request = sent(api)
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {"title": "t", "key": "k"}
