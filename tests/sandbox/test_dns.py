"""DNS: records added, edited and deleted show everywhere; domains; name servers; validation."""

from __future__ import annotations

import re

import pytest

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import DOMAIN, DOMAIN_ORDER, call, error, get, post

ENTRIES = f"dns/v0.1/{DOMAIN}/entry_set"


def entries(sandbox: Sandbox, **params: str) -> list[dict]:
    return get(sandbox, f"{ENTRIES}.json", **params)["entry_set"]


def zone(sandbox: Sandbox, name: str = DOMAIN) -> str:
    response = call(sandbox, "GET", f"dns/v0.1/{name}/zone_file/")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
    return response.text


def domain_names(sandbox: Sandbox, **params: str) -> list[str]:
    return [domain["name"] for domain in get(sandbox, "dns/v0.1/domain_list.json", **params)]


def add(sandbox: Sandbox, **record: str) -> int:
    answer = post(sandbox, f"{ENTRIES}/add/", **record)
    assert answer["ok"] is True
    return answer["pk"]


def test_seeded_domains_have_tags_and_every_record_type(sandbox: Sandbox) -> None:
    domains = get(sandbox, "dns/v0.1/domain_list.json")
    assert len(domains) >= 3
    assert sum(1 for domain in domains if domain["tags"]) >= 3
    types = {record["type"] for record in entries(sandbox)}
    assert types == {"A", "AAAA", "TXT", "CNAME", "NS", "MX", "SRV", "CAA"}


def test_an_added_record_shows_in_the_list_the_search_and_the_zone(sandbox: Sandbox) -> None:
    pk = add(sandbox, host="app", type="A", value="198.51.100.7", ttl="300")
    assert {
        "id": pk,
        "host": "app",
        "prio": None,
        "type": "A",
        "ttl": 300,
        "value": "198.51.100.7",
    } in (entries(sandbox))
    assert domain_names(sandbox, q="198.51.100.7") == [DOMAIN]
    assert re.search(r"^app\s+300\s+IN A\s+198\.51\.100\.7$", zone(sandbox), re.M)


def test_an_edited_record_shows_its_new_values(sandbox: Sandbox) -> None:
    pk = add(sandbox, host="app", type="A", value="198.51.100.7")
    answer = post(
        sandbox, f"{ENTRIES}/{pk}/", host="app2", type="A", value="198.51.100.8", ttl="900"
    )
    assert answer == {"ok": True}
    record = next(r for r in entries(sandbox) if r["id"] == pk)
    assert (record["host"], record["value"], record["ttl"]) == ("app2", "198.51.100.8", 900)
    assert domain_names(sandbox, q="198.51.100.7") == []
    assert domain_names(sandbox, q="198.51.100.8") == [DOMAIN]
    assert "198.51.100.7" not in zone(sandbox) and "app2 " in zone(sandbox)


def test_a_deleted_record_is_gone_everywhere(sandbox: Sandbox) -> None:
    pk = add(sandbox, host="gone", type="TXT", value="bye")
    assert post(sandbox, f"{ENTRIES}/{pk}/delete/") == {"ok": True}
    assert pk not in {r["id"] for r in entries(sandbox)}
    assert '"bye"' not in zone(sandbox)
    error(call(sandbox, "POST", f"{ENTRIES}/{pk}/delete/"), 404)


def test_host_at_is_stored_as_empty_and_ttl_defaults_to_null(sandbox: Sandbox) -> None:
    pk = add(sandbox, host="@", type="TXT", value="hello")
    record = next(r for r in entries(sandbox) if r["id"] == pk)
    assert (record["host"], record["ttl"], record["prio"]) == ("", None, None)


def test_the_entry_filter(sandbox: Sandbox) -> None:
    found = entries(sandbox, q="improvmx")
    assert found and all("improvmx" in r["value"] for r in found)
    assert {r["type"] for r in entries(sandbox, q="mx")} >= {"MX"}
    assert entries(sandbox, q="nothing-like-this") == []


