"""A missing worker is visible: actions say they are queued with no worker, the operation's page
says so, and a queued action expires (tests/operations/test_reconcile.py) rather than run late."""

from __future__ import annotations

from django.urls import reverse

from fornexpanel.core.health import write_heartbeat
from operations.models import Operation
from tests.vps.conftest import VPS, vps_url


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_with_no_worker_a_power_action_says_it_is_queued_and_the_page_shows_it(
    login, operator, connection, settings
):
    settings.OPERATIONS_QUEUE_EXPIRY_MINUTES = 7
    client = login(operator)
    response = client.post(vps_url("power", connection, VPS, "restart"), follow=True)
    text = _messages(response)
    assert "queued: no worker is running" in text and "7 minutes" in text
    assert "sent" not in text.split("queued")[0]

    op = Operation.objects.get()
    page = client.get(reverse("operations:detail", args=[op.pk])).content.decode()
    assert 'data-testid="no-worker"' in page and "no worker is running" in page
    fragment = client.get(reverse("operations:status", args=[op.pk])).content.decode()
    assert 'data-testid="no-worker"' in fragment


def test_with_a_worker_alive_the_action_says_sent(login, operator, connection):
    write_heartbeat()
    client = login(operator)
    response = client.post(vps_url("power", connection, VPS, "restart"), follow=True)
    assert "sent: its progress shows below" in _messages(response)
    op = Operation.objects.get()
    page = client.get(reverse("operations:detail", args=[op.pk])).content.decode()
    assert 'data-testid="no-worker"' not in page


def test_the_no_worker_note_is_only_for_queued_operations(login, operator, connection):
    client = login(operator)
    client.post(vps_url("power", connection, VPS, "restart"))
    op = Operation.objects.get()
    Operation.objects.filter(pk=op.pk).update(state=Operation.State.FAILED)
    page = client.get(reverse("operations:detail", args=[op.pk])).content.decode()
    assert 'data-testid="no-worker"' not in page


def test_a_dns_plan_applied_with_no_worker_says_it_is_queued(
    sandbox_api, login, operator, connection
):
    from tests.dns.test_plan import apply, stage_add

    client = login(operator)
    stage_add(client, connection, type="A", host="queued", value="198.51.100.9")
    response = apply(client, connection)
    page = client.get(response["Location"]).content.decode()
    assert "The plan is queued: no worker is running" in page


def test_the_dns_plan_page_says_its_queued_apply_has_no_worker(
    sandbox_api, login, operator, connection
):
    from tests.dns.test_plan import apply, plan_page, stage_add

    client = login(operator)
    stage_add(client, connection, type="A", host="queued", value="198.51.100.9")
    apply(client, connection)
    assert 'data-testid="no-worker"' in plan_page(client, connection)
    write_heartbeat()
    assert 'data-testid="no-worker"' not in plan_page(client, connection)
