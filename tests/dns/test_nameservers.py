"""Name servers of domain orders: two or more valid host names, checked before sending."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import AuditEvent
from tests.dns.conftest import posts


def url(connection, order_id: str = "375-13") -> str:
    return reverse("dns:nameservers", args=[connection.pk, order_id])


def test_the_orders_page_lists_the_domain_orders(as_viewer, connection):
    page = as_viewer.get(reverse("dns:orders")).content.decode()
    assert 'data-order="375-13"' in page and 'data-order="375-27"' in page
    assert 'data-order="34-177054"' not in page  # a VPS, not a domain
    assert 'data-testid="change-ns"' not in page  # viewers change nothing


def test_an_admin_changes_the_name_servers(sandbox_api, as_admin, connection):
    response = as_admin.post(
        url(connection),
        {"nameservers": "NS1.example.net.\nns2.example.net", "confirm": "on"},
    )
    assert response.status_code == 302
    assert sandbox_api.count("POST", "change_ns/375-13/") == 1
    event = AuditEvent.objects.get(action="domain.nameservers")
    assert event.detail == {"nameservers": ["ns1.example.net", "ns2.example.net"]}
    assert event.target_id == f"{connection.pk}:375-13"


def test_fewer_than_two_or_invalid_name_servers_are_refused_before_sending(
    sandbox_api, as_admin, connection
):
    for value in (
        "ns1.example.net",
        "ns1.example.net, ns1.example.net",
        "ns1.example.net 10.0.0.1",
        "ns1 ns2",
    ):
        response = as_admin.post(url(connection), {"nameservers": value, "confirm": "on"})
        assert response.status_code == 200, value
        assert b'data-field-error="nameservers"' in response.content, value
    assert posts(sandbox_api) == 0


def test_the_change_needs_the_confirmation_box(sandbox_api, as_admin, connection):
    response = as_admin.post(url(connection), {"nameservers": "ns1.example.net ns2.example.net"})
    assert b'data-field-error="confirm"' in response.content
    assert posts(sandbox_api) == 0


def test_an_order_that_is_not_a_domain_answers_404(as_admin, connection):
    assert as_admin.get(url(connection, "34-177054")).status_code == 404
    assert as_admin.get(url(connection, "999-1")).status_code == 404
    assert as_admin.get(url(connection, "not-an-order")).status_code == 404


def test_a_key_without_dns_rights_gets_the_explanation(sandbox_api, login, admin, nodns_connection):
    response = login(admin).post(
        url(nodns_connection), {"nameservers": "ns1.example.net ns2.example.net", "confirm": "on"}
    )
    assert response.status_code == 200
    assert b'data-testid="no-dns-rights"' in response.content


def _orders_sections(page: str) -> dict[str, str]:
    sections = page.split('data-testid="orders-connection"')[1:]
    return {section.split("</h2>")[0].rsplit(">", 1)[-1].strip(): section for section in sections}


def test_change_name_servers_is_not_offered_once_the_key_is_known_without_dns_rights(
    sandbox_api, login, admin, connection, nodns_connection
):
    client = login(admin)
    client.get(reverse("dns:list"))  # Fornex refuses the nodns key's domain list
    sections = _orders_sections(client.get(reverse("dns:orders")).content.decode())
    assert 'data-testid="change-ns"' in sections[connection.label]
    assert 'data-testid="no-dns-rights"' not in sections[connection.label]
    assert 'data-testid="change-ns"' not in sections[nodns_connection.label]
    assert 'data-testid="no-dns-rights"' in sections[nodns_connection.label]

    page = client.get(url(nodns_connection)).content.decode()
    assert 'data-testid="nameservers-form"' not in page
    assert 'data-testid="no-dns-rights"' in page
    assert 'data-testid="nameservers-form"' in client.get(url(connection)).content.decode()


def test_rights_granted_meanwhile_show_at_the_next_read(
    sandbox_api, login, admin, nodns_connection
):
    from dns import selectors
    from fornexpanel.gateway import Fetched

    client = login(admin)
    client.get(reverse("dns:list"))
    assert selectors.known_without_dns_rights(nodns_connection)
    selectors.note_rights(nodns_connection, Fetched((), None))  # a read that succeeded
    assert not selectors.known_without_dns_rights(nodns_connection)
