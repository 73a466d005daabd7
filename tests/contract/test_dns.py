"""DNS zones and records, zone files and name servers, through the client."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from fornexpanel.fornex import (
    BadRequest,
    DnsRecord,
    DomainAdded,
    FornexClient,
    NoPermission,
    NotFound,
    RecordAdded,
)
from tests.contract.conftest import Connect
from tests.contract.helpers import (
    DNS_OPERATIONS,
    DOMAIN,
    DOMAIN_ORDER,
    DOMAINS,
    MISSING_DOMAIN,
    MISSING_ORDER,
    NO_DNS_RIGHTS,
    NODNS,
    NS_PAIR,
    OPERATIONS,
    OTHER_DOMAIN,
    OTHER_DOMAIN_ORDER,
    VPS,
    WWW_RECORD,
    assert_key_absent,
    raises,
    sandbox_now,
)
from tests.plugins.sandbox import Sandbox

ZONE_HEAD = "$TTL 21600\n@ IN SOA ns1.fornex.com. hostmaster.fornex.com. ("
ENTRIES = f"/api/dns/v0.1/{DOMAIN}/entry_set"


def zone_line(host: str, ttl: int, rtype: str, data: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(host)}\s+{ttl}\s+IN {rtype}\s+{re.escape(data)}$", re.M)


def by_id(records: tuple[DnsRecord, ...]) -> dict[int, DnsRecord]:
    return {record.id: record for record in records}


# Reading ----------------------------------------------------------------------------------------


def test_dns_domain_list_is_the_seeded_zones(client: FornexClient) -> None:
    domains = client.dns_domain_list()
    assert tuple(domain.name for domain in domains) == DOMAINS
    assert [domain.tags for domain in domains] == [
        ("production",),
        ("production", "marketing"),
        ("staging",),
        (),
    ]
    assert [len(domain.records) for domain in domains] == [18, 6, 5, 3]
    now = sandbox_now()
    for domain in domains:
        assert domain.created is not None and domain.updated is not None
        assert domain.created < domain.updated < now
        # The list leaves out `prio`; otherwise it shows the same records as entry_set.json.
        expected = tuple(
            DnsRecord(r.id, r.host, r.type, r.value, r.ttl, None)
            for r in client.dns_records(domain.name)
        )
        assert domain.records == expected


def test_dns_records_of_the_main_zone(client: FornexClient) -> None:
    records = client.dns_records(DOMAIN)
    assert records[0].id == 366101 and records[2].id == WWW_RECORD
    assert [(r.host, r.type) for r in records[:3]] == [("", "A"), ("", "AAAA"), ("www", "A")]
    assert records[2].ttl == 600 and records[0].ttl is None
    mx = [(r.prio, r.value) for r in records if r.type == "MX"]
    assert mx == [(10, "mx1.improvmx.com"), (20, "mx2.improvmx.com")]
    srv = next(r for r in records if r.type == "SRV")
    assert (srv.host, srv.prio, srv.value) == ("_sip._tcp", 10, "60 5060 sip.northwind.io")
    assert all(r.prio is None for r in records if r.type not in ("MX", "SRV"))


def test_zone_addresses_are_the_orders_addresses(client: FornexClient) -> None:
    web1 = next(order for order in client.orders_list() if order.id == VPS)
    apex = {r.type: r.value for r in client.dns_records(DOMAIN) if r.host == ""}
    assert (apex["A"], apex["AAAA"]) == web1.ip_addresses


@pytest.mark.parametrize(
    ("q", "tag", "expected"),
    [
        ("northwind", None, ["northwind.io", "northwind-labs.com", "northwind.dev"]),
        ("STAGING", None, ["nw-staging.net"]),
        (None, "production", ["northwind.io", "northwind-labs.com"]),
        (None, "staging", ["nw-staging.net"]),
        ("labs", "production", ["northwind-labs.com"]),
        ("nothing-like-this", None, []),
        (None, "no-such-tag", []),
    ],
)
def test_dns_domain_list_search(
    client: FornexClient, q: str | None, tag: str | None, expected: list[str]
) -> None:
    assert [domain.name for domain in client.dns_domain_list(q, tag)] == expected


def test_dns_domain_list_search_by_ip(client: FornexClient) -> None:
    web1 = next(order for order in client.orders_list() if order.id == VPS)
    found = client.dns_domain_list(q=web1.ip_addresses[0])
    assert [domain.name for domain in found] == ["northwind.io"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Part of a host or value, or exactly a type, ignoring case.
        ("MX", [("", "MX", "mx1.improvmx.com"), ("", "MX", "mx2.improvmx.com"),
                ("", "TXT", "v=spf1 include:spf.improvmx.com ~all")]),
        ("_sip", [("_sip._tcp", "SRV", "60 5060 sip.northwind.io")]),
        ("caa", [("", "CAA", '0 issue "letsencrypt.org"'),
                 ("", "CAA", '0 iodef "mailto:security@northwind.io"')]),
        ("he.net", [("lab", "NS", "ns1.he.net"), ("lab", "NS", "ns2.he.net")]),
        ("zzz-none", []),
    ],
)  # fmt: skip
def test_dns_records_filter(client: FornexClient, q: str, expected: list[tuple]) -> None:
    assert [(r.host, r.type, r.value) for r in client.dns_records(DOMAIN, q)] == expected


def test_dns_zone_file_lists_every_record(client: FornexClient) -> None:
    text = client.dns_zone_file(DOMAIN)
    assert text.startswith(ZONE_HEAD)
    assert zone_line("@", 21600, "NS", "ns1.fornex.com.").search(text)
    assert zone_line("@", 21600, "NS", "ns2.fornex.com.").search(text)
    records = client.dns_records(DOMAIN)
    for record in records:
        if record.type in ("A", "AAAA", "CNAME", "NS"):
            data = record.value + ("." if record.type in ("CNAME", "NS") else "")
            ttl = record.ttl if record.ttl is not None else 3600  # the documented default
            assert zone_line(record.host or "@", ttl, record.type, data).search(text), record
    assert zone_line("@", 3600, "MX", "10 mx1.improvmx.com.").search(text)
    assert zone_line("_sip._tcp", 3600, "SRV", "10 60 5060 sip.northwind.io.").search(text)
    # The 2048-bit DKIM key is longer than one 255-byte TXT string: split in two.
    assert re.search(r'^mail\._domainkey\s+3600\s+IN TXT\s+"v=DKIM1; [^"]+" "[^"]+"$', text, re.M)


# Changing ---------------------------------------------------------------------------------------


def test_dns_record_add_then_listed_and_in_the_zone_file(
    client: FornexClient, sandbox: Sandbox
) -> None:
    before = client.dns_records(DOMAIN)
    added = client.dns_record_add(DOMAIN, host="contract", type="A", value="192.0.2.7", ttl=600)
    assert isinstance(added, RecordAdded) and added.pk not in by_id(before)
    records = client.dns_records(DOMAIN)
    assert records[:-1] == before
    assert records[-1] == DnsRecord(added.pk, "contract", "A", "192.0.2.7", 600, None)
    assert zone_line("contract", 600, "A", "192.0.2.7").search(client.dns_zone_file(DOMAIN))
    listed = next(d for d in client.dns_domain_list() if d.name == DOMAIN)
    assert listed.records[-1].id == added.pk
    assert listed.updated is not None and abs(sandbox_now() - listed.updated) < timedelta(minutes=2)
    assert sandbox.count("POST", f"{ENTRIES}/add/") == 1


@pytest.mark.parametrize(
    ("fields", "stored", "zone"),
    [
        (dict(host="mail", type="MX", value="mx.example.com", prio=5),
         ("mail", "MX", "mx.example.com", None, 5), ("mail", 3600, "MX", "5 mx.example.com.")),
        (dict(host="@", type="TXT", value='say "hi"', ttl=120),
         ("", "TXT", 'say "hi"', 120, None), ("@", 120, "TXT", '"say \\"hi\\""')),
        (dict(host="v6", type="AAAA", value="2001:db8::1", ttl=86400),
         ("v6", "AAAA", "2001:db8::1", 86400, None), ("v6", 86400, "AAAA", "2001:db8::1")),
        (dict(host="blog", type="CNAME", value="Example.COM."),
         ("blog", "CNAME", "example.com", None, None), ("blog", 3600, "CNAME", "example.com.")),
        (dict(host="_xmpp._tcp", type="SRV", value="5 5222 xmpp.example.com", prio=0),
         ("_xmpp._tcp", "SRV", "5 5222 xmpp.example.com", None, 0),
         ("_xmpp._tcp", 3600, "SRV", "0 5 5222 xmpp.example.com.")),
        (dict(host="@", type="CAA", value='0 issuewild "pki.goog"', ttl=3600),
         ("", "CAA", '0 issuewild "pki.goog"', 3600, None),
         ("@", 3600, "CAA", '0 issuewild "pki.goog"')),
        (dict(host="A", type="a", value="192.0.2.8", prio=7),  # prio means nothing for A
         ("a", "A", "192.0.2.8", None, None), ("a", 3600, "A", "192.0.2.8")),
    ],
)  # fmt: skip
def test_dns_record_add_each_type(
    client: FornexClient, fields: dict, stored: tuple, zone: tuple
) -> None:
    pk = client.dns_record_add(DOMAIN, **fields).pk
    assert by_id(client.dns_records(DOMAIN))[pk] == DnsRecord(pk, *stored)
    assert zone_line(*zone).search(client.dns_zone_file(DOMAIN))


def test_dns_record_update_replaces_the_record(client: FornexClient) -> None:
    assert by_id(client.dns_records(DOMAIN))[WWW_RECORD] == DnsRecord(
        WWW_RECORD, "www", "A", by_id(client.dns_records(DOMAIN))[366101].value, 600, None
    )
    result = client.dns_record_update(
        DOMAIN, WWW_RECORD, host="www", type="CNAME", value="web.example.net", ttl=300
    )
    assert result is None
    updated = by_id(client.dns_records(DOMAIN))[WWW_RECORD]
    assert updated == DnsRecord(WWW_RECORD, "www", "CNAME", "web.example.net", 300, None)
    zone = client.dns_zone_file(DOMAIN)
    assert zone_line("www", 300, "CNAME", "web.example.net.").search(zone)
    assert not re.search(r"^www\s+600\s+IN A\s", zone, re.M)
    # A full replacement: leaving the TTL out sets it back to the default.
    client.dns_record_update(DOMAIN, WWW_RECORD, host="www", type="CNAME", value="web.example.net")
    assert by_id(client.dns_records(DOMAIN))[WWW_RECORD].ttl is None
    assert zone_line("www", 3600, "CNAME", "web.example.net.").search(client.dns_zone_file(DOMAIN))


def test_dns_record_delete_then_gone(client: FornexClient) -> None:
    count = len(client.dns_records(DOMAIN))
    assert client.dns_record_delete(DOMAIN, WWW_RECORD) is None
    records = client.dns_records(DOMAIN)
    assert len(records) == count - 1 and WWW_RECORD not in by_id(records)
    assert not re.search(r"^www\s", client.dns_zone_file(DOMAIN), re.M)
    with raises(NotFound):
        client.dns_record_delete(DOMAIN, WWW_RECORD)


@pytest.mark.parametrize(("ip", "rtype"), [("192.0.2.10", "A"), ("2001:db8::10", "AAAA")])
def test_dns_domain_add_then_delete(client: FornexClient, ip: str, rtype: str) -> None:
    assert client.dns_domain_add("Contract.Example", ip) == DomainAdded(name="contract.example")
    domains = client.dns_domain_list()
    assert domains[-1].name == "contract.example" and domains[-1].tags == ()
    (record,) = domains[-1].records
    assert (record.host, record.type, record.value, record.ttl) == ("", rtype, ip, None)
    assert client.dns_records("contract.example") == (
        DnsRecord(record.id, "", rtype, ip, None, None),
    )
    zone = client.dns_zone_file("contract.example")
    assert zone.startswith(ZONE_HEAD) and zone_line("@", 3600, rtype, ip).search(zone)

    assert client.dns_domain_delete("contract.example") is None
    assert tuple(domain.name for domain in client.dns_domain_list()) == DOMAINS
    for call in (client.dns_records, client.dns_zone_file, client.dns_domain_delete):
        with raises(NotFound):
            call("contract.example")


def test_dns_domain_delete_of_a_seeded_zone(client: FornexClient) -> None:
    client.dns_domain_delete("northwind.dev")
    assert tuple(d.name for d in client.dns_domain_list()) == DOMAINS[:3]


def test_domain_change_ns(client: FornexClient, sandbox: Sandbox) -> None:
    assert client.domain_change_ns(DOMAIN_ORDER, NS_PAIR) is None
    assert client.domain_change_ns("375-27", ["ns1.he.net", "ns2.he.net", "ns3.he.net"]) is None
    assert sandbox.count("POST", f"/api/change_ns/{DOMAIN_ORDER}/") == 1


# Errors -----------------------------------------------------------------------------------------

TTL_CHOICES = "120, 300, 600, 900, 1800, 3600, 7200, 18000, 43200, 86400"
BAD_RECORDS = [
    (dict(host="x", type="A", value="192.0.2.1", ttl=601), f"Invalid ttl '601': must be one of {TTL_CHOICES}"),
    (dict(host="x", type="A", value="192.0.2.1", ttl=0), f"Invalid ttl '0': must be one of {TTL_CHOICES}"),
    (dict(host="x", type="A", value="1.2.3.999"), "Invalid value '1.2.3.999': expected an IPv4 address"),
    (dict(host="x", type="AAAA", value="192.0.2.1"), "Invalid value '192.0.2.1': expected an IPv6 address"),
    (dict(host="x", type="XYZ", value="a"), "Invalid type 'XYZ': must be one of A, AAAA, TXT, CNAME, NS, MX, SRV, CAA"),
    (dict(host="x", type="", value="a"), "type is required"),
    (dict(host="x", type="TXT", value=""), "value is required"),
    (dict(host="-bad-", type="A", value="192.0.2.1"), "Invalid host '-bad-': use '@', '*' or a subdomain such as 'www'"),
    (dict(host="@", type="CNAME", value="example.com"), "A CNAME record cannot be at the zone apex ('@')"),
    (dict(host="m", type="MX", value="mx.example.com"), "prio is required for MX records"),
    (dict(host="m", type="MX", value="mx.example.com", prio=70000), "Invalid prio 70000: must be between 0 and 65535"),
    (dict(host="s", type="SRV", value="5 5222", prio=1), "Invalid SRV value '5 5222': expected 'weight port target'"),
    (dict(host="@", type="CAA", value='0 bogus "x"'), "Invalid CAA tag 'bogus': must be one of issue, issuewild, iodef"),
    (dict(host="www", type="A", value="__www__"), "Invalid value '__www__': expected an IPv4 address"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "message"), BAD_RECORDS)
def test_dns_record_add_invalid_is_bad_request(
    client: FornexClient, sandbox: Sandbox, fields: dict, message: str
) -> None:
    before = client.dns_records(DOMAIN)
    with raises(BadRequest) as caught:
        client.dns_record_add(DOMAIN, **fields)
    error = caught.value
    assert (error.message, error.status, error.operation) == (message, 400, "dns_record_add")
    assert_key_absent(error, "sandbox-full")
    assert client.dns_records(DOMAIN) == before
    assert sandbox.count("POST", f"{ENTRIES}/add/") == 1


@pytest.mark.parametrize(("fields", "message"), BAD_RECORDS[:4])
def test_dns_record_update_invalid_is_bad_request(
    client: FornexClient, fields: dict, message: str
) -> None:
    before = client.dns_records(DOMAIN)
    with raises(BadRequest) as caught:
        client.dns_record_update(DOMAIN, WWW_RECORD, **fields)
    assert caught.value.message == message
    assert client.dns_records(DOMAIN) == before


def test_a_duplicate_record_is_bad_request(client: FornexClient) -> None:
    www = by_id(client.dns_records(DOMAIN))[WWW_RECORD]
    with raises(BadRequest) as caught:
        client.dns_record_add(DOMAIN, host="www", type="A", value=www.value)
    assert caught.value.message == "This record already exists"
    api = next(r for r in client.dns_records(DOMAIN) if r.host == "api")
    with raises(BadRequest):
        client.dns_record_update(DOMAIN, api.id, host="www", type="A", value=www.value)


@pytest.mark.parametrize(
    ("name", "ip", "message"),
    [
        ("northwind.io", "192.0.2.1", "Domain northwind.io already exists"),
        ("bad_name.com", "192.0.2.1", "Invalid domain name 'bad_name.com'"),
        ("localhost", "192.0.2.1", "Invalid domain name 'localhost'"),
        ("ok.example", "not-an-ip", "Invalid ip 'not-an-ip': expected an IPv4 or IPv6 address"),
        ("ok.example", "", "Invalid ip '': expected an IPv4 or IPv6 address"),
    ],
)
def test_dns_domain_add_invalid_is_bad_request(
    client: FornexClient, name: str, ip: str, message: str
) -> None:
    with raises(BadRequest) as caught:
        client.dns_domain_add(name, ip)
    assert caught.value.message == message
    assert tuple(d.name for d in client.dns_domain_list()) == DOMAINS


@pytest.mark.parametrize(
    ("order_id", "nss", "message"),
    [
        (DOMAIN_ORDER, ["ns1.example.net"], "nss: give at least two name servers, separated by a comma"),
        (DOMAIN_ORDER, ["ns1.example.net", "NS1.example.net."], "nss: the same name server is listed twice"),
        (DOMAIN_ORDER, ["ns1.example.net", "localhost"], "Invalid name server 'localhost': expected a fully qualified host name"),
        (DOMAIN_ORDER, ["ns1.example.net", "bad host"], "Invalid name server 'bad host': expected a host name such as 'mail.example.com'"),
        (DOMAIN_ORDER, [f"ns{i}.example.net" for i in range(14)], "nss: at most 13 name servers"),
        (VPS, NS_PAIR, f"Order {VPS} is not a domain"),
    ],
)  # fmt: skip
def test_domain_change_ns_invalid_is_bad_request(
    client: FornexClient, order_id: str, nss: list[str], message: str
) -> None:
    with raises(BadRequest) as caught:
        client.domain_change_ns(order_id, nss)
    assert (caught.value.message, caught.value.status) == (message, 400)


@pytest.mark.parametrize(
    ("call", "args", "kwargs"),
    [
        ("dns_records", (MISSING_DOMAIN,), {}),
        ("dns_records", (OTHER_DOMAIN,), {}),
        ("dns_zone_file", (MISSING_DOMAIN,), {}),
        ("dns_zone_file", (OTHER_DOMAIN,), {}),
        ("dns_domain_delete", (MISSING_DOMAIN,), {}),
        ("dns_domain_delete", (OTHER_DOMAIN,), {}),
        ("dns_record_add", (MISSING_DOMAIN,), dict(host="x", type="A", value="192.0.2.1")),
        ("dns_record_add", (OTHER_DOMAIN,), dict(host="x", type="A", value="192.0.2.1")),
        ("dns_record_update", (DOMAIN, 1), dict(host="x", type="A", value="192.0.2.1")),
        ("dns_record_update", (MISSING_DOMAIN, WWW_RECORD), dict(host="x", type="A", value="192.0.2.1")),
        ("dns_record_update", ("northwind-labs.com", WWW_RECORD), dict(host="x", type="A", value="192.0.2.1")),
        ("dns_record_delete", (DOMAIN, 1), {}),
        ("dns_record_delete", ("northwind.dev", WWW_RECORD), {}),  # a record of another zone
        ("dns_record_delete", (MISSING_DOMAIN, WWW_RECORD), {}),
        ("domain_change_ns", (MISSING_ORDER, NS_PAIR), {}),
        ("domain_change_ns", ("375-999", NS_PAIR), {}),
        ("domain_change_ns", (OTHER_DOMAIN_ORDER, NS_PAIR), {}),
    ],
)  # fmt: skip
def test_unknown_zone_record_or_order_is_not_found(
    client: FornexClient, call: str, args: tuple, kwargs: dict
) -> None:
    with raises(NotFound) as caught:
        getattr(client, call)(*args, **kwargs)
    assert (caught.value.status, caught.value.message, caught.value.operation) == (
        404,
        "Not found",
        call,
    )


@pytest.mark.parametrize("name", DNS_OPERATIONS)
def test_every_dns_operation_needs_dns_rights(
    connect: Connect, sandbox: Sandbox, name: str
) -> None:
    op = OPERATIONS[name]
    with raises(NoPermission, key=NODNS) as caught:
        op.call(connect(NODNS), name)
    error = caught.value
    assert (error.status, error.message, error.operation, error.path) == (
        403,
        NO_DNS_RIGHTS,
        name,
        op.path,
    )
    assert_key_absent(error, NODNS)
    assert sandbox.requests() == {op.counter: 1}  # a refusal is not retried


def test_the_nodns_key_still_reads_everything_else(nodns_client: FornexClient) -> None:
    assert nodns_client.account_info().name == "Northwind Labs"
    assert nodns_client.vps_status(VPS).status == "on"
    assert len(nodns_client.ssh_keys()) == 3


def test_dns_operations_count() -> None:
    assert sorted(DNS_OPERATIONS) == sorted(
        [
            "dns_domain_list",
            "dns_domain_add",
            "dns_domain_delete",
            "dns_records",
            "dns_record_add",
            "dns_record_update",
            "dns_record_delete",
            "dns_zone_file",
            "domain_change_ns",
        ]
    )
