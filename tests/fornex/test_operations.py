"""Each of the 37 legacy operations: the request it makes and the result it returns.

Answers are the documentation's own examples (shared/fornex/legacy-api.txt).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from conftest import BASE, KEY
from fornex_samples import OVPN, ZONE
from responses import matchers

from fornexpanel.fornex import (
    AccountInfo,
    BackupPlan,
    Balance,
    DedicatedPlan,
    DnsRecord,
    Domain,
    DomainAdded,
    DsTraffic,
    DsTrafficDay,
    DsTrafficUsed,
    HostingPlan,
    Invoices,
    LogEntry,
    Order,
    PasswordReset,
    PowerJob,
    RecordAdded,
    SshKey,
    VpnPlan,
    VpsPlan,
    VpsStatus,
    WebhookInfo,
)

SSH_KEY = {
    "date": "December 19, 2017",
    "id": 67,
    "key": "ssh-rsa tt3BPrBTUCGXsCXmiF03LD/f9 test@test",
    "title": "test@test",
}
PARSED_SSH_KEY = SshKey(
    id=67,
    title="test@test",
    key="ssh-rsa tt3BPrBTUCGXsCXmiF03LD/f9 test@test",
    date="December 19, 2017",
)


def expect_get(api, path, *, params=None, status=200, **answer):
    """A GET with `apikey` (and `params`) in the query string and nothing in the body."""
    api.get(
        BASE + path,
        status=status,
        match=[matchers.query_param_matcher({**(params or {}), "apikey": KEY})],
        **answer,
    )


def expect_post(api, path, *, form=None, **answer):
    """A POST with `apikey` (and `form`) in the urlencoded body and no query string."""
    api.post(
        BASE + path,
        match=[
            matchers.urlencoded_params_matcher({**(form or {}), "apikey": KEY}),
            matchers.query_param_matcher({}),
        ],
        **answer,
    )


def sent(api):
    (call,) = api.calls
    return call.request


# Account and billing


def test_account_balance(api, client):
    expect_get(api, "/account/balance", json={"balance": 91.0, "currency": "EUR"})
    assert client.account_balance() == Balance(amount=Decimal("91.0"), currency="EUR")
    assert sent(api).body is None
    assert sent(api).headers["User-Agent"] == "fornex-panel/0.1"


def test_account_info(api, client):
    expect_get(
        api, "/account/info", json={"email": "example@fornex.com", "name": "Example Account"}
    )
    assert client.account_info() == AccountInfo(email="example@fornex.com", name="Example Account")


def test_account_invoices(api, client):
    answer = {"unpaid_invoices_count": 1, "unpaid_invoices_amount": 100, "currency": "EUR"}
    expect_get(api, "/account/invoices", json=answer)
    assert client.account_invoices() == Invoices(
        unpaid_count=1, unpaid_amount=Decimal(100), currency="EUR"
    )


def test_orders_list(api, client):
    order = {
        "cost_month": 148.0,
        "expiration_date": "2015-12-18T17:21:46",
        "id": "34-1234",
        "ipaddress_set": ["123.123.123.123"],
        "name": "user-defined-name",
        "hostname": "srv-123.fornex.org",
        "status": "active",
        "tariff": "VPS Master",
        "tariff_id": 33,
        "tariff_price": 140,
        "type": "vps",
    }
    expect_get(api, "/orders/list", json=[order, {**order, "id": "35-1", "expiration_date": None}])
    first, second = client.orders_list()
    assert first == Order(
        id="34-1234",
        type="vps",
        status="active",
        name="user-defined-name",
        hostname="srv-123.fornex.org",
        tariff="VPS Master",
        tariff_id=33,
        tariff_price=Decimal(140),
        cost_month=Decimal("148.0"),
        expiration_date=datetime(2015, 12, 18, 17, 21, 46),
        ip_addresses=("123.123.123.123",),
    )
    assert second.expiration_date is None


def test_plans_backups(api, client):
    expect_get(api, "/plans/backups", json=[{"price": 4.5, "space": 150, "units": "Gb"}])
    assert client.plans_backups() == (BackupPlan(price=Decimal("4.5"), space=150, units="Gb"),)


def test_plans_dedicated(api, client):
    plan = {
        "bandwidth": "1 Gbit/s",
        "cpu_model": "Intel Xeon E3-1270 (4×3.4Ghz)",
        "cpu_count": 1,
        "disk": "4 × 300 GB SAS 15k",
        "name": "DS XeonSAS",
        "id": 101,
        "price": 198.0,
        "ram": "16 GB",
        "location": "DE",
    }
    expect_get(api, "/plans/dedicated", json=[plan])
    assert client.plans_dedicated() == (
        DedicatedPlan(
            id=101,
            name="DS XeonSAS",
            price=Decimal("198.0"),
            cpu_model="Intel Xeon E3-1270 (4×3.4Ghz)",
            cpu_count=1,
            ram="16 GB",
            disk="4 × 300 GB SAS 15k",
            bandwidth="1 Gbit/s",
            location="DE",
        ),
    )


def test_plans_vpn(api, client):
    plan = {"available_locations": ["DE", "NL"], "type": "dedicated", "id": 1, "price": 10.0}
    expect_get(api, "/plans/vpn", json=[plan])
    assert client.plans_vpn() == (
        VpnPlan(id=1, type="dedicated", price=Decimal("10.0"), available_locations=("DE", "NL")),
    )


def test_plans_vps(api, client):
    plan = {
        "bandwidth": "100 Mbit/s",
        "cpu_count": 1,
        "disk": "10 GB",
        "id": 433,
        "name": "SSD Cloud 1GB",
        "price": 5.0,
        "ram": "1 GB",
    }
    expect_get(api, "/plans/vps", json=[plan])
    assert client.plans_vps() == (
        VpsPlan(
            id=433,
            name="SSD Cloud 1GB",
            price=Decimal("5.0"),
            cpu_count=1,
            ram="1 GB",
            disk="10 GB",
            bandwidth="100 Mbit/s",
        ),
    )


def test_plans_hosting(api, client):
    plan = {
        "available_locations": ["DE", "RU"],
        "cpu_cores": 1,
        "databases": 2,
        "hdd_space": 1000,
        "mail_domains": 2,
        "mailboxes": 20,
        "name": "VH-SSD-2",
        "id": 33,
        "price": 1.0,
        "sites": None,
    }
    expect_get(api, "/plans/hosting", json=[plan])
    assert client.plans_hosting() == (
        HostingPlan(
            id=33,
            name="VH-SSD-2",
            price=Decimal("1.0"),
            available_locations=("DE", "RU"),
            cpu_cores=1,
            databases=2,
            hdd_space=1000,
            mail_domains=2,
            mailboxes=20,
            sites=None,
        ),
    )


# VPS


def test_vps_log_details(api, client):
    answer = {
        "action": "Set root password",
        "completed": False,
        "job_action": "set_root_passwd",
        "job_state": "ready",
        "note": "Resetting root password",
        "pk": 222287,
        "time": "03.01.2019 11:10",
        "user": "username",
    }
    expect_get(api, "/vps/log_details/34-1234/", params={"log_id": "222287"}, json=answer)
    assert client.vps_log_details("34-1234", 222287) == LogEntry(
        pk=222287,
        action="Set root password",
        completed=False,
        job_action="set_root_passwd",
        job_state="ready",
        note="Resetting root password",
        time=datetime(2019, 1, 3, 11, 10),
        time_raw="03.01.2019 11:10",
        user="username",
    )


def test_vps_log_details_keeps_an_unknown_time_format_raw(api, client):
    answer = {"action": "Stop", "completed": "True", "pk": 1, "time": "yesterday"}
    expect_get(api, "/vps/log_details/34-1/", params={"log_id": "1"}, json=answer)
    entry = client.vps_log_details("34-1", 1)
    assert (entry.completed, entry.time, entry.time_raw) == (True, None, "yesterday")


@pytest.mark.parametrize("action", ["stop", "start", "hard_reset", "restart"])
def test_vps_power_actions(api, client, action):
    expect_post(api, f"/vps/{action}/34-177054/", json={"ok": "True"})
    assert getattr(client, f"vps_{action}")("34-177054") == PowerJob(log_id=None)


def test_vps_passwd_reset(api, client):
    answer = {"resp_id": 1234, "passwd": "newstrongpassword"}
    expect_get(api, "/vps/passwd_reset/34-177054/", json=answer)
    result = client.vps_passwd_reset("34-177054")
    assert result == PasswordReset(resp_id=1234, password="newstrongpassword")
    assert "newstrongpassword" not in repr(result)
    assert repr(result) == "PasswordReset(resp_id=1234, passwd=***)"


def test_vps_stat(api, client):
    answer = {
        "series": [
            {
                "color": "#60B5FF",
                "data": [61410.9215552, None, 67115.7455904],
                "name": "Incoming",
                "pointEnd": 1447773600000,
                "pointInterval": 300000,
                "pointStart": 1447687200000,
            },
            {
                "color": "#61D561",
                "data": [4585, 4575.14841552],
                "name": "Outgoing",
                "pointInterval": 300000,
                "pointStart": 1447687200000,
                "type": "areaspline",
            },
        ],
        "subtitle": "November 16, 2015, 17:18 - November 17, 2015, 17:18 (Europe / Moscow)",
    }
    expect_get(api, "/vps_stat/34-177054/traffic/2015-11-16--2015-11-17.json", json=answer)
    stats = client.vps_stat("34-177054", "traffic", date(2015, 11, 16), date(2015, 11, 17))
    incoming, outgoing = stats.series
    assert stats.subtitle.startswith("November 16, 2015")
    assert (incoming.name, incoming.color, incoming.type) == ("Incoming", "#60B5FF", None)
    assert incoming.points() == (
        (1447687200000, 61410.9215552),
        (1447687500000, None),
        (1447687800000, 67115.7455904),
    )
    assert (incoming.point_end, outgoing.point_end) == (1447773600000, None)
    assert outgoing.data == (4585.0, 4575.14841552)
    assert outgoing.type == "areaspline"


def test_vps_stat_rejects_an_unknown_field(client):
    with pytest.raises(ValueError, match="field"):
        client.vps_stat("34-1", "gpu", date(2015, 1, 1), date(2015, 1, 2))


def test_vps_status(api, client):
    expect_get(api, "/vps/status/34-177054/", json={"status": "off"})
    assert client.vps_status("34-177054") == VpsStatus(status="off")


# SSH keys


def test_ssh_keys(api, client):
    expect_get(api, "/ssh_keys/", json=[SSH_KEY])
    assert client.ssh_keys() == (PARSED_SSH_KEY,)


def test_ssh_key_add(api, client):
    form = {"title": "test key", "key": "ssh-rsa tt3BPrBTUCasdasdGXsCXmiF03LD/f9 test@test"}
    expect_post(api, "/ssh_keys/add/", form=form, json=SSH_KEY)
    assert client.ssh_key_add(form["title"], form["key"]) == PARSED_SSH_KEY


def test_ssh_key_delete(api, client):
    expect_post(api, "/ssh_keys/delete/", form={"key_pk": "74"}, json={"ok": True})
    assert client.ssh_key_delete(74) is None


def test_vps_ssh_keys(api, client):
    expect_get(api, "/ssh_keys/34-177054/", json=[SSH_KEY])
    assert client.vps_ssh_keys("34-177054") == (PARSED_SSH_KEY,)


def test_vps_ssh_key_attach(api, client):
    expect_post(api, "/ssh_keys/34-177054/add/", form={"key_pk": "99"}, json={"ok": True})
    assert client.vps_ssh_key_attach("34-177054", 99) is None


def test_vps_ssh_key_detach(api, client):
    expect_post(api, "/ssh_keys/34-177054/delete/", form={"key_pk": "74"}, json={"ok": True})
    assert client.vps_ssh_key_detach("34-177054", 74) is None


# Tickets webhook, VPN


def test_webhook_info(api, client):
    answer = {
        "last_error_date": None,
        "last_error_message": None,
        "url": "https://hooks.slack.com/services/T0/B0/X",
    }
    expect_get(api, "/tickets/webhook_info/", json=answer)
    assert client.webhook_info() == WebhookInfo(
        url="https://hooks.slack.com/services/T0/B0/X",
        last_error_date=None,
        last_error_message=None,
    )


def test_webhook_set(api, client):
    url = "https://hooks.slack.com/services/T0/B0/X"
    expect_post(api, "/tickets/webhook_set/", form={"url": url}, json={"ok": True})
    assert client.webhook_set(url) is None


def test_webhook_set_with_an_empty_url_clears_it(api, client):
    # responses' urlencoded matcher drops blank values, so the body is checked by hand.
    api.post(BASE + "/tickets/webhook_set/", json={"ok": True})
    client.webhook_set("")
    assert parse_qs(sent(api).body, keep_blank_values=True) == {"url": [""], "apikey": [KEY]}


@pytest.mark.parametrize("proto", ["udp", "tcp"])
def test_vpn_config(api, client, proto):
    expect_get(
        api, f"/vpn/301-12312/config-{proto}.ovpn", body=OVPN, content_type="application/x-openvpn"
    )
    assert client.vpn_config("301-12312", proto) == OVPN


def test_vpn_config_rejects_an_unknown_protocol(client):
    with pytest.raises(ValueError, match="proto"):
        client.vpn_config("301-12312", "icmp")


# DNS

DOMAIN = {
    "name": "test.com",
    "created": "2013-04-16T19:07:10",
    "updated": "2017-02-05T21:41:25",
    "entry_set": [{"host": "", "id": 366182, "type": "A", "ttl": None, "value": "10.10.10.18"}],
    "tags": [],
}
PARSED_DOMAIN = Domain(
    name="test.com",
    created=datetime(2013, 4, 16, 19, 7, 10),
    updated=datetime(2017, 2, 5, 21, 41, 25),
    records=(DnsRecord(id=366182, host="", type="A", value="10.10.10.18", ttl=None, prio=None),),
    tags=(),
)


def test_dns_domain_list(api, client):
    expect_get(api, "/dns/v0.1/domain_list.json", json=[DOMAIN])
    assert client.dns_domain_list() == (PARSED_DOMAIN,)


def test_dns_domain_list_searches_and_filters_by_tag(api, client):
    expect_get(
        api,
        "/dns/v0.1/domain_list.json",
        params={"q": "10.10.10.18", "tag": "prod"},
        json=[{**DOMAIN, "tags": ["prod"]}],
    )
    (domain,) = client.dns_domain_list(q="10.10.10.18", tag="prod")
    assert domain.tags == ("prod",)


def test_dns_domain_add(api, client):
    form = {"name": "example.com", "ip": "127.0.0.1"}
    expect_post(api, "/dns/v0.1/add_domain/", form=form, json={"ok": True, "name": "example.com"})
    assert client.dns_domain_add("example.com", "127.0.0.1") == DomainAdded(name="example.com")


def test_dns_domain_delete(api, client):
    expect_post(api, "/dns/v0.1/example.com/delete_domain/", json={"ok": True})
    assert client.dns_domain_delete("example.com") is None


def test_dns_records(api, client):
    answer = {
        "entry_set": [
            {"id": 12344, "host": "", "prio": None, "type": "A", "ttl": 600, "value": "127.0.0.1"},
            {"id": 12345, "host": "", "type": "MX", "prio": 1, "ttl": None, "value": "mx.test"},
        ]
    }
    expect_get(api, "/dns/v0.1/example.com/entry_set.json", json=answer)
    assert client.dns_records("example.com") == (
        DnsRecord(id=12344, host="", type="A", value="127.0.0.1", ttl=600, prio=None),
        DnsRecord(id=12345, host="", type="MX", value="mx.test", ttl=None, prio=1),
    )


def test_dns_records_filters(api, client):
    expect_get(
        api, "/dns/v0.1/example.com/entry_set.json", params={"q": "www"}, json={"entry_set": []}
    )
    assert client.dns_records("example.com", q="www") == ()


RECORD_FORM = {"host": "example", "type": "A", "value": "1.2.3.4", "ttl": "600", "prio": "5"}


def test_dns_record_add(api, client):
    path = "/dns/v0.1/example.com/entry_set/add/"
    expect_post(api, path, form=RECORD_FORM, json={"ok": True, "pk": 123})
    added = client.dns_record_add(
        "example.com", host="example", type="A", value="1.2.3.4", ttl=600, prio=5
    )
    assert added == RecordAdded(pk=123)


def test_dns_record_add_leaves_out_unset_ttl_and_prio(api, client):
    form = {"host": "@", "type": "TXT", "value": "v=spf1 -all"}
    path = "/dns/v0.1/example.com/entry_set/add/"
    expect_post(api, path, form=form, json={"ok": True, "pk": 124})
    assert client.dns_record_add("example.com", **form) == RecordAdded(pk=124)


def test_dns_record_update(api, client):
    expect_post(api, "/dns/v0.1/example.com/entry_set/366182/", form=RECORD_FORM, json={"ok": True})
    result = client.dns_record_update(
        "example.com", 366182, host="example", type="A", value="1.2.3.4", ttl=600, prio=5
    )
    assert result is None


def test_dns_record_delete(api, client):
    expect_post(api, "/dns/v0.1/example.com/entry_set/366182/delete/", json={"ok": True})
    assert client.dns_record_delete("example.com", 366182) is None


def test_dns_zone_file(api, client):
    expect_get(
        api, "/dns/v0.1/example.com/zone_file/", body=ZONE.encode(), content_type="text/plain"
    )
    # text/plain without a charset: decoded as UTF-8 ("; пример"), not ISO-8859-1.
    assert client.dns_zone_file("example.com") == ZONE


def test_domain_change_ns(api, client):
    form = {"nss": "ns1.company.com,ns2.company.com"}
    expect_post(api, "/change_ns/375-13/", form=form, json=[{"ok": True}])
    assert client.domain_change_ns("375-13", ["ns1.company.com", "ns2.company.com"]) is None


@pytest.mark.parametrize("nss", [[], "ns1.company.com", ["ns1.a.com,ns2.a.com"], [""]])
def test_domain_change_ns_rejects_bad_lists(client, nss):
    with pytest.raises(ValueError, match="nss"):
        client.domain_change_ns("375-13", nss)


# Dedicated servers


def test_ds_traffic(api, client):
    answer = {
        "data": [
            ["2015-11-11", {"input": 41348840999.42331, "output": 969929788001.3163}],
            ["2015-11-12", {"input": 44384423647.10196, "output": 1019910108491.1565}],
        ],
        "order": "34-1234 DS HyperXeon (example.net)",
        "period": "month",
    }
    expect_get(
        api, "/ds/34-1234/traffic.json", params={"period": "month", "port": "0"}, json=answer
    )
    assert client.ds_traffic("34-1234") == DsTraffic(
        order="34-1234 DS HyperXeon (example.net)",
        period="month",
        days=(
            DsTrafficDay(date(2015, 11, 11), 41348840999.42331, 969929788001.3163),
            DsTrafficDay(date(2015, 11, 12), 44384423647.10196, 1019910108491.1565),
        ),
    )


def test_ds_traffic_by_year_and_port(api, client):
    answer = {"data": [], "order": "34-1234", "period": "year"}
    expect_get(api, "/ds/34-1234/traffic.json", params={"period": "year", "port": "1"}, json=answer)
    assert client.ds_traffic("34-1234", period="year", port=1).days == ()


def test_ds_traffic_used(api, client):
    answer = {
        "limit": 14293651161088.0,
        "order": "34-1234 DS XeonNeon (example.net)",
        "range_end": "2015-11-21",
        "range_start": "2015-10-21",
        "used": 3508146044885.079,
        "used_rate": 0.24543386468220252,
    }
    expect_get(api, "/ds/34-1234/traffic_used.json", json=answer)
    assert client.ds_traffic_used("34-1234") == DsTrafficUsed(
        order="34-1234 DS XeonNeon (example.net)",
        limit=14293651161088.0,
        used=3508146044885.079,
        used_rate=0.24543386468220252,
        range_start=date(2015, 10, 21),
        range_end=date(2015, 11, 21),
    )


# Paths


def test_ids_cannot_escape_their_path_segment(api, client):
    expect_get(api, "/vps/status/..%2Fadmin/", json={"status": "on"})
    assert client.vps_status("../admin").status == "on"


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_empty_or_dot_ids_are_refused(client, bad):
    with pytest.raises(ValueError, match="order_id"):
        client.vps_status(bad)
