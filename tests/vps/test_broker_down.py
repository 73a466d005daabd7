"""A power action the broker cannot take (Redis down) is never a 500 and never claimed as sent:
the member is told it is not sent yet, nothing reaches Fornex, and the operation waits for the
reconciler to queue it once the broker is back (tests/operations/test_reconcile.py), or expires
unsent."""

from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError as BrokerDown

from accounts.models import AuditEvent
from operations.models import Operation
from tests.vps.conftest import VPS, VPS_2, vps_url

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs, as in production

NOT_SENT = "is not sent yet: the panel&#x27;s task queue cannot be reached"


@pytest.fixture
def broker_down(monkeypatch):
    from operations import tasks

    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.operation_run, "delay", refuse)


def test_a_power_action_is_not_claimed_as_sent_when_the_broker_is_down(
    login, operator, connection, sandbox_api, broker_down
):
    client = login(operator)
    response = client.post(vps_url("power", connection, VPS, "restart"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert NOT_SENT in page
    assert "sent: its progress shows below" not in page
    op = Operation.objects.get()
    assert op.state == Operation.State.PENDING  # the reconciler queues it when the broker is back
    outcomes = AuditEvent.objects.filter(operation=op).values_list("outcome", flat=True)
    assert list(outcomes) == [AuditEvent.Outcome.PENDING]
    assert sandbox_api.count("POST", f"/api/vps/restart/{VPS}/") == 0


def test_a_bulk_action_is_not_claimed_as_sent_for_any_server(
    login, operator, connection, sandbox_api, broker_down
):
    from django.urls import reverse

    client = login(operator)
    targets = [f"{connection.pk}:{VPS}", f"{connection.pk}:{VPS_2}"]
    response = client.post(reverse("vps:bulk"), {"action": "restart", "target": targets})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert NOT_SENT in page
    assert set(Operation.objects.values_list("state", flat=True)) == {Operation.State.PENDING}
    assert Operation.objects.count() == 2


def test_with_the_broker_up_the_action_is_sent(login, operator, connection, sandbox_api):
    from operations import tasks

    queued = []
    original = tasks.operation_run.delay
    tasks.operation_run.delay = lambda op_id: queued.append(op_id)
    try:
        response = login(operator).post(vps_url("power", connection, VPS, "restart"))
    finally:
        tasks.operation_run.delay = original
    op = Operation.objects.get()
    assert queued == [op.pk] and op.state == Operation.State.PENDING
    assert response.status_code == 302