def test_domain_search_by_name_part_and_tag(sandbox: Sandbox) -> None:
    assert domain_names(sandbox, q="northwind") == [
        "northwind.io",
        "northwind-labs.com",
        "northwind.dev",
    ]
    assert domain_names(sandbox, tag="production") == ["northwind.io", "northwind-labs.com"]
    assert domain_names(sandbox, tag="staging") == ["nw-staging.net"]
    assert domain_names(sandbox, q="northwind", tag="marketing") == ["northwind-labs.com"]
    assert domain_names(sandbox, q="192.0.2.254") == []


def test_domain_search_by_ip_finds_a_and_aaaa_values(sandbox: Sandbox) -> None:
    web1 = next(o for o in get(sandbox, "orders/list") if o["id"] == "34-177054")["ipaddress_set"]
    ipv4, ipv6 = web1
    assert domain_names(sandbox, q=ipv4) == [DOMAIN]
    assert domain_names(sandbox, q=ipv6) == [DOMAIN]


def test_the_zone_file_is_a_bind_zone(sandbox: Sandbox) -> None:
    text = zone(sandbox)
    assert text.startswith("$TTL 21600\n@ IN SOA ns1.fornex.com. hostmaster.fornex.com. (")
    assert re.search(r"^@\s+\d+\s+IN MX\s+10 mx1\.improvmx\.com\.$", text, re.M)
    assert re.search(r"^_sip\._tcp\s+3600\s+IN SRV\s+10 60 5060 sip\.northwind\.io\.$", text, re.M)
    assert re.search(r'^@\s+\d+\s+IN CAA\s+0 issue "letsencrypt\.org"$', text, re.M)
    assert re.search(r"^lab\s+86400\s+IN NS\s+ns1\.he\.net\.$", text, re.M)
    assert re.search(r"^docs\s+3600\s+IN CNAME\s+northwind\.gitbook\.io\.$", text, re.M)
    dkim = next(line for line in text.splitlines() if line.startswith("mail._domainkey"))
    strings = re.findall(r'"([^"]*)"', dkim)
    assert len(strings) == 2 and len(strings[0]) == 255  # a 2048-bit key needs two strings


def test_txt_values_are_quoted_escaped_and_split(sandbox: Sandbox) -> None:
    add(sandbox, host="quote", type="TXT", value='say "hi" \\ bye')
    add(sandbox, host="long", type="TXT", value="x" * 600)
    text = zone(sandbox)
    assert re.search(r'^quote\s+3600\s+IN TXT\s+"say \\"hi\\" \\\\ bye"$', text, re.M)
    long_line = next(line for line in text.splitlines() if line.startswith("long "))
    assert long_line.endswith(f'"{"x" * 255}" "{"x" * 255}" "{"x" * 90}"')


def test_add_and_delete_a_domain(sandbox: Sandbox) -> None:
    assert post(sandbox, "dns/v0.1/add_domain/", name="New-Site.org", ip="203.0.113.5") == {
        "ok": True,
        "name": "new-site.org",
    }
    created = get(sandbox, "dns/v0.1/domain_list.json", q="new-site")[0]
    assert created["tags"] == []
    assert [(r["host"], r["type"], r["value"]) for r in created["entry_set"]] == [
        ("", "A", "203.0.113.5")
    ]
    assert re.search(r"^@\s+3600\s+IN A\s+203\.0\.113\.5$", zone(sandbox, "new-site.org"), re.M)
    error(call(sandbox, "POST", "dns/v0.1/add_domain/", name="new-site.org", ip="203.0.113.5"), 400)
    assert post(sandbox, "dns/v0.1/new-site.org/delete_domain/") == {"ok": True}
    assert "new-site.org" not in domain_names(sandbox)
    error(call(sandbox, "GET", "dns/v0.1/new-site.org/entry_set.json"), 404)


@pytest.mark.parametrize(
    "params",
    [
        {"name": "", "ip": "203.0.113.5"},
        {"name": "localhost", "ip": "203.0.113.5"},
        {"name": "bad_name.com", "ip": "203.0.113.5"},
        {"name": "ok.com", "ip": "300.1.1.1"},
        {"name": "ok.com"},
    ],
)
def test_add_domain_validates(sandbox: Sandbox, params: dict) -> None:
    error(call(sandbox, "POST", "dns/v0.1/add_domain/", **params), 400)


