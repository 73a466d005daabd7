"""Idempotent forms: each action form carries a one-time token, and posting it again shows the
operation the first POST started instead of starting a second one. Retrying a DNS plan asks for
the same confirmation as applying it did."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from operations.idempotency import AlreadyStarted
from operations.models import Operation
from operations.services import NeedsConfirmation, operation_retry
from tests.dns.conftest import DOMAIN
from tests.dns.test_plan import apply, stage_add
from tests.vps.conftest import VPS, VPS_2, vps_url
from vps import services

TOKEN = re.compile(r'name="form_token" value="([0-9a-f]{32})"')


def token_in(page: str) -> str:
    found = TOKEN.search(page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def test_a_power_form_posted_twice_starts_one_operation_and_shows_it(
    login, operator, connection, sandbox_api
):
    client = login(operator)
    token = token_in(client.get(vps_url("power", connection, VPS, "restart")).content.decode())
    first = client.post(vps_url("power", connection, VPS, "restart"), {"form_token": token})
    op = Operation.objects.get()
    assert first.status_code == 302 and f"op={op.pk}" in first["Location"]

    again = client.post(vps_url("power", connection, VPS, "restart"), {"form_token": token})
    assert Operation.objects.count() == 1
    assert again["Location"] == reverse("operations:detail", args=[op.pk])
    page = client.get(again["Location"]).content.decode()
    assert "already sent" in page


def test_each_rendering_of_a_form_has_its_own_token(login, operator, connection, sandbox_api):
    client = login(operator)
    url = vps_url("power", connection, VPS, "stop")
    assert token_in(client.get(url).content.decode()) != token_in(client.get(url).content.decode())


def test_a_bulk_form_posted_twice_starts_one_batch(login, operator, connection, sandbox_api):
    client = login(operator)
    targets = [f"{connection.pk}:{VPS}", f"{connection.pk}:{VPS_2}"]
    page = client.get(reverse("vps:bulk"), {"action": "restart", "target": targets})
    token = token_in(page.content.decode())
    data = {"action": "restart", "target": targets, "form_token": token}
    first = client.post(reverse("vps:bulk"), data)
    again = client.post(reverse("vps:bulk"), data)
    assert Operation.objects.count() == 2  # one per server, once
    assert again["Location"] == first["Location"]


def test_a_plan_apply_posted_twice_starts_one_operation(login, operator, connection, sandbox_api):
    client = login(operator)
    stage_add(client, connection, type="A", host="twice", value="198.51.100.3")
    page = client.get(reverse("dns:plan", args=[connection.pk, DOMAIN])).content.decode()
    token = token_in(page)
    apply(client, connection, form_token=token)
    again = apply(client, connection, form_token=token)
    op = Operation.objects.get(kind="dns.plan_apply")
    assert again["Location"] == reverse("operations:detail", args=[op.pk])
    assert op.state == Operation.State.PENDING


def test_a_retry_posted_twice_starts_one_new_operation(login, operator, team, connection):
    op = services.vps_power_action(
        actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
    )
    Operation.objects.filter(pk=op.pk).update(state=Operation.State.FAILED)
    client = login(operator)
    token = token_in(client.get(reverse("operations:detail", args=[op.pk])).content.decode())
    client.post(reverse("operations:retry", args=[op.pk]), {"form_token": token})
    client.post(reverse("operations:retry", args=[op.pk]), {"form_token": token})
    assert Operation.objects.filter(retry_of=op).count() == 1


def test_the_service_refuses_a_token_used_already(operator, team, connection):
    kwargs = {"actor": operator, "team": team, "connection": connection, "order_id": VPS}
    first = services.vps_power_action(action="stop", form_token="a" * 32, **kwargs)
    with pytest.raises(AlreadyStarted) as caught:
        services.vps_power_action(action="stop", form_token="a" * 32, **kwargs)
    assert caught.value.operation == first


def test_a_form_without_a_token_still_works(login, operator, connection, sandbox_api):
    client = login(operator)
    client.post(vps_url("power", connection, VPS, "restart"))
    client.post(vps_url("power", connection, VPS, "restart"), {"form_token": "not-a-token"})
    assert Operation.objects.count() == 2


def test_retrying_a_risky_plan_asks_for_the_same_confirmation(
    login, operator, connection, sandbox_api
):
    client = login(operator)
    stage_add(client, connection, type="NS", host="lab2", value="ns1.example.net")
    assert apply(client, connection, confirm="on").status_code == 302
    op = Operation.objects.get(kind="dns.plan_apply")
    Operation.objects.filter(pk=op.pk).update(state=Operation.State.FAILED)

    page = client.get(reverse("operations:detail", args=[op.pk])).content.decode()
    assert 'data-testid="retry-risks"' in page and "NS records" in page
    refused = client.post(reverse("operations:retry", args=[op.pk]))
    assert refused["Location"] == reverse("operations:detail", args=[op.pk])
    assert not Operation.objects.filter(retry_of=op).exists()
    op.refresh_from_db()
    with pytest.raises(NeedsConfirmation, match="same confirmation"):
        operation_retry(actor=operator, op=op)

    client.post(reverse("operations:retry", args=[op.pk]), {"confirm": "1"})
    assert Operation.objects.filter(retry_of=op).count() == 1
