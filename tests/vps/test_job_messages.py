"""A job's message is stored as a code with parameters and shown in the reader's language: a
restart started by an English-speaking member reads in Russian for a Russian one."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from operations.job_messages import message_for
from operations.models import Operation
from operations.services import operation_poll, operation_send
from tests.vps.conftest import VPS, VPS_OFF, vps_url
from vps import services


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Russian leaves Russian active in this thread: later tests expect English."""
    yield
    translation.deactivate()


def _started_in_english(team, connection, operator, sandbox_api):
    with translation.override("en"):
        op = services.vps_power_action(
            actor=operator,
            team=team,
            connection=connection,
            order_id=VPS_OFF,
            action="start",
            label="staging",
        )
        operation_send(op.pk)
        sandbox_api.advance(30)
        operation_poll(op.pk)
    return Operation.objects.get(pk=op.pk)


def test_the_job_message_follows_the_readers_language(
    login, team, connection, operator, admin, sandbox_api
):
    op = _started_in_english(team, connection, operator, sandbox_api)
    assert op.state == Operation.State.DONE
    assert op.message == "The server is running."  # stored as the worker wrote it
    assert op.result["message_code"]["code"] == "vps.server_is"
    with translation.override("ru"):
        assert message_for(op) == "Состояние сервера: работает."

    admin.language = "ru"
    admin.save(update_fields=["language"])
    body = login(admin).get(reverse("operations:status", args=[op.pk])).content.decode()
    assert "Состояние сервера: работает." in body
    assert "The server is" not in body


def test_a_message_replaced_since_is_shown_as_stored(team, connection, operator, sandbox_api):
    op = _started_in_english(team, connection, operator, sandbox_api)
    op.message = "Fornex said something else."
    with translation.override("ru"):
        assert message_for(op) == "Fornex said something else."


def test_an_older_job_without_a_code_shows_its_text(team, connection, operator):
    op = Operation(message="The server is on.", result={})
    with translation.override("ru"):
        assert message_for(op) == "The server is on."


def test_a_password_reset_started_in_russian_reads_in_english(
    login, operator, connection, sandbox_api
):
    operator.language = "ru"
    operator.save(update_fields=["language"])
    response = login(operator).post(vps_url("password_reset", connection))
    op = response.context["op"]
    assert op.message == "Fornex устанавливает новый пароль."  # stored as the member read it
    with translation.override("en"):
        assert message_for(op) == "Fornex is setting the new password."

    sandbox_api.advance(2)
    with translation.override("ru"):
        op = operation_poll(op.pk)
    assert op.state == Operation.State.DONE
    assert op.message == "Новый пароль установлен."
    with translation.override("en"):
        assert message_for(op) == "The new password is set."
    assert "password" not in str(op.result["message_code"]["params"])


def test_a_password_reset_started_in_english_reads_in_russian(
    login, operator, admin, connection, sandbox_api
):
    response = login(operator).post(vps_url("password_reset", connection))
    sandbox_api.advance(2)
    op = operation_poll(response.context["op"].pk)
    assert op.message == "The new password is set."
    admin.language = "ru"
    admin.save(update_fields=["language"])
    body = login(admin).get(reverse("operations:status", args=[op.pk])).content.decode()
    assert "Новый пароль установлен." in body
    assert "The new password is set." not in body


def test_an_unclear_answer_settled_in_russian_reads_in_english(
    team, connection, operator, sandbox_api, monkeypatch
):
    from fornexpanel.fornex import LegacyClient, UpstreamUnavailable

    real = LegacyClient.vps_start

    def applied_then_lost(self, order_id):
        real(self, order_id)
        sandbox_api.advance(30)  # the server is up before the worker looks at it
        raise UpstreamUnavailable("Read timed out.", maybe_applied=True)

    monkeypatch.setattr(LegacyClient, "vps_start", applied_then_lost)
    with translation.override("ru"):
        op = services.vps_power_action(
            actor=operator, team=team, connection=connection, order_id=VPS_OFF, action="start"
        )
        operation_send(op.pk)
    op = Operation.objects.get(pk=op.pk)
    assert op.state == Operation.State.DONE
    assert op.message == "Ответ Fornex был неясен, но сейчас состояние сервера: работает."
    with translation.override("en"):
        assert message_for(op) == "Fornex's answer was unclear, but the server is running now."


