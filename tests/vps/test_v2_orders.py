"""Order details and cancellation (v2 only): the cancel mark on the order page, cancelling and
removing the mark (admins and above, confirmed, audited, caches forgotten), refusals in words."""

from __future__ import annotations

import re
from html import unescape

import pytest

from accounts.models import AuditEvent
from fornexpanel.fornex import make_client
from tests.vps.conftest import VPN, VPS, vps_url


@pytest.fixture
def fornex(sandbox_api):
    with make_client("v2", sandbox_api.FULL_KEY, sandbox_api.api_url) as client:
        yield client


def _text(response) -> str:
    return unescape(response.content.decode())


def _follow(client, url, data=None):
    response = client.post(url, data or {}, follow=True)
    assert response.redirect_chain[0][1] == 302
    return _text(response)


def test_the_order_page_shows_what_v2s_order_details_give(client, v2_connection, viewer):
    client.force_login(viewer)
    body = _text(client.get(vps_url("detail", v2_connection)))
    assert 'data-testid="renewal"' in body
    assert "renews as usual" in body
    assert 'data-testid="order-project"' in body
    # Viewers see the facts but no way to cancel.
    assert "action-cancel" not in body


def test_admins_are_offered_the_cancellation_and_operators_are_not(
    client, v2_connection, admin, operator
):
    client.force_login(admin)
    assert 'data-testid="action-cancel"' in _text(client.get(vps_url("detail", v2_connection)))
    client.force_login(operator)
    assert "action-cancel" not in _text(client.get(vps_url("detail", v2_connection)))


def test_cancelling_at_expiry_marks_the_order_and_the_page_shows_it_at_once(
    client, v2_connection, admin, sandbox_api, fornex
):
    client.force_login(admin)
    before = _text(client.get(vps_url("detail", v2_connection)))  # cached: renews as usual
    assert "renews as usual" in before

    confirm = _text(client.get(vps_url("order_cancel", v2_connection)))
    assert "Cancel the order web-1?" in confirm
    assert "When the paid period ends" in confirm
    assert sandbox_api.count("POST", f"/api/orders/{VPS}/cancel/") == 0

    body = _follow(
        client,
        vps_url("order_cancel", v2_connection),
        {"when": "expired", "save_backup": "on"},
    )

    assert "web-1 is marked for cancellation: it ends with its paid period." in body
    assert fornex.order_details(VPS).cancel_mark is True
    # The cached details were forgotten: the page shows the mark and the way back.
    assert 'data-testid="cancel-mark"' in body
    assert 'data-testid="action-cancel-unset"' in body
    event = AuditEvent.objects.get(action="order.cancel")
    assert event.outcome == "success"
    assert event.target_id == f"{v2_connection.pk}:{VPS}"
    assert event.detail == {"when": "expired", "save_backup": True}


def test_the_snapshot_can_be_declined_and_the_audit_says_so(client, v2_connection, admin):
    client.force_login(admin)
    _follow(client, vps_url("order_cancel", v2_connection), {"when": "expired"})
    assert AuditEvent.objects.get(action="order.cancel").detail["save_backup"] is False


def test_an_order_that_is_not_a_vps_has_no_snapshot_to_offer(client, v2_connection, admin):
    client.force_login(admin)
    body = _text(client.get(vps_url("order_cancel", v2_connection, VPN)))
    assert "Cancel the order" in body
    assert 'name="save_backup"' not in body


def test_cancelling_now_needs_the_name_typed(client, v2_connection, admin, sandbox_api):
    client.force_login(admin)
    response = client.post(vps_url("order_cancel", v2_connection), {"when": "now"})
    assert response.status_code == 200
    assert 'data-field-error="confirm"' in response.content.decode()
    assert sandbox_api.count("POST", f"/api/orders/{VPS}/cancel/") == 0
    assert not AuditEvent.objects.filter(action="order.cancel").exists()


def test_fornex_refusing_to_cancel_now_is_said_in_its_words_and_audited(
    client, v2_connection, admin, sandbox_api, fornex
):
    client.force_login(admin)
    body = _follow(
        client, vps_url("order_cancel", v2_connection), {"when": "now", "confirm": "web-1"}
    )
    assert "Fornex refused:" in body
    assert "Instant order cancelation is not yet supported." in body
    assert fornex.order_details(VPS).cancel_mark is False
    event = AuditEvent.objects.get(action="order.cancel")
    assert event.outcome == "failure"
    assert "not yet supported" in event.detail["message"]


def test_the_cancel_mark_is_removed_after_a_confirmation(
    client, v2_connection, admin, sandbox_api, fornex
):
    fornex.order_cancel(VPS)
    client.force_login(admin)
    confirm = _text(client.get(vps_url("order_cancel_unset", v2_connection)))
    assert "the order is renewed as usual" in confirm
    assert sandbox_api.count("DELETE", f"/api/orders/{VPS}/cancel/") == 0

    body = _follow(client, vps_url("order_cancel_unset", v2_connection))

    assert "The cancel mark of web-1 is removed: it renews as usual." in body
    assert fornex.order_details(VPS).cancel_mark is False
    assert 'data-testid="action-cancel"' in body
    assert AuditEvent.objects.get(action="order.cancel_unset").outcome == "success"


def test_removing_a_mark_that_is_not_there_is_refused_in_words(client, v2_connection, admin):
    client.force_login(admin)
    body = _follow(client, vps_url("order_cancel_unset", v2_connection))
    # Fornex's own words, marked as Fornex's (fornexpanel/core/i18n.py).
    assert re.search(
        rf'Fornex refused: <q class="fornex-words"[^>]*>Order {VPS} has no cancel mark</q>', body
    )
    assert AuditEvent.objects.get(action="order.cancel_unset").outcome == "failure"


@pytest.mark.parametrize("name", ["order_cancel", "order_cancel_unset"])
def test_operators_cannot_cancel_orders(client, v2_connection, operator, sandbox_api, name):
    client.force_login(operator)
    assert client.post(vps_url(name, v2_connection), {"when": "expired"}).status_code == 403
    assert not any("/cancel/" in call for call in sandbox_api.requests())
    assert AuditEvent.objects.filter(action="access.denied").count() == 1


def test_order_details_fornex_cannot_give_leave_the_page_working(
    client, v2_connection, viewer, sandbox_api
):
    sandbox_api.fault(path=rf"^/api/orders/{VPS}/$", status=500)
    client.force_login(viewer)
    response = client.get(vps_url("detail", v2_connection))
    assert response.status_code == 200
    body = _text(response)
    assert 'data-testid="details-error"' in body
    assert "Fornex is not answering right now." in body


def test_on_a_legacy_connection_nothing_of_v2_is_shown_and_the_pages_explain(
    client, legacy_connection, admin, sandbox_api
):
    client.force_login(admin)
    body = _text(client.get(vps_url("detail", legacy_connection)))
    assert "action-cancel" not in body
    assert 'data-testid="renewal"' not in body
    page = _text(client.get(vps_url("order_cancel", legacy_connection)))
    assert "Cancelling an order needs Fornex's v2 API." in page
    response = client.post(vps_url("order_cancel", legacy_connection), {"when": "expired"})
    assert response.status_code == 302
    assert not any("/cancel/" in call for call in sandbox_api.requests())
    assert not AuditEvent.objects.filter(action__startswith="order.").exists()
