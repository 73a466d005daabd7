"""Alerts: a condition fires once, stays quiet while it holds, and fires again after it cleared
and returned; each firing is shown in the panel and emailed to the team's admins and owners."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from billing import alerts
from billing.models import Alert, AlertSettings
from billing.tasks import check_alerts
from fornexpanel import gateway
from operations.models import Operation

Kind = Alert.Kind


@pytest.fixture
def members(owner, admin, operator, viewer):
    return {"owner": owner, "admin": admin, "operator": operator, "viewer": viewer}


def set_rules(team, **values) -> None:
    AlertSettings.objects.filter(team=team).update(**values)


def test_a_low_balance_alert_fires_once_stays_quiet_then_fires_again_after_clearing(
    team, connection, quiet_rules, members
):
    set_rules(team, balance_below=Decimal("100"))  # the sandbox account has 91 EUR

    check_alerts()
    check_alerts()  # the condition still holds: nothing new

    alert = Alert.objects.get()
    assert alert.kind == Kind.BALANCE_LOW and alert.is_active and alert.emailed_at
    assert sorted(m.to[0] for m in mail.outbox) == ["adam@example.com", "olga@example.com"]
    assert "91" in mail.outbox[0].body

    set_rules(team, balance_below=Decimal("50"))
    check_alerts()
    alert.refresh_from_db()
    assert alert.cleared_at is not None
    assert len(mail.outbox) == 2  # clearing sends nothing

    set_rules(team, balance_below=Decimal("100"))
    check_alerts()
    assert Alert.objects.filter(cleared_at__isnull=True).count() == 1
    assert Alert.objects.count() == 2
    assert len(mail.outbox) == 4


def test_only_admins_and_owners_get_the_email(team, connection, quiet_rules, members):
    set_rules(team, balance_below=Decimal("100"))
    check_alerts()
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {members["owner"].email, members["admin"].email}


def test_a_short_runway_fires_from_the_sandbox_orders(team, connection, quiet_rules, owner):
    set_rules(team, runway_below_days=14)  # 91 EUR at 474.84 EUR a month: 5.7 days

    check_alerts()

    alert = Alert.objects.get(kind=Kind.RUNWAY_SHORT)
    assert alert.detail["runway"] == "5.7" and alert.detail["spend"] == "474.84"
    # Whole days, as the runway card says: not "5.7 days" beside "5 days".
    assert "about 5 days at 474.84 EUR a month" in alerts.describe(alert)
    assert "5.7" not in alerts.describe(alert)


def test_an_expired_order_alert_names_the_readers_day(team, connection, owner):
    from datetime import UTC, datetime

    from django.utils import timezone

    # 23:30 UTC on Nov 27 is already Nov 28 in Moscow: the alert says the day the table says.
    alert = Alert(
        team=team,
        kind=Kind.ORDER_EXPIRING,
        subject="1:34-1",
        detail={"order": "34-1", "name": "web", "expires": "2026-11-27T23:30:00+00:00"},
        raised_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    with timezone.override("Europe/Moscow"):
        assert "expired on 11/28/2026" in alerts.describe(alert)
    with timezone.override("UTC"):
        assert "expired on 11/27/2026" in alerts.describe(alert)


def test_each_order_expiring_within_the_window_is_its_own_condition(
    team, connection, quiet_rules, owner
):
    set_rules(team, expiring_within_days=10)

    check_alerts()

    subjects = set(Alert.objects.filter(kind=Kind.ORDER_EXPIRING).values_list("subject", flat=True))
    # db-primary and db-replica in 9 days, the suspended hosting already lapsed.
    assert subjects == {
        f"{connection.pk}:34-177061",
        f"{connection.pk}:34-177062",
        f"{connection.pk}:217-4410",
    }
    assert len(mail.outbox) == 3


def test_a_failed_operation_fires_once(team, connection, quiet_rules, owner):
    set_rules(team, failed_operations=True)
    op = Operation.objects.create(
        team=team,
        connection=connection,
        kind="vps.restart",
        target_label="web-1",
        state=Operation.State.FAILED,
        finished_at=timezone.now(),
    )
    old = Operation.objects.create(
        team=team,
        kind="vps.restart",
        state=Operation.State.FAILED,
        finished_at=timezone.now() - alerts.FAILED_OPERATIONS_WINDOW * 2,
    )

    check_alerts()
    check_alerts()

    assert list(Alert.objects.values_list("subject", flat=True)) == [str(op.pk)]
    assert not Alert.objects.filter(subject=str(old.pk)).exists()
    assert len(mail.outbox) == 1


def test_a_condition_raised_by_a_concurrent_check_is_not_raised_twice(
    team, connection, quiet_rules
):
    found = {"connection": connection, "detail": {"balance": "91"}}
    first = alerts._raise(team, Kind.BALANCE_LOW, str(connection.pk), found)
    second = alerts._raise(team, Kind.BALANCE_LOW, str(connection.pk), found)

    assert first is not None and second is None
    assert Alert.objects.count() == 1
    assert AuditEvent.objects.filter(action="alert.raise").count() == 1


def test_an_alert_email_is_sent_by_one_worker_only(team, connection, quiet_rules, owner):
    alert = Alert.objects.create(
        team=team, connection=connection, kind=Kind.BALANCE_LOW, subject="1"
    )

    assert alerts.alert_notify(alert.pk) is True
    assert alerts.alert_notify(alert.pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_email_is_retried_by_the_next_check(
    team, connection, quiet_rules, owner, settings, monkeypatch
):
    set_rules(team, balance_below=Decimal("100"))

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    check_alerts()
    alert = Alert.objects.get()
    assert alert.emailed_at is None and alert.email_error == "ConnectionRefusedError"

    monkeypatch.undo()
    check_alerts()
    alert.refresh_from_db()
    assert alert.emailed_at is not None and len(mail.outbox) == 1


def test_when_fornex_cannot_be_read_the_alert_is_neither_cleared_nor_raised(
    team, connection, quiet_rules, owner, sandbox_api
):
    set_rules(team, balance_below=Decimal("100"))
    check_alerts()
    set_rules(team, balance_below=Decimal("50"))  # it would clear...
    gateway.invalidate(connection, "balance")
    sandbox_api.fault(path="/api/account/balance", status=503)  # ...but Fornex is down

    check_alerts()

    assert Alert.objects.get().is_active


def test_removing_the_connection_clears_its_alerts(team, connection, quiet_rules, owner):
    set_rules(team, balance_below=Decimal("100"))
    check_alerts()
    connection.delete()

    check_alerts()

    assert Alert.objects.get().cleared_at is not None


def test_one_teams_failure_does_not_stop_the_others(
    team, connection, quiet_rules, owner, other_team, monkeypatch
):
    set_rules(team, balance_below=Decimal("100"))
    real = alerts.alerts_check

    def flaky(checked_team):
        if checked_team == other_team:
            raise RuntimeError("boom")
        return real(checked_team)

    monkeypatch.setattr(alerts, "alerts_check", flaky)
    assert check_alerts() == 1


def test_alerts_are_shown_on_the_dashboard_and_the_alerts_page(
    login, viewer, team, connection, quiet_rules
):
    set_rules(team, balance_below=Decimal("100"))
    check_alerts()
    client = login(viewer)

    dashboard = client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("billing:alerts")).content.decode()

    sentence = "Balance 91.00 EUR is under 100.00 EUR."
    assert sentence in dashboard and sentence in page
    assert 'data-testid="alert-settings"' not in page  # viewers see the thresholds, read-only


def test_admins_set_the_thresholds_and_it_is_audited(login, admin, team):
    response = login(admin).post(
        reverse("billing:alert_settings"),
        {"balance_below": "25.50", "runway_below_days": "10", "expiring_within_days": ""},
    )

    assert response.status_code == 302
    rules = AlertSettings.objects.get(team=team)
    assert rules.balance_below == Decimal("25.50") and rules.runway_below_days == 10
    assert rules.expiring_within_days is None and rules.failed_operations is False
    event = AuditEvent.objects.get(action="alerts.settings")
    assert event.detail["balance_below"] == {"before": None, "after": "25.50"}


def test_a_negative_threshold_is_refused(login, admin, team):
    response = login(admin).post(reverse("billing:alert_settings"), {"balance_below": "-1"})
    assert response.status_code == 400
    assert not AlertSettings.objects.filter(team=team).exists()


def test_the_alert_email_is_written_in_the_members_time_zone_and_language(
    team, connection, owner, admin
):
    from datetime import UTC, datetime

    owner.language, owner.timezone = "ru", "Asia/Tokyo"
    owner.save(update_fields=["language", "timezone"])
    admin.language, admin.timezone = "en", "UTC"
    admin.save(update_fields=["language", "timezone"])
    # 23:30 UTC on Nov 27 is already Nov 28 in Tokyo.
    alert = Alert.objects.create(
        team=team,
        kind=Kind.ORDER_EXPIRING,
        subject="1:34-1",
        detail={"order": "34-1", "name": "web", "expires": "2026-11-27T23:30:00+00:00"},
        raised_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    assert alerts.alert_notify(alert.pk)
    body = {m.to[0]: m.body for m in mail.outbox}
    assert "28.11.2026" in body[owner.email] and "27.11.2026" not in body[owner.email]
    assert "11/27/2026" in body[admin.email]


def test_an_expiry_reads_the_same_day_in_an_alert_and_the_orders_table(
    login, owner, team, connection
):
    import re

    from billing import figures
    from dns import selectors as dns_selectors

    order = dns_selectors.domain_orders(dns_selectors.orders(connection))[0]
    naive = order.expiration_date  # Fornex's wall clock in Moscow
    assert timezone.is_naive(naive)
    # A zone where the member's day is not Moscow's, whatever the hour.
    zone = "Etc/GMT+12" if naive.hour < 15 else "Pacific/Kiritimati"
    owner.timezone = zone
    owner.save(update_fields=["timezone"])
    alert = Alert(
        team=team,
        kind=Kind.ORDER_EXPIRING,
        subject=f"{connection.pk}:{order.id}",
        detail={
            "order": order.id,
            "name": order.name,
            "expires": figures.expires_at(order).isoformat(),
        },
        raised_at=timezone.now(),
    )
    with timezone.override(zone):
        shown = re.search(r" on (\S+)\.$", alerts.describe(alert)).group(1)
    assert shown != naive.strftime("%m/%d/%Y")

    page = login(owner).get(reverse("dns:orders")).content.decode()
    row = page.split(f'data-order="{order.id}"')[1].split("</tr>")[0]
    assert shown in row


@pytest.mark.parametrize(("raised", "shown"), [(3, 3), (10, 10), (12, 10)])
def test_the_dashboard_counts_every_active_alert(team, connection, login, owner, raised, shown):
    for number in range(raised):
        Alert.objects.create(
            team=team, connection=connection, kind=Kind.BALANCE_LOW, subject=str(number)
        )
    Alert.objects.create(
        team=team,
        connection=connection,
        kind=Kind.RUNWAY_SHORT,
        subject="x",
        cleared_at=timezone.now(),
    )
    body = login(owner).get(reverse("dashboard")).content.decode()
    assert f'data-testid="alert-count">{raised}<' in body
    assert (f"See all {raised} alerts" in body) == (raised > shown)
