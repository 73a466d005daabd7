"""The dashboard and the billing page: money per connection, from the sandbox's account."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import responses
from django.urls import reverse

from accounts.connections import _store_key
from accounts.models import Connection
from billing import figures
from operations.models import Operation


@pytest.fixture
def viewer_client(login, viewer):
    return login(viewer)


def test_spend_and_runway_are_computed_from_the_sandbox_orders(viewer_client, connection, fornex):
    orders = fornex.orders_list()
    spend = sum((o.cost_month for o in orders), Decimal(0))
    balance = fornex.account_balance()
    runway = int(balance.amount * 30 / spend)

    response = viewer_client.get(reverse("dashboard"))

    assert response.status_code == 200
    summary = response.context["summaries"][0]
    assert summary.spend == spend == Decimal("474.84")
    assert summary.runway_whole_days == runway == 5
    html = response.content.decode()
    assert "474.84 EUR" in html and "91.00 EUR" in html
    assert ">5 days<" in html


def test_the_dashboard_lists_orders_expiring_within_30_days_and_not_later_ones(
    viewer_client, connection
):
    html = viewer_client.get(reverse("dashboard")).content.decode()
    expiring = html[html.index('data-testid="expiring-orders"') :]
    # db-primary expires in 9 days, the suspended hosting lapsed 6 days ago; monitoring is 121 days.
    assert 'data-order="34-177061"' in expiring
    assert 'data-order="217-4410"' in expiring and "expired" in expiring
    assert 'data-order="34-180006"' not in expiring


def test_each_connection_has_its_own_figures_when_the_team_has_several(
    viewer_client, team, connection, sandbox_api
):
    second = Connection(team=team, label="Studio account", dialect="legacy")
    _store_key(second, sandbox_api.OTHER_KEY)
    second.save()

    response = viewer_client.get(reverse("dashboard"))

    by_label = {s.connection.label: s for s in response.context["summaries"]}
    assert by_label["Main account"].spend == Decimal("474.84")
    assert by_label["Studio account"].spend == Decimal("46")
    assert by_label["Studio account"].balance.data.amount == Decimal("12.5")
    html = response.content.decode()
    assert "Main account" in html and "Studio account" in html


@responses.activate
def test_runway_shows_a_dash_when_nothing_is_spent(viewer_client, team, settings):
    settings.FORNEX_API_URL = "https://fornex.test/api"
    conn = Connection(team=team, label="Empty", dialect="legacy")
    _store_key(conn, "empty-account-key")
    conn.save()
    responses.get(
        "https://fornex.test/api/account/balance", json={"balance": 10.0, "currency": "EUR"}
    )
    responses.get(
        "https://fornex.test/api/account/invoices",
        json={"unpaid_invoices_count": 0, "unpaid_invoices_amount": 0, "currency": "EUR"},
    )
    responses.get("https://fornex.test/api/orders/list", json=[])

    response = viewer_client.get(reverse("dashboard"))

    assert response.context["summaries"][0].runway is None
    assert 'data-testid="runway">—<' in response.content.decode()


def test_a_fornex_failure_shows_its_message_instead_of_the_figures(
    viewer_client, connection, sandbox_api
):
    sandbox_api.fault(path="/api/", status=503)

    response = viewer_client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert "Fornex is not answering right now" in response.content.decode()


def test_the_billing_page_breaks_spend_down_by_order_type(viewer_client, connection, fornex):
    response = viewer_client.get(reverse("billing:billing"))

    assert response.status_code == 200
    rows = {row.type: row for row in response.context["summaries"][0].spend_by_type}
    expected = figures.spend_by_type(fornex.orders_list())
    assert rows["ds"].spend == Decimal("329") and rows["ds"].count == 2
    assert sum(row.spend for row in rows.values()) == Decimal("474.84")
    assert [r.type for r in expected][0] == "ds"
    assert 'data-type="vps"' in response.content.decode()


def test_the_dashboard_shows_recent_operations_and_audit_events_to_admins_only(
    login, admin, viewer, team, connection
):
    Operation.objects.create(
        team=team, connection=connection, kind="vps.restart", target_label="web-1"
    )
    admin_html = login(admin).get(reverse("dashboard")).content.decode()
    assert "web-1" in admin_html and 'data-testid="recent-events"' in admin_html

    viewer_html = login(viewer).get(reverse("dashboard")).content.decode()
    assert "web-1" in viewer_html and 'data-testid="recent-events"' not in viewer_html


def test_the_dashboard_shows_the_newest_of_the_ticket_feed(viewer_client, team, connection):
    from billing.models import SupportTicket, TicketEvent

    TicketEvent.objects.create(team=team, connection=connection, text="Comment on ticket #77")
    SupportTicket.objects.create(
        team=team, connection=connection, fornex_id="5150", subject="Disk is slow", text="..."
    )
    html = viewer_client.get(reverse("dashboard")).content.decode()
    assert "Comment on ticket #77" in html
    assert 'data-testid="ticket-opened" data-ticket="5150"' in html
    assert "Disk is slow" in html


def test_the_dashboard_shows_the_five_newest_of_the_feed_newest_first(
    viewer_client, team, connection
):
    from datetime import timedelta

    from django.utils import timezone

    from billing.models import SupportTicket, TicketEvent

    now = timezone.now()
    for hours in range(4):  # events 0, 2, 4 and 6 hours old; tickets 1, 3, 5 and 7
        event = TicketEvent.objects.create(team=team, connection=connection, text=f"Event {hours}")
        TicketEvent.objects.filter(pk=event.pk).update(received_at=now - timedelta(hours=2 * hours))
        ticket = SupportTicket.objects.create(
            team=team, connection=connection, fornex_id=f"70{hours}", subject=f"Ticket {hours}"
        )
        SupportTicket.objects.filter(pk=ticket.pk).update(
            created_at=now - timedelta(hours=2 * hours + 1)
        )
    html = viewer_client.get(reverse("dashboard")).content.decode()
    shown = re.findall(r"(?:Event|Ticket) \d", html)
    assert shown == ["Event 0", "Ticket 0", "Event 1", "Ticket 1", "Event 2"]