# Ordering, reinstalling and rescue mode (v2) -------------------------------------------------

ORDER = {
    "location": "DE",
    "plan": "434",
    "install": "template:41",
    "name": "web-9",
    "step": "confirm",
}


def test_an_order_placed_in_russian_reads_in_english(
    login, admin, v2_connection, sandbox_api, django_capture_on_commit_callbacks
):
    admin.language = "ru"
    admin.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=False):
        login(admin).post(reverse("vps:order", args=[v2_connection.pk]), ORDER)
    op = Operation.objects.get(kind="vps.order")
    assert op.language == "ru"
    with translation.override("ru"):  # the worker writes in the language of who ordered
        op, _sent = operation_send(op.pk)
    assert op.message == "Заказано; ждём, пока Fornex подготовит сервер."
    with translation.override("en"):
        assert message_for(op) == "Ordered; waiting for Fornex to set the server up."

    sandbox_api.advance(5)
    with translation.override("ru"):
        op = operation_poll(op.pk)
    assert op.state == Operation.State.DONE and op.message.startswith("Сервер ")
    order_id = op.params["order_id"]
    with translation.override("en"):
        assert message_for(op).startswith(f"The server {order_id} is up (")
    assert op.result["message_code"]["params"]["order"] == order_id


def _reinstalled(client, v2_connection, language: str) -> Operation:
    client.post(vps_url("reinstall", v2_connection), {"choice": "app:301", "confirm": "web-1"})
    op = Operation.objects.get(kind="vps.reinstall")
    with translation.override(language):
        operation_send(op.pk)
        operation_poll(op.pk)
    return Operation.objects.get(pk=op.pk)


def test_a_reinstall_done_in_english_reads_in_russian(
    login, operator, admin, v2_connection, sandbox_api
):
    op = _reinstalled(login(operator), v2_connection, "en")
    assert op.message == "The server is reinstalling."
    with translation.override("ru"):
        assert message_for(op) == "Состояние сервера: переустанавливается."
    sandbox_api.advance(2)
    op = operation_poll(op.pk)
    assert op.state == Operation.State.DONE
    assert op.message == "Reinstalled with Docker (Ubuntu 24.04 LTS); the server is running."

    admin.language = "ru"
    admin.save(update_fields=["language"])
    body = login(admin).get(reverse("operations:status", args=[op.pk])).content.decode()
    assert "Переустановлено: Docker (Ubuntu 24.04 LTS); состояние сервера: работает." in body
    assert "Reinstalled with" not in body


def test_a_reinstall_done_in_russian_reads_in_english(login, operator, v2_connection, sandbox_api):
    op = _reinstalled(login(operator), v2_connection, "ru")
    sandbox_api.advance(2)
    with translation.override("ru"):
        op = operation_poll(op.pk)
    assert op.message == "Переустановлено: Docker (Ubuntu 24.04 LTS); состояние сервера: работает."
    with translation.override("en"):
        assert message_for(op) == (
            "Reinstalled with Docker (Ubuntu 24.04 LTS); the server is running."
        )


def test_rescue_mode_started_in_russian_reads_in_english(
    team, operator, v2_connection, sandbox_api
):
    with translation.override("ru"):
        op = services.vps_rescue(
            actor=operator,
            team=team,
            connection=v2_connection,
            order_id=VPS,
            action="start",
            label="web-1",
        )
        operation_send(op.pk)
        sandbox_api.advance(2)
        op = operation_poll(op.pk)
    assert op.message == "Сервер работает в системе восстановления."
    with translation.override("en"):
        assert message_for(op) == "The server runs the rescue system."
