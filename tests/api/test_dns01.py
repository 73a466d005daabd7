"""A DNS-01 hook through the panel: exactly the calls acme.sh's dns_fornex makes (dnsapi/
dns_fornex.sh in acmesh-official/acme.sh), over real HTTP, with a token limited to the
`_acme-challenge` TXT records of one domain; and everything else that token is refused."""

from __future__ import annotations

import re

import pytest

from accounts.models import AuditEvent
from api.scopes import DnsLimits, Scopes
from tests.api.conftest import ACME, DOMAIN, OTHER_DOMAIN, VPS, detail
from tests.dns.conftest import find, sandbox_records

FULLDOMAIN = f"_acme-challenge.www.{DOMAIN}"
TXT = "XKrxpRBosdIKFzxW_CT3KLZNf6q0HG9i01zxXp5CPBs"


def normalize_json(text: str) -> str:
    """acme.sh's _normalizeJson, which its GETs go through before it matches text."""
    text = re.sub(r'" *: *(["{\[])', r'":\1', text)
    text = re.sub(r"^ *([^ ])", r"\1", text, flags=re.M)
    return text.replace("\r", "").replace("\n", "")


def record_id_as_acme_finds_it(response_text: str, txtvalue: str) -> str:
    """dns_fornex_rm: _egrep_o '{[^{]*"value"*:*"<txt>"[^}]*}' then sed 's#.*"id":\\([0-9]*\\).*#\\1#p'."""
    block = re.search(r'\{[^{]*"value"*:*"' + re.escape(txtvalue) + r'"[^}]*\}', response_text)
    assert block, response_text
    found = re.search(r'.*"id":([0-9]*)', block.group(0))
    return found.group(1) if found else ""


def acme_token(make_token, member):
    return make_token(
        member, Scopes(dns=DnsLimits(domains=(DOMAIN,), **ACME)), name="acme.sh on web-1"
    )


@pytest.mark.parametrize("dialect", ["legacy", "v2"], indirect=True)
def test_acme_sh_issues_through_the_panel_with_a_challenge_only_token(
    api, operator, make_token, sandbox_api, dialect
):
    token, api.token = acme_token(make_token, operator)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}

    # _get_root: GET dns/domain/?q=<name> for each shorter name, until "name":"<name>" appears.
    roots = []
    for name in (FULLDOMAIN, f"www.{DOMAIN}", DOMAIN):
        response = api.get(f"dns/domain/?q={name}", headers=headers)
        assert response.status_code == 200, response.text
        if f'"name":"{name}"' in normalize_json(response.text):
            roots.append(name)
    assert roots == [DOMAIN]

    # dns_fornex_add: the full name as host, a JSON body written by hand, ttl null.
    body = f'{{"host" : "{FULLDOMAIN}" , "type" : "TXT" , "value" : "{TXT}" , "ttl" : null}}'
    added = api("POST", f"dns/domain/{DOMAIN}/entry_set/", data=body, headers=headers)
    assert added.status_code == 201, added.text
    assert added.json()["host"] == "_acme-challenge.www"
    at_fornex = find(sandbox_records(sandbox_api), type="TXT", value=TXT)
    assert [r["host"] for r in at_fornex] == ["_acme-challenge.www"]

    # dns_fornex_rm: the list without its trailing slash (curl -L follows the 301), then the
    # record's id picked out of the text, then DELETE.
    listed = api.get(f"dns/domain/{DOMAIN}/entry_set?type=TXT&q={FULLDOMAIN}", headers=headers)
    assert [hop.status_code for hop in listed.history] == [301]
    assert listed.history[0].headers["Location"].endswith(f"/entry_set/?type=TXT&q={FULLDOMAIN}")
    assert listed.status_code == 200 and TXT in listed.text
    record_id = record_id_as_acme_finds_it(normalize_json(listed.text), TXT)
    assert record_id == str(at_fornex[0]["id"])
    deleted = api("DELETE", f"dns/domain/{DOMAIN}/entry_set/{record_id}/", headers=headers)
    assert deleted.status_code == 204 and deleted.content == b""
    assert not find(sandbox_records(sandbox_api), type="TXT", value=TXT)

    # Every call is in the audit history, with the token's name and its member.
    calls = AuditEvent.objects.filter(action="api.call").order_by("pk")
    assert [(e.detail["operation"], e.detail["status"]) for e in calls] == [
        ("dns_domain_list", 200),
        ("dns_domain_list", 200),
        ("dns_domain_list", 200),
        ("dns_domain_entry_set_create", 201),
        ("dns_domain_entry_set_list", 200),
        ("dns_domain_entry_set_destroy", 204),
    ]
    assert {(e.actor_id, e.target_label, e.detail["api_token"]) for e in calls} == {
        (operator.pk, token.label, token.label)
    }
    # The changes themselves are recorded as on the DNS pages, naming the token too.
    changes = AuditEvent.objects.filter(action__in=["dns.record.add", "dns.record.delete"])
    assert sorted(e.action for e in changes) == ["dns.record.add", "dns.record.delete"]
    assert {(e.actor_id, e.detail["api_token"], e.outcome) for e in changes} == {
        (operator.pk, token.label, "success")
    }