@pytest.mark.parametrize(
    "record",
    [
        {"host": "a", "type": "A", "value": "1.2.3"},
        {"host": "a", "type": "A", "value": "2001:db8::1"},
        {"host": "a", "type": "AAAA", "value": "192.0.2.1"},
        {"host": "a", "type": "PTR", "value": "x.example.com"},
        {"host": "a", "type": "", "value": "x"},
        {"host": "a", "type": "CNAME", "value": "not a host"},
        {"host": "", "type": "CNAME", "value": "elsewhere.example.com"},
        {"host": "a", "type": "MX", "value": "mx.example.com"},
        {"host": "a", "type": "MX", "value": "mx.example.com", "prio": "high"},
        {"host": "_s._tcp", "type": "SRV", "value": "10 5060", "prio": "1"},
        {"host": "_s._tcp", "type": "SRV", "value": "10 70000 sip.example.com", "prio": "1"},
        {"host": "a", "type": "CAA", "value": "issue letsencrypt.org"},
        {"host": "a", "type": "CAA", "value": '0 policy "x"'},
        {"host": "a", "type": "TXT", "value": ""},
        {"host": "a", "type": "A", "value": "192.0.2.1", "ttl": "301"},
        {"host": "a", "type": "A", "value": "192.0.2.1", "ttl": "soon"},
        {"host": "-bad", "type": "A", "value": "192.0.2.1"},
        {"host": "a..b", "type": "A", "value": "192.0.2.1"},
        {"host": "a b", "type": "A", "value": "192.0.2.1"},
        {"host": "www", "type": "A", "value": "93.184.216.34", "ttl": "600"},  # a duplicate below
    ],
)
def test_records_are_validated(sandbox: Sandbox, record: dict) -> None:
    if record.get("value") == "93.184.216.34":
        add(sandbox, **record)
    error(call(sandbox, "POST", f"{ENTRIES}/add/", **record), 400)


@pytest.mark.parametrize(
    "record",
    [
        {"host": "*", "type": "A", "value": "192.0.2.1", "ttl": "120"},
        {"host": "*.dev", "type": "AAAA", "value": "2001:db8::1", "ttl": "86400"},
        {"host": "_dmarc", "type": "TXT", "value": "v=DMARC1; p=none"},
        {"host": "mail", "type": "MX", "value": "mx.example.com.", "prio": "0"},
        {"host": "_xmpp._tcp", "type": "SRV", "value": "5 5269 xmpp.example.com", "prio": "10"},
        {"host": "", "type": "CAA", "value": '128 issuewild "letsencrypt.org"'},
        {"host": "sub", "type": "NS", "value": "ns1.example.net"},
    ],
)
def test_valid_records_are_accepted(sandbox: Sandbox, record: dict) -> None:
    add(sandbox, **record)


def test_ttl_accepts_only_the_documented_values(sandbox: Sandbox) -> None:
    for ttl in (120, 300, 600, 900, 1800, 3600, 7200, 18000, 43200, 86400):
        add(sandbox, host=f"t{ttl}", type="A", value="192.0.2.1", ttl=str(ttl))
    error(
        call(sandbox, "POST", f"{ENTRIES}/add/", host="t", type="A", value="192.0.2.1", ttl="60"),
        400,
    )


def test_an_edit_is_validated_like_an_add(sandbox: Sandbox) -> None:
    pk = add(sandbox, host="app", type="A", value="198.51.100.7")
    error(call(sandbox, "POST", f"{ENTRIES}/{pk}/", host="app", type="A", value="nope"), 400)
    assert next(r for r in entries(sandbox) if r["id"] == pk)["value"] == "198.51.100.7"


def test_change_ns_stores_two_or_more_names(sandbox: Sandbox) -> None:
    assert post(sandbox, f"change_ns/{DOMAIN_ORDER}/", nss="ns1.company.com, ns2.company.com") == [
        {"ok": True}
    ]
    for nss in ("", "ns1.company.com", "ns1.company.com,not a host", "ns1.a.com,ns1.a.com"):
        error(call(sandbox, "POST", f"change_ns/{DOMAIN_ORDER}/", nss=nss), 400)
    error(call(sandbox, "POST", "change_ns/34-177054/", nss="ns1.a.com,ns2.a.com"), 400)
