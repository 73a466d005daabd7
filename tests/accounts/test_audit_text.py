"""The audit history speaks the reader's language: actions as sentences, details as labelled
fields, and date presets for today, yesterday and the last 7 days."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts import audit_text
from accounts.audit import audit_record


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in Russian leaves Russian active in this thread: later tests expect English."""
    yield
    translation.deactivate()


@pytest.fixture
def restart_event(owner, team):
    return audit_record(
        action="vps.restart",
        actor=owner,
        team=team,
        target_type="order",
        target_id="1:34-177054",
        target_label="web-1",
        detail={"role": "operator", "sessions_ended": 2, "two_factor": True},
    )


def test_an_action_reads_as_a_sentence_in_english_and_russian():
    with translation.override("en"):
        assert audit_text.sentence("vps.restart", "web-1") == "Restarted the server web-1"
        assert audit_text.sentence("auth.login") == "Signed in"
    with translation.override("ru"):
        assert audit_text.sentence("vps.restart", "web-1") == "Перезапущен сервер web-1"
        assert audit_text.sentence("auth.login") == "Вход"


def test_an_unknown_action_is_still_shown_readably():
    assert audit_text.sentence("brand_new.thing_done") == "brand new: thing done"


def test_details_become_labelled_fields_in_the_readers_language():
    detail = {"role": "operator", "two_factor": True, "changed": ["language", "timezone"]}
    with translation.override("en"):
        fields = [(f.label, f.value) for f in audit_text.fields(detail)]
        assert fields == [
            ("Role", "Operator"),
            ("Two-factor", "yes"),
            ("Changed", "language, timezone"),
        ]
    with translation.override("ru"):
        fields = [(f.label, f.value) for f in audit_text.fields(detail)]
        assert fields[0] == ("Роль", "Оператор")
        assert fields[1] == ("Двухфакторный вход", "да")


def test_every_operation_kind_has_a_sentence():
    from operations.registry import registered_kinds

    kinds = [kind for kind in registered_kinds() if not kind.startswith("test.")]
    assert kinds
    missing = [kind for kind in kinds if kind not in audit_text.SENTENCES]
    assert not missing, missing


def test_the_audit_page_shows_sentences_and_fields_not_codes(client, owner, restart_event):
    client.force_login(owner)
    body = unescape(client.get(reverse("accounts:audit")).content.decode())
    assert "Restarted the server web-1" in body
    assert "<dt>Sessions ended</dt> <dd>2</dd>" in body
    assert "{'role'" not in body  # no Python dictionary


def test_the_audit_page_in_russian(client, owner, restart_event):
    owner.language = "ru"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    body = unescape(client.get(reverse("accounts:audit")).content.decode())
    assert "Перезапущен сервер web-1" in body
    assert "<dt>Роль</dt> <dd>Оператор</dd>" in body


def test_date_presets_filter_by_the_readers_days(client, owner, team):
    old = audit_record(action="team.update", actor=owner, team=team, target=team)
    client.force_login(owner)
    response = client.get(reverse("accounts:audit"))
    presets = response.context["presets"]
    assert [str(p["label"]) for p in presets] == ["Today", "Yesterday", "Last 7 days"]
    today = timezone.localdate()
    assert f"date_from={today.isoformat()}" in presets[0]["query"]
    assert f"date_from={(today - timedelta(days=1)).isoformat()}" in presets[1]["query"]
    assert f"date_from={(today - timedelta(days=6)).isoformat()}" in presets[2]["query"]
    # Today's events are under "Today", none under "Yesterday"; the chosen preset is marked.
    today_page = client.get(reverse("accounts:audit") + "?" + presets[0]["query"])
    assert today_page.context["presets"][0]["active"]
    assert any(e.pk == old.pk for e in today_page.context["page"].object_list)
    yesterday = client.get(reverse("accounts:audit") + "?" + presets[1]["query"])
    assert not any(e.pk == old.pk for e in yesterday.context["page"].object_list)
