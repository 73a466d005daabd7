"""The domains page and a domain's page: listing, search, tags, sorting, adding, deleting, and
the explanation for a key without DNS rights."""

from __future__ import annotations

import re

from django.urls import reverse

from accounts.models import AuditEvent
from dns.models import StagedChange
from tests.dns.conftest import DOMAIN, posts, sandbox_records


def domain_names(html: str) -> list[str]:
    return re.findall(r'data-testid="domain-row" data-domain="([^"]+)"', html)


def test_the_list_shows_the_domains_with_record_counts_and_tags(as_viewer, connection):
    page = as_viewer.get(reverse("dns:list")).content.decode()
    assert domain_names(page) == [
        "northwind-labs.com",
        "northwind.dev",
        "northwind.io",
        "nw-staging.net",
    ]
    row = re.search(r'data-domain="northwind.io">(.*?)</tr>', page, re.S)[1]
    assert ">18<" in row  # records
    assert ">production<" in row  # tag
    assert 'data-testid="freshness"' in page


def test_searching_by_ip_and_filtering_by_tag_ask_fornex(sandbox_api, as_viewer, connection):
    apex = next(r for r in sandbox_records(sandbox_api, "nw-staging.net") if r["host"] == "")
    page = as_viewer.get(reverse("dns:list"), {"q": apex["value"]}).content.decode()
    assert domain_names(page) == ["nw-staging.net"]
    page = as_viewer.get(reverse("dns:list"), {"tag": "marketing"}).content.decode()
    assert domain_names(page) == ["northwind-labs.com"]
    # The tag filter still offers every tag of the account.
    assert '<option value="staging">' in page
    page = as_viewer.get(reverse("dns:list"), {"q": "nothing-like-this"}).content.decode()
    assert domain_names(page) == [] and "No domain matches" in page


def test_domains_can_be_sorted_by_record_count(as_viewer, connection):
    page = as_viewer.get(reverse("dns:list"), {"sort": "-records"}).content.decode()
    assert domain_names(page)[0] == "northwind.io"
    assert domain_names(page)[-1] == "northwind.dev"


def test_a_team_with_several_connections_sees_the_domains_of_each(
    as_viewer, connection, nodns_connection
):
    page = as_viewer.get(reverse("dns:list")).content.decode()
    assert page.count('data-testid="dns-connection"') == 2
    assert "northwind.io" in page


def test_a_key_without_dns_rights_gets_the_explanation_not_an_error(
    login, viewer, nodns_connection
):
    client = login(viewer)
    page = client.get(reverse("dns:list"))
    assert page.status_code == 200
    assert b'data-testid="no-dns-rights"' in page.content
    assert b"Fornex support" in page.content
    for name in ("dns:domain", "dns:zone", "dns:plan"):
        response = client.get(reverse(name, args=[nodns_connection.pk, DOMAIN]))
        assert response.status_code == 200, name
        assert b'data-testid="no-dns-rights"' in response.content, name


def test_a_write_with_a_key_without_dns_rights_explains_too(login, admin, nodns_connection):
    response = login(admin).post(
        reverse("dns:domain_add", args=[nodns_connection.pk]),
        {"name": "new-site.com", "ip": "198.51.100.20"},
    )
    assert response.status_code == 200
    assert b'data-testid="no-dns-rights"' in response.content
    event = AuditEvent.objects.get(action="dns.domain.add")
    assert event.outcome == "failure" and event.detail["error"] == "NoPermission"


def test_the_domain_page_groups_records_by_type(as_viewer, connection):
    page = as_viewer.get(reverse("dns:domain", args=[connection.pk, DOMAIN])).content.decode()
    groups = re.findall(r'data-testid="record-group" data-type="(\w+)"', page)
    assert groups == ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"]
    assert page.count('data-testid="record-row"') == 18
    assert "mx1.improvmx.com" in page
    assert 'data-testid="edit-record"' not in page  # a viewer changes nothing


def test_another_teams_connection_or_an_unknown_domain_answers_404(
    as_viewer, connection, other_connection
):
    assert (
        as_viewer.get(reverse("dns:domain", args=[other_connection.pk, DOMAIN])).status_code == 404
    )
    response = as_viewer.get(reverse("dns:domain", args=[connection.pk, "no-such-domain.com"]))
    assert response.status_code == 404
    assert b"Fornex does not know this domain" in response.content
    assert (
        as_viewer.get(reverse("dns:domain", args=[connection.pk, "not_a_domain"])).status_code
        == 404
    )


