"""Adding, editing and deleting records now, per type, against the sandbox over HTTP: valid
values reach Fornex as the panel normalised them; invalid ones are refused on the right field
and never sent."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from dns.forms import fornex_error_field
from tests.dns.conftest import DOMAIN, find, posts, sandbox_records

FIELD_ERRORS = r'data-field-error="(\w+)"'


def add_url(connection) -> str:
    return reverse("dns:record_add", args=[connection.pk, DOMAIN])


def record_id(sandbox, **fields) -> int:
    return find(sandbox_records(sandbox), **fields)[0]["id"]


VALID = [
    (
        "A",
        {"host": "app", "value": " 198.51.100.7 ", "ttl": "300"},
        {"host": "app", "value": "198.51.100.7", "ttl": 300, "prio": None},
    ),
    (
        "AAAA",
        {"host": "app6", "value": "2001:DB8:0:0::1", "ttl": "3600"},
        {"host": "app6", "value": "2001:db8::1", "ttl": 3600},
    ),
    (
        "CNAME",
        {"host": "Shop", "value": "shops.example.net.", "ttl": "600"},
        {"host": "shop", "value": "shops.example.net"},
    ),
    (
        "CNAME",
        {"host": "ru", "value": "пример.рф", "ttl": "600"},
        {"host": "ru", "value": "xn--e1afmkfd.xn--p1ai"},
    ),
    (
        "MX",
        {"host": "@", "value": "mx3.example.com", "prio": "30", "ttl": "3600"},
        {"host": "", "value": "mx3.example.com", "prio": 30},
    ),
    (
        "TXT",
        {"host": "_acme", "value": '"hello world"', "ttl": "120"},
        {"host": "_acme", "value": "hello world", "ttl": 120},
    ),
    (
        "NS",
        {"host": "dev", "value": "ns1.example.net", "ttl": "86400"},
        {"host": "dev", "value": "ns1.example.net", "ttl": 86400},
    ),
    (
        "SRV",
        {
            "host": "_xmpp._tcp",
            "prio": "5",
            "weight": "10",
            "port": "5222",
            "target": "xmpp.example.com",
            "ttl": "3600",
        },
        {"host": "_xmpp._tcp", "value": "10 5222 xmpp.example.com", "prio": 5},
    ),
    (
        "CAA",
        {
            "host": "@",
            "caa_flags": "0",
            "caa_tag": "issuewild",
            "caa_value": "letsencrypt.org",
            "ttl": "3600",
        },
        {"host": "", "value": '0 issuewild "letsencrypt.org"'},
    ),
    (
        "CAA",
        {
            "host": "@",
            "caa_flags": "128",
            "caa_tag": "iodef",
            "caa_value": "mailto:abuse@northwind.io",
            "ttl": "3600",
        },
        {"host": "", "value": '128 iodef "mailto:abuse@northwind.io"'},
    ),
]


@pytest.mark.parametrize(("rtype", "form", "stored"), VALID, ids=[case[0] for case in VALID])
def test_a_valid_record_of_each_type_is_added_at_fornex(
    sandbox_api, as_operator, connection, rtype, form, stored
):
    response = as_operator.post(add_url(connection), {"type": rtype, "mode": "now", **form})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("dns:domain", args=[connection.pk, DOMAIN])
    assert find(sandbox_records(sandbox_api), type=rtype, **stored)
    event = AuditEvent.objects.get(action="dns.record.add")
    assert event.outcome == "success"
    assert event.target_type == "dns_record"
    assert re.fullmatch(rf"{connection.pk}:{DOMAIN}:\d+", event.target_id)


INVALID = [
    ("A", {"host": "app", "value": "2001:db8::1"}, "value", "AAAA record"),
    ("A", {"host": "app", "value": "300.1.2.3"}, "value", "IPv4"),
    ("A", {"host": "bad host", "value": "198.51.100.7"}, "host", "spaces"),
    ("A", {"host": "-app", "value": "198.51.100.7"}, "host", "hyphen"),
    ("A", {"host": "a..b", "value": "198.51.100.7"}, "host", "empty part"),
    ("A", {"host": "www.northwind.io", "value": "198.51.100.7"}, "host", "relative"),
    ("A", {"host": "x.example.org.", "value": "198.51.100.7"}, "host", "not inside"),
    ("A", {"host": "app", "value": "198.51.100.7", "ttl": "301"}, "ttl", ""),
    ("A", {"host": "docs", "value": "198.51.100.7"}, "host", "CNAME"),
    ("AAAA", {"host": "app", "value": "198.51.100.7"}, "value", "A record"),
    ("AAAA", {"host": "app", "value": "2001:db8::g"}, "value", "IPv6"),
    ("CNAME", {"host": "@", "value": "app.example.net"}, "host", "domain itself"),
    ("CNAME", {"host": "www", "value": "app.example.net"}, "host", "only record"),
    ("CNAME", {"host": "docs", "value": "app.example.net"}, "host", "only record"),
    ("CNAME", {"host": "shop", "value": "198.51.100.7"}, "value", "IP address"),
    ("CNAME", {"host": "shop", "value": "localhost"}, "value", "full host name"),
    ("MX", {"host": "@", "value": "mx3.example.com"}, "prio", "priority"),
    ("MX", {"host": "@", "value": "mx3.example.com", "prio": "70000"}, "prio", "65535"),
    ("MX", {"host": "@", "value": "mx3.example.com", "prio": "ten"}, "prio", "whole number"),
    ("MX", {"host": "@", "value": "mail", "prio": "10"}, "value", "full host name"),
    ("TXT", {"host": "@", "value": ""}, "value", "text"),
    ("TXT", {"host": "@", "value": "x" * 1025}, "value", "1024"),
    ("TXT", {"host": "@", "value": "two\nlines"}, "value", "line breaks"),
    (
        "TXT",
        {"host": "_dmarc", "value": "v=DMARC1; p=quarantine; rua=mailto:dmarc@northwind.io"},
        "value",
        "exists already",
    ),
    ("NS", {"host": "@", "value": "ns1.example.net"}, "host", "name servers"),
    ("NS", {"host": "dev", "value": "ns1"}, "value", "full host name"),
    ("SRV", {"host": "sip", "prio": "1", "weight": "1", "port": "5060", "target": "sip.example.com"}, "host", "_sip._tcp"),
    ("SRV", {"host": "_sip._udp", "prio": "1", "weight": "1", "port": "http", "target": "sip.example.com"}, "port", "whole number"),
    ("SRV", {"host": "_sip._udp", "prio": "1", "weight": "", "port": "5060", "target": "sip.example.com"}, "weight", "whole number"),
    ("SRV", {"host": "_sip._udp", "prio": "1", "weight": "1", "port": "5060", "target": "10.0.0.1"}, "target", "IP address"),
    ("SRV", {"host": "_sip._udp", "prio": "", "weight": "1", "port": "5060", "target": "sip.example.com"}, "prio", "priority"),
    ("CAA", {"host": "@", "caa_flags": "0", "caa_tag": "issuer", "caa_value": "letsencrypt.org"}, "caa_tag", ""),
    ("CAA", {"host": "@", "caa_flags": "256", "caa_tag": "issue", "caa_value": "letsencrypt.org"}, "caa_flags", "255"),
    ("CAA", {"host": "@", "caa_flags": "0", "caa_tag": "issue", "caa_value": "not a domain!"}, "caa_value", "certificate authority"),
    ("CAA", {"host": "@", "caa_flags": "0", "caa_tag": "iodef", "caa_value": "security@example.com"}, "caa_value", "mailto:"),
    ("CAA", {"host": "@", "caa_flags": "0", "caa_tag": "issue", "caa_value": 'a"b.com'}, "caa_value", "quotes"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rtype", "form", "field", "words"),
    INVALID,
    ids=[f"{case[0]}-{case[2]}-{index}" for index, case in enumerate(INVALID)],
)
def test_an_invalid_record_is_refused_on_its_field_and_never_sent(
    sandbox_api, as_operator, connection, rtype, form, field, words
):
    before = sandbox_records(sandbox_api)
    sent_before = posts(sandbox_api)
    data = {"type": rtype, "ttl": "3600", "mode": "now", **form}
    response = as_operator.post(add_url(connection), data)
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.findall(rf'data-field-error="{field}">([^<]*)<', page)
    assert errors, f"no error on {field}: {re.findall(FIELD_ERRORS, page)}"
    assert words.lower() in " ".join(errors).lower().replace("&#x27;", "'")
    assert posts(sandbox_api) == sent_before
    assert sandbox_records(sandbox_api) == before
    assert not AuditEvent.objects.filter(action="dns.record.add").exists()


def test_the_add_form_starts_with_the_type_asked_for_and_the_default_ttl(as_operator, connection):
    page = as_operator.get(add_url(connection) + "?type=MX").content.decode()
    assert re.search(r'<option value="MX" selected>', page)
    assert re.search(r'<option value="3600" selected>', page)
    # Only the fields an MX record uses are shown; the others wait hidden for the script.
    assert re.search(r'class="typed-field" data-types="MX SRV"', page)
    assert re.search(r'class="typed-field d-none" data-types="SRV"', page)


def test_an_edited_record_has_its_new_values_at_fornex(sandbox_api, as_operator, connection):
    pk = record_id(sandbox_api, host="api", type="A")
    url = reverse("dns:record_edit", args=[connection.pk, DOMAIN, pk])
    response = as_operator.post(
        url, {"type": "A", "host": "api", "value": "203.0.113.50", "ttl": "900", "mode": "now"}
    )
    assert response.status_code == 302
    record = find(sandbox_records(sandbox_api), id=pk)[0]
    assert (record["value"], record["ttl"]) == ("203.0.113.50", 900)
    event = AuditEvent.objects.get(action="dns.record.update")
    assert event.target_id == f"{connection.pk}:{DOMAIN}:{pk}"
    assert event.detail["after"]["value"] == "203.0.113.50"
    assert event.detail["before"]["value"] != "203.0.113.50"


def test_an_edit_form_splits_srv_and_caa_values_into_their_fields(
    sandbox_api, as_operator, connection
):
    srv = record_id(sandbox_api, type="SRV", host="_sip._tcp")
    page = as_operator.get(reverse("dns:record_edit", args=[connection.pk, DOMAIN, srv]))
    html = page.content.decode()
    assert 'name="weight" value="60"' in html
    assert 'name="port" value="5060"' in html
    assert 'name="target" value="sip.northwind.io"' in html
    caa = find(sandbox_records(sandbox_api), type="CAA")[0]["id"]
    html = as_operator.get(reverse("dns:record_edit", args=[connection.pk, DOMAIN, caa])).content
    assert b'name="caa_value" value="letsencrypt.org"' in html


def test_editing_a_cname_keeps_its_own_host_free_of_conflict(sandbox_api, as_operator, connection):
    pk = record_id(sandbox_api, host="docs", type="CNAME")
    url = reverse("dns:record_edit", args=[connection.pk, DOMAIN, pk])
    data = {"type": "CNAME", "host": "docs", "value": "docs.example.org", "ttl": "600"}
    response = as_operator.post(url, {**data, "mode": "now"})
    assert response.status_code == 302
    assert find(sandbox_records(sandbox_api), id=pk)[0]["value"] == "docs.example.org"


def test_a_deleted_record_is_gone_at_fornex(sandbox_api, as_operator, connection):
    pk = record_id(sandbox_api, host="db", type="A")
    url = reverse("dns:record_delete", args=[connection.pk, DOMAIN, pk])
    page = as_operator.get(url)
    assert page.status_code == 200 and b"Delete now" in page.content
    assert find(sandbox_records(sandbox_api), id=pk)
    response = as_operator.post(url, {"mode": "now"})
    assert response.status_code == 302
    assert not find(sandbox_records(sandbox_api), id=pk)
    assert AuditEvent.objects.get(action="dns.record.delete").target_id.endswith(f":{pk}")


def test_a_record_fornex_refuses_shows_fornex_s_reason_on_the_form(
    sandbox_api, as_operator, connection
):
    sandbox_api.fault(path="entry_set/add/", status=400, times=1)
    response = as_operator.post(
        add_url(connection),
        {"type": "A", "host": "app", "value": "198.51.100.9", "ttl": "600", "mode": "now"},
    )
    assert response.status_code == 200
    assert b"Fornex refused" in response.content
    failure = AuditEvent.objects.get(action="dns.record.add")
    assert failure.outcome == "failure"


def test_an_unclear_answer_says_the_change_may_have_been_applied(
    sandbox_api, as_operator, connection
):
    sandbox_api.fault(path="entry_set/add/", status=502, times=1)
    response = as_operator.post(
        add_url(connection),
        {"type": "A", "host": "app", "value": "198.51.100.9", "ttl": "600", "mode": "now"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(f"/{DOMAIN}/?refresh=1")
    assert b"may or may not have been applied" in response.content
    assert AuditEvent.objects.get(action="dns.record.add").detail["uncertain"] is True


def test_a_record_that_vanished_at_fornex_answers_404(sandbox_api, as_operator, connection):
    response = as_operator.get(reverse("dns:record_edit", args=[connection.pk, DOMAIN, 1]))
    assert response.status_code == 404


def test_a_viewer_sees_a_record_and_its_history_but_no_edit_buttons(
    sandbox_api, as_operator, connection, login, viewer
):
    pk = record_id(sandbox_api, host="api", type="A")
    as_operator.post(
        reverse("dns:record_edit", args=[connection.pk, DOMAIN, pk]),
        {"type": "A", "host": "api", "value": "203.0.113.51", "ttl": "600", "mode": "now"},
    )
    client = login(viewer)
    page = client.get(reverse("dns:record", args=[connection.pk, DOMAIN, pk])).content.decode()
    assert "203.0.113.51" in page
    assert 'data-action="dns.record.update"' in page
    assert reverse("dns:record_edit", args=[connection.pk, DOMAIN, pk]) not in page


def test_fornex_s_reason_is_put_on_the_field_it_names():
    fields = ("host", "type", "value", "ttl", "prio")
    assert fornex_error_field("Invalid ttl '5': must be one of 120, 300", fields) == "ttl"
    assert fornex_error_field("Invalid host 'a b': use '@'", fields) == "host"
    assert fornex_error_field("prio is required for MX records", fields) == "prio"
    assert fornex_error_field("Invalid ip '1.2': expected", fields) is None
    assert fornex_error_field("This record already exists", fields) is None
