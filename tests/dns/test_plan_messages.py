"""A plan's messages are stored as codes and shown in the reader's language: a plan applied by
a member reading in Russian reads in English for an English-speaking one, and the other way."""

from __future__ import annotations

import pytest
import requests
from django.urls import reverse
from django.utils import translation

from operations.job_messages import message_for, message_in
from operations.models import Operation
from tests.dns.conftest import DOMAIN
from tests.dns.test_plan import apply, plan_page, rid, run, stage_add, stage_edit


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Russian leaves Russian active in this thread: later tests expect English."""
    yield
    translation.deactivate()


def _applied_in(language, client, connection) -> Operation:
    assert apply(client, connection).status_code == 302
    with translation.override(language):  # the worker, in the language of who started it
        return run(Operation.objects.get(kind="dns.plan_apply"))


def test_a_plan_applied_in_russian_reads_in_english(sandbox_api, as_operator, connection):
    stage_add(as_operator, connection, type="A", host="one", value="198.51.100.1")
    op = _applied_in("ru", as_operator, connection)
    assert op.state == Operation.State.DONE
    assert op.message == "Применено 1 из 1 изменения."  # stored as the worker wrote it
    assert op.result["message_code"]["code"] == "dns.plan_summary"
    with translation.override("en"):
        assert message_for(op) == "1 of 1 change applied."
    page = plan_page(as_operator, connection)
    assert "1 of 1 change applied." in page
    assert "Применено" not in page


def test_a_change_stopped_in_english_reads_in_russian(
    sandbox_api, login, operator, as_operator, connection
):
    api = rid(sandbox_api, host="api", type="A")
    stage_edit(as_operator, connection, api, type="A", host="api", value="198.51.100.2")
    stage_add(as_operator, connection, type="A", host="one", value="198.51.100.1")
    # Changed at Fornex behind the panel's back: the run finds it when it reads the zone.
    requests.post(
        f"{sandbox_api.api_url}/dns/v0.1/{DOMAIN}/entry_set/{api}/",
        data={"apikey": sandbox_api.FULL_KEY, "host": "api", "type": "A", "value": "192.0.2.99"},
        timeout=10,
    )
    op = _applied_in("en", as_operator, connection)
    assert op.state == Operation.State.FAILED
    stopped = op.result["changes"][0]
    assert stopped["message"].startswith("This record was changed at Fornex")
    with translation.override("ru"):
        assert message_in(stopped, stopped["message"]).startswith("Эту запись изменили в Fornex")
        summary = message_for(op)
    assert summary.startswith("Применено 0 из 2 изменений. Остановлено на «api A 198.51.100.2»")
    assert "Эту запись изменили в Fornex" in summary

    operator.language = "ru"
    operator.save(update_fields=["language"])
    page = login(operator).get(reverse("dns:plan", args=[connection.pk, DOMAIN])).content.decode()
    assert "Эту запись изменили в Fornex" in page
    assert "This record was changed" not in page
    assert "changes applied" not in page
