"""Alerts about operations: one email per bulk action's failures, one check at a time, and mail
sending that cannot hang."""

from __future__ import annotations

import socket
import threading
import uuid

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from billing import alerts
from billing.models import Alert, AlertSettings
from billing.tasks import LOCK_KEY, check_alerts
from operations.models import Operation


def failed(team, connection, label: str, batch=None) -> Operation:
    return Operation.objects.create(
        team=team,
        connection=connection,
        kind="vps.restart",
        target_label=label,
        state=Operation.State.FAILED,
        finished_at=timezone.now(),
        batch=batch,
    )


def test_a_bulk_actions_failures_send_one_email(team, connection, quiet_rules, owner, admin):
    AlertSettings.objects.filter(team=team).update(failed_operations=True)
    batch = uuid.uuid4()
    for number in range(5):
        failed(team, connection, f"node-{number}", batch=batch)
    single = failed(team, connection, "web-1")

    check_alerts()
    check_alerts()

    subjects = sorted(Alert.objects.values_list("subject", flat=True))
    assert subjects == sorted([f"batch:{batch}", str(single.pk)])
    assert len(mail.outbox) == 2 * 2  # two alerts, each to the owner and the admin
    bulk = Alert.objects.get(subject=f"batch:{batch}")
    text = alerts.describe(bulk)
    assert "5 operations of a bulk" in text and "node-0" in text and "node-4" in text


def test_one_alert_check_at_a_time(team, connection, quiet_rules, owner):
    AlertSettings.objects.filter(team=team).update(failed_operations=True)
    failed(team, connection, "web-1")
    cache.add(LOCK_KEY, "another check", timeout=60)
    assert check_alerts() == 0
    assert not Alert.objects.exists()
    cache.delete(LOCK_KEY)
    assert check_alerts() == 1
    assert cache.get(LOCK_KEY) is None  # released


def test_mail_sending_has_a_timeout(settings):
    from django.core.mail import get_connection

    assert settings.EMAIL_TIMEOUT == 10
    backend = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert backend.timeout == 10


def test_an_smtp_server_that_never_answers_fails_the_email_instead_of_hanging(
    team, connection, quiet_rules, owner, settings
):
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []
    threading.Thread(
        target=lambda: accepted.append(listener.accept()), daemon=True
    ).start()  # accepts, then never says a word
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    AlertSettings.objects.filter(team=team).update(failed_operations=True)
    failed(team, connection, "web-1")
    try:
        check_alerts()
    finally:
        listener.close()
        for conn, _address in accepted:
            conn.close()
    alert = Alert.objects.get()
    assert alert.emailed_at is None and alert.email_error  # retried by the next check
