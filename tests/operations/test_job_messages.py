"""What the system writes on a job (ended by hand, expired in the queue, refused with a 429,
stopped with its worker, not finished in time) is stored as a code with parameters and read in
the reader's language, whatever language the job was started or ended in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from operations import tasks
from operations.job_messages import message_for
from operations.models import Operation
from operations.services import operation_poll
from tests.vps.conftest import VPS
from vps import services

State = Operation.State


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Russian leaves Russian active in this thread: later tests expect English."""
    yield
    translation.deactivate()


def restart(team, connection, operator, language: str = "en") -> Operation:
    """A restart started by a member reading in `language` (its worker writes in it)."""
    with translation.override(language):
        return services.vps_power_action(
            actor=operator, team=team, connection=connection, order_id=VPS, action="restart"
        )


def reads_in(language: str, user) -> None:
    user.language = language
    user.save(update_fields=["language"])


def test_a_job_ended_by_hand_in_russian_reads_in_english(
    login, team, connection, operator, admin, sandbox_api
):
    op = restart(team, connection, operator, "ru")
    reads_in("ru", admin)
    login(admin).post(reverse("operations:end", args=[op.pk]))
    op.refresh_from_db()
    assert op.state == State.FAILED
    assert op.message == (
        f"Завершено пользователем {admin.username} до отправки: в Fornex ничего не ушло."
    )
    with translation.override("en"):
        assert message_for(op) == (
            f"Ended by {admin.username} before it was sent: nothing went to Fornex."
        )


def test_a_job_marked_unknown_in_english_reads_in_russian_on_its_page(
    login, team, connection, operator, admin, sandbox_api
):
    op = restart(team, connection, operator)
    Operation.objects.filter(pk=op.pk).update(state=State.SENT)
    login(admin).post(reverse("operations:end", args=[op.pk]))
    op.refresh_from_db()
    assert op.message.startswith(f"Marked unknown by {admin.username}:")

    reads_in("ru", admin)
    body = login(admin).get(reverse("operations:status", args=[op.pk])).content.decode()
    assert f"Пользователь {admin.username} отметил итог как неизвестный" in body
    assert "Marked unknown by" not in body


def test_a_job_expired_in_the_queue_in_russian_reads_in_english(
    team, connection, operator, sandbox_api, settings
):
    settings.OPERATIONS_QUEUE_EXPIRY_MINUTES = 10
    op = restart(team, connection, operator, "ru")
    Operation.objects.filter(pk=op.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    tasks.operation_run(op.pk)  # the worker writes in the language the job was started in
    op.refresh_from_db()
    assert op.state == State.FAILED and op.message.startswith("Не отправлено")
    with translation.override("en"):
        assert message_for(op).startswith("Not sent: no worker took it within 10 minutes")


def test_a_429_in_russian_reads_in_english(team, connection, operator, sandbox_api):
    sandbox_api.fault(path=rf"/vps/restart/{VPS}/", method="POST", status=429, times=1)
    op = restart(team, connection, operator, "ru")
    tasks.operation_run(op.pk)
    op.refresh_from_db()
    assert op.state == State.FAILED and "ограничивает частоту запросов" in op.message
    with translation.override("en"):
        assert "Fornex is limiting requests (HTTP 429)" in message_for(op)


def test_a_job_not_finished_in_time_in_english_reads_in_russian(
    team, connection, operator, sandbox_api
):
    op = restart(team, connection, operator)
    tasks.operation_run(op.pk)
    Operation.objects.filter(pk=op.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with translation.override("en"):
        op = operation_poll(op.pk)
    assert op.state == State.UNKNOWN
    assert op.message == "Fornex had not finished after 5 minutes; check the server."
    with translation.override("ru"):
        assert message_for(op) == "Fornex не закончил за 5 мин.; проверьте сервер."


def test_a_worker_that_stopped_while_sending_reads_in_the_readers_language(
    team, connection, operator, sandbox_api
):
    op = restart(team, connection, operator, "ru")
    now = timezone.now()
    Operation.objects.filter(pk=op.pk).update(
        state=State.SENDING, claimed_at=now, lease_until=now - timedelta(seconds=1)
    )
    tasks.operation_run(op.pk)  # delivered again after the lease: ended, never sent
    op.refresh_from_db()
    assert op.state == State.UNKNOWN and op.message.startswith("Обработчик остановился")
    with translation.override("en"):
        assert message_for(op) == (
            "The worker stopped while sending; the action may or may not have been applied."
        )
