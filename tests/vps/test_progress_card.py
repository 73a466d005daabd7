"""The live progress card names the action and its target, is announced to screen readers, and
says in words which steps are done; after a power action the page does not scroll past the
confirmation."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from operations.models import Operation
from tests.vps.conftest import VPS, vps_url


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Russian leaves Russian active in this thread: later tests expect English."""
    yield
    translation.deactivate()


def _op(team, connection, actor, **fields):
    return Operation.objects.create(
        team=team,
        connection=connection,
        actor=actor,
        actor_name=actor.username,
        kind="vps.restart",
        target_type="order",
        target_id=f"{connection.pk}:{VPS}",
        target_label="web-1",
        params={"order_id": VPS},
        **fields,
    )


def test_the_card_names_the_action_and_the_target(login, team, connection, operator):
    op = _op(team, connection, operator, state=Operation.State.PENDING)
    body = unescape(
        login(operator).get(reverse("operations:status", args=[op.pk])).content.decode()
    )
    assert "Restart: web-1" in body
    # Steps in words, not only by colour.
    assert 'queued<span class="visually-hidden">: in progress' in body
    assert 'finished<span class="visually-hidden">: not yet' in body


def test_the_card_in_russian(login, team, connection, operator):
    operator.language = "ru"
    operator.save(update_fields=["language"])
    op = _op(team, connection, operator, state=Operation.State.DONE)
    body = unescape(
        login(operator).get(reverse("operations:status", args=[op.pk])).content.decode()
    )
    assert "Перезапустить: web-1" in body


def test_the_servers_page_announces_progress(login, team, connection, operator):
    _op(team, connection, operator, state=Operation.State.SENDING)
    body = login(operator).get(vps_url("detail", connection)).content.decode()
    assert 'data-testid="active-operations" aria-live="polite"' in body


def test_a_power_action_returns_to_the_top_of_the_page(login, connection, operator):
    response = login(operator).post(vps_url("power", connection, VPS, "restart"))
    assert response.status_code == 302
    assert "#" not in response["Location"]