def test_an_admin_adds_a_domain(sandbox_api, as_admin, connection):
    response = as_admin.post(
        reverse("dns:domain_add", args=[connection.pk]),
        {"name": "New-Site.com.", "ip": "198.51.100.20"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dns:domain", args=[connection.pk, "new-site.com"])
    assert sandbox_records(sandbox_api, "new-site.com")[0]["value"] == "198.51.100.20"
    # The list is not served from a stale cache.
    page = as_admin.get(reverse("dns:list")).content.decode()
    assert "new-site.com" in domain_names(page)
    event = AuditEvent.objects.get(action="dns.domain.add", outcome="success")
    assert event.target_id == f"{connection.pk}:new-site.com"


def test_an_invalid_domain_is_refused_before_fornex_is_asked(sandbox_api, as_admin, connection):
    response = as_admin.post(
        reverse("dns:domain_add", args=[connection.pk]), {"name": "localhost", "ip": "1.2.3"}
    )
    assert response.status_code == 200
    assert b'data-field-error="name"' in response.content
    assert b'data-field-error="ip"' in response.content
    assert posts(sandbox_api) == 0


def test_deleting_a_domain_needs_its_name_typed(sandbox_api, as_admin, connection, admin):
    url = reverse("dns:domain_delete", args=[connection.pk, "northwind.dev"])
    StagedChange.objects.create(
        team=connection.team, connection=connection, domain="northwind.dev",
        action="add", host="x", type="A", value="198.51.100.1", created_by=admin,
    )  # fmt: skip
    page = as_admin.get(url)
    assert b"All 3 of its records" in page.content
    wrong = as_admin.post(url, {"confirm": "northwind.io"})
    assert wrong.status_code == 200 and b'data-field-error="confirm"' in wrong.content
    assert posts(sandbox_api) == 0
    right = as_admin.post(url, {"confirm": "northwind.dev"})
    assert right.status_code == 302
    names = [d["name"] for d in requests_domains(sandbox_api)]
    assert "northwind.dev" not in names
    assert not StagedChange.objects.exists()
    event = AuditEvent.objects.get(action="dns.domain.delete")
    assert event.detail == {"staged_changes_dropped": 1}


def requests_domains(sandbox) -> list[dict]:
    import requests

    response = requests.get(
        f"{sandbox.api_url}/dns/v0.1/domain_list.json",
        params={"apikey": sandbox.FULL_KEY},
        timeout=10,
    )
    return response.json()


def test_when_fornex_is_down_the_domain_page_says_so(sandbox_api, as_viewer, connection):
    sandbox_api.fault(path="entry_set.json", status=503)
    response = as_viewer.get(reverse("dns:domain", args=[connection.pk, DOMAIN]))
    assert response.status_code == 503
    assert b"Fornex is not answering" in response.content


def test_a_cached_zone_is_shown_with_a_stale_banner_when_fornex_fails(
    sandbox_api, as_viewer, connection
):
    url = reverse("dns:domain", args=[connection.pk, DOMAIN])
    as_viewer.get(url)
    sandbox_api.fault(path="entry_set.json", status=503)
    response = as_viewer.get(url + "?refresh=1")
    assert response.status_code == 200
    assert b'data-testid="stale-banner"' in response.content


def test_the_add_domain_form_is_not_offered_once_the_key_is_known_without_dns_rights(
    login, admin, connection, nodns_connection
):
    client = login(admin)
    page = client.get(reverse("dns:list")).content.decode()  # Fornex refuses the nodns key
    sections = {
        int(re.search(r'data-connection="(\d+)"', s).group(1)): s
        for s in page.split('data-testid="dns-connection"')[1:]
    }
    assert 'data-testid="add-domain"' in sections[connection.pk]
    assert 'data-testid="add-domain"' not in sections[nodns_connection.pk]
    page = client.get(reverse("dns:domain_add", args=[nodns_connection.pk])).content.decode()
    assert 'data-testid="domain-form"' not in page
    assert 'data-testid="no-dns-rights"' in page
    page = client.get(reverse("dns:domain_add", args=[connection.pk])).content.decode()
    assert 'data-testid="domain-form"' in page
    assert 'data-testid="no-dns-rights"' not in page


def test_the_domain_page_shows_the_history_of_the_domain_and_its_records_only(
    as_viewer, connection, team, admin
):
    from accounts.audit import audit_record

    target = f"{connection.pk}:{DOMAIN}"
    for action, target_type, target_id in [
        ("dns.record.create", "dns_record", f"{target}:7"),
        ("dns.domain.create", "domain", target),
        ("dns.record.delete", "dns_record", f"{target}x:8"),  # another domain, the same start
        ("dns.record.update", "dns_record", f"{connection.pk}:a%b:9"),
    ]:
        audit_record(
            action=action, actor=admin, team=team, target_type=target_type, target_id=target_id
        )
    body = as_viewer.get(reverse("dns:domain", args=[connection.pk, DOMAIN])).content.decode()
    shown = re.findall(r'data-testid="history-row" data-action="([^"]+)"', body)
    assert shown == ["dns.domain.create", "dns.record.create"]
