"""Ordering a server (v2 only, admins and owners): the form fed by Fornex's catalogues, the summary
with the monthly price, the balance and runway after the order, the confirmation, the operation
that follows the new server until it is up, the audit, and Fornex's refusals in its words."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from operations.models import Operation
from operations.services import operation_poll, operation_send
from tests.vps.conftest import KEY_ALICE, make_connection

State = Operation.State
# SSD Cloud 2GB (9.00), Ubuntu 24.04, the faster disk (+2.00 on 20 GB), backups (3.00 a month)
# and the control panel set-up (15.00 once): 14.00 a month, 29.00 paid now.
CHOICES = {
    "location": "DE",
    "plan": "434",
    "install": "template:41",
    "disk": "2",
    "service_11": "1",
    "service_13": "1",
    "ssh_keys": [str(KEY_ALICE)],
    "name": "web-9",
}


def _url(connection) -> str:
    return reverse("vps:order", args=[connection.pk])


def _text(response) -> str:
    return unescape(response.content.decode())


def test_the_form_offers_the_catalogues_step_by_step(client, v2_connection, admin):
    client.force_login(admin)
    body = _text(client.get(_url(v2_connection)))
    for step in ("1. Location", "2. Plan", "3. What to install", "4. Disk", "5. Extra services"):
        assert step in body
    assert 'value="DE"' in body and "SSD Cloud 2GB" in body
    assert 'value="template:41"' in body and 'value="app:301"' in body
    assert "NVMe Turbo" in body and "Control panel set-up" in body
    assert f'value="{KEY_ALICE}"' in body  # the account's SSH keys
    assert 'id="location-RU" value="RU" disabled' in body  # Fornex marks it unavailable


def test_the_summary_gives_price_balance_and_runway_and_sends_nothing(
    client, v2_connection, admin, sandbox_api
):
    client.force_login(admin)
    response = client.post(_url(v2_connection), {**CHOICES, "step": "review"})
    body = _text(response)
    assert response.status_code == 200
    assert 'data-testid="monthly-price">€14.00' in body or "14.00" in body
    assert "29.00" in body  # paid now
    assert "62.00" in body  # 91.00 - 29.00 left on the balance
    assert 'data-testid="runway-after"' in body and "days" in body
    assert sandbox_api.count("POST", "/api/orders/vps/") == 0
    assert 'name="step" value="confirm"' in body
    assert '<input type="hidden" name="plan" value="434">' in body


def test_confirming_orders_audits_and_follows_the_server_until_it_is_up(
    client, v2_connection, admin, sandbox_api, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(_url(v2_connection), {**CHOICES, "step": "confirm"})
    op = Operation.objects.get(kind="vps.order")
    assert response.status_code == 302
    assert response["Location"] == reverse("operations:detail", args=[op.pk])
    assert sandbox_api.count("POST", "/api/orders/vps/") == 1
    order_id = op.params["order_id"]
    event = AuditEvent.objects.get(action="vps.order", outcome="success")
    assert event.target_id == f"{v2_connection.pk}:{order_id}"
    assert event.detail["monthly"] == "14.00" and event.detail["first_payment"] == "29.00"
    operation_send(op.pk)
    op = operation_poll(op.pk)
    assert op.state == State.SENT  # pending at Fornex
    sandbox_api.advance(5)
    op = operation_poll(op.pk)
    assert op.state == State.DONE and "is up" in op.message
    page = client.get(reverse("vps:list") + "?refresh=1")
    assert "web-9" in _text(page)
    from fornexpanel.fornex import make_client

    with make_client("v2", sandbox_api.FULL_KEY, sandbox_api.api_url) as fornex:
        assert fornex.account_balance().amount == Decimal("62.00")


def test_ordering_switched_off_is_shown_in_fornexs_words_with_what_to_do(
    client, team, admin, sandbox_api
):
    restricted = make_connection(team, sandbox_api.NODNS_KEY, "v2", label="Restricted")
    client.force_login(admin)
    response = client.post(_url(restricted), {**CHOICES, "ssh_keys": [], "step": "confirm"})
    body = _text(response)
    assert response.status_code == 200
    assert 'class="fornex-words"' in body
    assert "not available for your account" in body
    assert "ask Fornex's support" in body
    assert not Operation.objects.exists()
    assert AuditEvent.objects.get(action="vps.order").outcome == "failure"


def test_too_little_balance_is_warned_and_fornexs_refusal_shown(client, v2_connection, admin):
    client.force_login(admin)
    big = {**CHOICES, "plan": "438", "install": "template:41"}  # 129.00 a month > 91.00
    review = _text(client.post(_url(v2_connection), {**big, "step": "review"}))
    assert 'data-testid="too-little-balance"' in review
    body = _text(client.post(_url(v2_connection), {**big, "step": "confirm"}))
    assert "Insufficient funds" in body and "Top up the account's balance" in body
    assert not Operation.objects.exists()


def test_a_template_the_plan_is_too_small_for_is_refused_before_fornex(
    client, v2_connection, admin, sandbox_api
):
    client.force_login(admin)
    small = {**CHOICES, "plan": "433", "install": "template:52"}  # Windows on 1 GB
    response = client.post(_url(v2_connection), {**small, "step": "confirm"})
    assert response.status_code == 200
    assert 'data-field-error="install"' in response.content.decode()
    assert sandbox_api.count("POST", "/api/orders/vps/") == 0


@pytest.mark.parametrize(
    "bad",
    [{"plan": "nope"}, {"location": "XX"}, {"install": "template:1"}, {"service_11": "-1"}],
)
def test_malformed_choices_are_a_form_error_not_a_500(client, v2_connection, admin, bad):
    client.force_login(admin)
    response = client.post(_url(v2_connection), {**CHOICES, **bad, "step": "confirm"})
    assert response.status_code == 200
    assert not Operation.objects.exists()


def test_change_goes_back_to_the_form_with_the_choices(client, v2_connection, admin):
    client.force_login(admin)
    body = _text(client.post(_url(v2_connection), {**CHOICES, "step": "choose"}))
    assert 'data-testid="order-form"' in body
    assert 'value="template:41" checked' in body


def test_operators_may_not_order(client, v2_connection, operator):
    client.force_login(operator)
    assert client.get(_url(v2_connection)).status_code == 403
    assert client.post(_url(v2_connection), {**CHOICES, "step": "confirm"}).status_code == 403


def test_a_legacy_connection_says_it_needs_v2(client, legacy_connection, admin, sandbox_api):
    client.force_login(admin)
    response = client.get(_url(legacy_connection))
    assert response.status_code == 200 and "v2" in response.content.decode()
    response = client.post(_url(legacy_connection), {**CHOICES, "step": "confirm"})
    assert response.status_code == 302
    assert sandbox_api.count("POST", "/api/orders/vps/") == 0


def test_the_start_goes_straight_to_the_only_connection(client, v2_connection, admin):
    client.force_login(admin)
    response = client.get(reverse("vps:order_start"))
    assert response.status_code == 302 and response["Location"] == _url(v2_connection)


def test_another_teams_connection_is_404(client, other_connection, admin):
    client.force_login(admin)
    assert client.get(_url(other_connection)).status_code == 404


# Point 7: the server's configuration on its page.


def test_the_vps_page_shows_its_configuration(client, v2_connection, viewer):
    client.force_login(viewer)
    body = _text(client.get(reverse("vps:detail", args=[v2_connection.pk, "34-177054"])))
    assert 'data-testid="configuration"' in body
    assert 'data-testid="config-cpu">1 · x86_64' in body or 'data-testid="config-cpu">' in body
    assert 'data-testid="config-ram">' in body and 'data-testid="config-disk">' in body
    assert "Fornex's API does not tell" in body  # nothing installed through the panel yet


def test_the_dedicated_server_page_shows_its_hardware(client, v2_connection, viewer):
    client.force_login(viewer)
    body = _text(client.get(reverse("vps:detail", args=[v2_connection.pk, "34-1234"])))
    assert "Intel Xeon E3-1270 (4×3.4Ghz)" in body  # DS XeonSAS
    assert "4 × 300 GB SAS 15k" in body
    assert 'data-testid="config-ram">16 GB' in body


def test_a_legacy_connection_says_the_configuration_needs_v2(client, legacy_connection, viewer):
    client.force_login(viewer)
    body = _text(client.get(reverse("vps:detail", args=[legacy_connection.pk, "34-177054"])))
    assert 'data-testid="configuration-needs-v2"' in body


def test_an_unreadable_configuration_leaves_the_page_up(client, v2_connection, viewer, sandbox_api):
    sandbox_api.fault(path=r"^/api/orders/vps/34-177054/$", status=500)
    client.force_login(viewer)
    response = client.get(reverse("vps:detail", args=[v2_connection.pk, "34-177054"]))
    assert response.status_code == 200
    assert 'data-testid="configuration"' in response.content.decode()


# Point 10: every server page looks its order up with the per-order read.


def test_server_pages_read_their_order_alone_not_the_whole_list(
    client, v2_connection, viewer, sandbox_api
):
    sandbox_api.fault(path=r"^/api/orders/$", status=500)
    client.force_login(viewer)
    response = client.get(reverse("vps:detail", args=[v2_connection.pk, "34-177054"]))
    assert response.status_code == 200
    assert sandbox_api.count("GET", "/api/orders/34-177054/") >= 1
    assert sandbox_api.count("GET", "/api/orders/") == 0


def test_an_order_fornex_does_not_know_is_404(client, v2_connection, viewer):
    client.force_login(viewer)
    response = client.get(reverse("vps:detail", args=[v2_connection.pk, "34-999999"]))
    assert response.status_code == 404


def test_the_servers_list_shows_each_servers_configuration(client, v2_connection, viewer):
    client.force_login(viewer)
    body = _text(client.get(reverse("vps:list")))
    assert body.count('data-testid="row-configuration"') >= 2
    assert "4 × 300 GB SAS 15k" in body  # the dedicated server's disks


def test_the_servers_list_stands_when_the_lists_by_type_fail(
    client, v2_connection, viewer, sandbox_api
):
    sandbox_api.fault(path=r"^/api/orders/(vps|ds)/$", status=500)
    client.force_login(viewer)
    response = client.get(reverse("vps:list"))
    assert response.status_code == 200
    assert 'data-testid="row-configuration"' not in response.content.decode()


# Point 10: what v2 lacks is said, and no legacy path is asked on a v2 connection.


def test_the_vpn_page_on_v2_says_there_is_no_config_to_download(
    client, v2_connection, operator, sandbox_api
):
    client.force_login(operator)
    body = _text(client.get(reverse("vps:detail", args=[v2_connection.pk, "301-12312"])))
    assert 'data-testid="vpn-config-lacking"' in body and 'data-testid="vpn-udp"' not in body
    response = client.get(
        reverse("vps:vpn_config", args=[v2_connection.pk, "301-12312", "udp"]), follow=True
    )
    text = _text(response)
    assert "has no VPN configuration download" in text
    assert "does not know this object" not in text
    assert sandbox_api.count("GET", "/api/vpn/301-12312/config-udp.ovpn") == 0


def test_the_inodes_graph_on_v2_is_said_missing_not_asked(
    client, v2_connection, viewer, sandbox_api
):
    client.force_login(viewer)
    body = _text(client.get(reverse("vps:detail", args=[v2_connection.pk, "34-177054"])))
    assert 'data-testid="chart-inodes"' not in body and 'data-testid="stats-missing"' in body
    data = client.get(reverse("vps:stats", args=[v2_connection.pk, "34-177054", "inodes"]))
    assert "has no inode statistics" in data.json()["error"]
    assert not any(path.startswith("GET /api/vps_stat/") for path in sandbox_api.requests())


def test_the_vpn_plans_on_v2_say_what_happened(client, v2_connection, viewer, sandbox_api):
    client.force_login(viewer)
    body = _text(client.get(reverse("billing:plans", args=["vpn"])))
    assert "has no VPN plan catalogue" in body
    assert "does not know this object" not in body
    assert sandbox_api.count("GET", "/api/plans/vpn") == 0


def test_extra_services_and_disks_are_priced_with_the_currency(client, v2_connection, admin):
    client.force_login(admin)
    body = _text(client.get(_url(v2_connection)))
    assert "3.00 EUR a month" in body  # backups
    assert "15.00 EUR once" in body  # the control panel set-up
    assert re.search(r"\d\.\d\d+ EUR per GB a month", body)