def test_the_challenge_token_can_do_nothing_else(api, operator, make_token, sandbox_api):
    _token, api.token = acme_token(make_token, operator)
    before = sandbox_records(sandbox_api)

    a_record = {"host": "_acme-challenge", "type": "A", "value": "203.0.113.9", "ttl": None}
    refused = api("POST", f"dns/domain/{DOMAIN}/entry_set/", json=a_record)
    assert (
        refused.status_code == 403 and "“dns”" in detail(refused) and "A records" in detail(refused)
    )

    www = {"host": "www", "type": "TXT", "value": "hello", "ttl": None}
    refused = api("POST", f"dns/domain/{DOMAIN}/entry_set/", json=www)
    assert refused.status_code == 403 and "“www”" in detail(refused)

    txt = {"host": f"_acme-challenge.{OTHER_DOMAIN}", "type": "TXT", "value": "x", "ttl": None}
    refused = api("POST", f"dns/domain/{OTHER_DOMAIN}/entry_set/", json=txt)
    assert refused.status_code == 403 and OTHER_DOMAIN in detail(refused)
    refused = api.get(f"dns/domain/{OTHER_DOMAIN}/entry_set/")
    assert refused.status_code == 403 and "“dns”" in detail(refused)

    refused = api("POST", f"vps/{VPS}/restart/")
    assert refused.status_code == 403 and "“power”" in detail(refused)
    refused = api.get("orders/")
    assert refused.status_code == 403 and "“read”" in detail(refused)

    # The existing records of its own domain it may not touch, nor even see.
    apex_a = next(r for r in before if r["type"] == "A" and r["host"] == "")
    refused = api("DELETE", f"dns/domain/{DOMAIN}/entry_set/{apex_a['id']}/")
    assert refused.status_code == 403
    assert api.get(f"dns/domain/{DOMAIN}/entry_set/").json() == []
    domains = api.get("dns/domain/").json()
    assert [d["name"] for d in domains["results"]] == [DOMAIN]
    assert domains["results"][0]["entry_set"] == []

    assert sandbox_records(sandbox_api) == before
    assert not any(name.startswith(("POST", "PUT", "DELETE")) for name in sandbox_api.requests())
    denied = AuditEvent.objects.filter(action="api.call", outcome="denied")
    assert denied.count() == 7
    assert {e.detail.get("missing_scope") for e in denied} == {"dns", "power", "read"}


def test_a_read_only_token_reads_and_cannot_write(api, viewer, make_token, sandbox_api):
    _token, api.token = make_token(viewer, Scopes(read=True))
    records = api.get(f"dns/domain/{DOMAIN}/entry_set/")
    assert records.status_code == 200 and len(records.json()) == len(sandbox_records(sandbox_api))
    assert api.get("orders/").status_code == 200
    assert api.get(f"vps/{VPS}/status/").json() == {"status": "on"}

    first = records.json()[0]
    body = {"host": "www2", "type": "A", "value": "203.0.113.9", "ttl": None}
    for method, path, payload in (
        ("POST", f"dns/domain/{DOMAIN}/entry_set/", body),
        ("PUT", f"dns/domain/{DOMAIN}/entry_set/{first['id']}/", body),
        ("DELETE", f"dns/domain/{DOMAIN}/entry_set/{first['id']}/", None),
        ("POST", f"vps/{VPS}/restart/", None),
        ("POST", "dns/domain/", {"name": "example.org", "ip": "203.0.113.9"}),
        ("DELETE", f"dns/domain/{DOMAIN}/", None),
    ):
        refused = api(method, path, json=payload)
        assert refused.status_code == 403, (method, path, refused.text)
    assert not any(name.startswith(("POST", "PUT", "DELETE")) for name in sandbox_api.requests())
