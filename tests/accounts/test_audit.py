"""The audit history: append-only, scoped to the team, filterable, exportable."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.db import connection as db
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(owner, team):
    return audit_record(action="team.update", actor=owner, team=team, target=team)


def test_an_event_cannot_be_changed_or_deleted_through_the_model(event):
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_postgresql_refuses_update_and_delete_on_the_table(event):
    if db.vendor != "postgresql":
        from tests.conftest import missing

        missing("the append-only trigger exists on PostgreSQL (DATABASE_URL)")
    for statement in (
        "UPDATE accounts_auditevent SET action = 'tampered' WHERE id = %s",
        "DELETE FROM accounts_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            db.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "team.update"


def test_secrets_never_reach_the_detail(owner, team):
    stored = audit_record(
        action="x.y",
        actor=owner,
        team=team,
        detail={"api_key": "k", "password": "p", "nested": {"token": "t", "fine": 1}, "ok": 2},
    )
    assert stored.detail == {"nested": {"fine": 1}, "ok": 2}


def test_the_actor_name_survives_the_users_deletion(owner, admin, team):
    audit_record(action="team.update", actor=admin, team=team, target=team)
    admin.delete()
    event = AuditEvent.objects.get(actor_name="adam", action="team.update")
    assert event.actor_id is not None


@pytest.fixture
def history(owner, admin, viewer, team, other_team, outsider):
    now = timezone.now()
    for minutes, actor, action, outcome in [
        (50, owner, "connection.create", "success"),
        (40, admin, "member.role_change", "success"),
        (30, viewer, "access.denied", "denied"),
        (20, admin, "vps.restart", "failure"),
    ]:
        AuditEvent.objects.create(
            time=now - timedelta(minutes=minutes),
            team=team,
            actor=actor,
            actor_name=actor.username,
            action=action,
            outcome=outcome,
            target_type="connection",
            target_id="7",
            target_label="Main account",
        )
    AuditEvent.objects.create(
        team=other_team, actor=outsider, actor_name="otto", action="secret.thing"
    )
    AuditEvent.objects.create(team=None, actor=viewer, actor_name="vera", action="auth.login")


def _rows(response) -> list[str]:
    return [
        line.split('data-action="')[1].split('"')[0]
        for line in response.content.decode().splitlines()
        if 'data-action="' in line
    ]


def test_the_page_shows_this_teams_events_newest_first(login, admin, history):
    actions = _rows(login(admin).get(reverse("accounts:audit")))
    assert actions[:5] == [
        "auth.login",
        "vps.restart",
        "access.denied",
        "member.role_change",
        "connection.create",
    ]
    assert "secret.thing" not in actions


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "adam"}, {"vps.restart", "member.role_change"}),
        ({"action": "vps.restart"}, {"vps.restart"}),
        ({"outcome": "denied"}, {"access.denied"}),
        (
            {"target": "main acc"},
            {"vps.restart", "access.denied", "member.role_change", "connection.create"},
        ),
    ],
)
def test_it_filters(login, admin, history, query, expected):
    assert set(_rows(login(admin).get(reverse("accounts:audit"), query))) == expected


def test_the_filter_fields_show_what_was_asked_and_the_historys_choices(
    login, admin, team, history
):
    client = login(admin)
    adam = client.get(reverse("accounts:audit"), {"actor": "adam"}).content.decode()
    assert '<option value="adam" selected>' in adam
    assert '<option value="" selected>' not in adam.split('name="actor"')[1].split("</select>")[0]
    anyone = client.get(reverse("accounts:audit")).content.decode()
    assert '<option value="adam">' in anyone and '<option value="adam" selected>' not in anyone
    assert 'value="zoe"' not in anyone
    audit_record(action="vps.restart", actor=admin, team=team)
    admin.username = "zoe"
    admin.save()
    audit_record(action="vps.restart", actor=admin, team=team)
    assert '<option value="zoe">' in client.get(reverse("accounts:audit")).content.decode()
    bad = client.get(reverse("accounts:audit"), {"date_from": "nonsense"}).content.decode()
    assert "is-invalid" in bad and "is-invalid" not in anyone


def test_it_filters_by_date_range(login, admin, history):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert _rows(login(admin).get(reverse("accounts:audit"), {"date_from": tomorrow})) == []


def test_the_next_page_loads_in_place_with_htmx(login, admin, team, owner):
    for number in range(60):
        AuditEvent.objects.create(
            team=team, actor=owner, actor_name="olga", action=f"test.{number:02d}"
        )
    client = login(admin)
    first = client.get(reverse("accounts:audit"))
    assert len(_rows(first)) == 50 and 'data-testid="pager-next"' in first.content.decode()
    more = client.get(
        reverse("accounts:audit"), {"page": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="audit"
    )
    body = more.content.decode()
    assert "<html" not in body and 'id="audit"' in body and len(_rows(more)) >= 10


def test_the_member_chooses_the_page_size_and_filters_stay_in_the_pager(login, admin, team, owner):
    for _number in range(60):
        AuditEvent.objects.create(team=team, actor=owner, actor_name="olga", action="test.x")
    response = login(admin).get(reverse("accounts:audit"), {"per_page": 25, "action": "test.x"})
    body = response.content.decode()
    assert len(_rows(response)) == 25
    assert "action=test.x&amp;per_page=25&amp;page=2" in body


def test_the_csv_export_has_the_filtered_rows(login, admin, history):
    response = login(admin).get(reverse("accounts:audit_export"), {"actor": "adam"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["time", "team", "actor", "action"]
    assert {row[3] for row in rows[1:]} == {"vps.restart", "member.role_change"}


def test_the_csv_export_neutralises_formulas(login, admin, team, owner):
    AuditEvent.objects.create(
        team=team, actor=owner, actor_name="olga", action="x", target_label="=HYPERLINK(1)"
    )
    response = login(admin).get(reverse("accounts:audit_export"))
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()


def test_each_object_has_its_own_history(login, admin, history):
    url = reverse("accounts:audit_object", args=["connection", "7"])
    actions = _rows(login(admin).get(url))
    assert set(actions) == {
        "vps.restart",
        "access.denied",
        "member.role_change",
        "connection.create",
    }


def test_the_unfiltered_history_is_counted_by_the_read_of_its_choices(login, admin, history):
    from django.test.utils import CaptureQueriesContext

    client = login(admin)
    client.get(reverse("accounts:audit"))
    with CaptureQueriesContext(db) as queries:
        body = client.get(reverse("accounts:audit")).content.decode()
    total = len(_rows(client.get(reverse("accounts:audit"), {"per_page": "200"})))
    assert f"1–{total} of {total}" in body
    assert not any("COUNT(*)" in query["sql"] for query in queries.captured_queries)
    adam = client.get(reverse("accounts:audit"), {"actor": "adam"}).content.decode()
    assert "1–2 of 2" in adam  # filtered: counted by the database


def test_the_kept_page_follows_the_query_the_day_and_new_events(
    login, admin, team, history, monkeypatch
):
    """The page's head and table are kept rendered ({% fragment %}): another query, preset or
    event shows at once."""
    client = login(admin)
    export = reverse("accounts:audit_export")
    plain = client.get(reverse("accounts:audit")).content.decode()
    assert f'href="{export}"' in plain and 'aria-current="true"' not in plain
    adam = client.get(reverse("accounts:audit"), {"actor": "adam"}).content.decode()
    assert f'href="{export}?actor=adam"' in adam
    today = timezone.localdate().isoformat()
    chosen = client.get(reverse("accounts:audit"), {"date_from": today, "date_to": today})
    assert 'aria-current="true"' in chosen.content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)  # past midnight: new presets
    later = client.get(reverse("accounts:audit")).content.decode()
    day = tomorrow.isoformat()
    assert f'href="?date_from={day}&amp;date_to={day}">Today<' in later
    monkeypatch.undo()
    total = len(_rows(client.get(reverse("accounts:audit"))))
    audit_record(action="team.rename", actor=admin, team=team, target=team)
    again = client.get(reverse("accounts:audit"))
    assert _rows(again)[0] == "team.rename"
    assert f"1–{total + 1} of {total + 1}" in again.content.decode()
