"""A page makes the same number of database queries whatever the number of rows, members or
operations: each page is counted with 10 of everything and again with 1,000."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Membership, User
from billing.models import Alert, SupportTicket, TicketEvent
from operations.models import Operation
from tests.scale.conftest import DOMAIN

ORDER = "34-177054"  # web-1 in the sandbox: its VPS page asks the sandbox for status and keys
BATCH = uuid.UUID("7d0c3a4e-0000-4000-8000-000000000001")


def _add(team, connection, owner, count: int, start: int) -> None:
    """`count` more of every kind of row a page may list."""
    numbers = range(start, start + count)
    users = User.objects.bulk_create(
        [User(username=f"member-{n}", email=f"m{n}@example.com", password=make_password(None))
         for n in numbers]
    )  # fmt: skip
    Membership.objects.bulk_create(
        [Membership(team=team, user=user, role="viewer") for user in users]
    )
    Operation.objects.bulk_create(
        [Operation(team=team, connection=connection, actor=owner, actor_name="olga",
                   kind="vps.restart", target_type="order", target_id=f"{connection.pk}:{ORDER}",
                   params={"order_id": ORDER}, state="failed", message="x",
                   batch=BATCH if n % 2 else None)
         for n in numbers]
    )  # fmt: skip
    AuditEvent.objects.bulk_create(
        [AuditEvent(team=team, team_name=team.name, actor=owner, actor_name="olga",
                    action=f"test.{n % 7}", target_type="order", target_id=f"{connection.pk}:{ORDER}")
         for n in numbers]
    )  # fmt: skip
    # Fornex's notifications and the tickets opened here, interleaved in time as in a real feed.
    for chunk in range(start, start + count, 10):
        TicketEvent.objects.bulk_create(
            [TicketEvent(team=team, connection=connection, connection_label="Main", text=f"t{n}")
             for n in range(chunk, chunk + 5)]
        )  # fmt: skip
        SupportTicket.objects.bulk_create(
            [SupportTicket(team=team, connection=connection, created_by=owner, subject=f"s{n}")
             for n in range(chunk, chunk + 5)]
        )  # fmt: skip
    Alert.objects.bulk_create(
        [Alert(team=team, connection=connection, kind="order_expiring", subject=f"o{n}")
         for n in numbers]
    )  # fmt: skip


def _urls(connection) -> dict[str, str]:
    return {
        "dashboard": reverse("dashboard"),
        "servers": reverse("vps:list"),
        "a server": reverse("vps:detail", args=[connection.pk, ORDER]),
        "server jobs": reverse("vps:jobs"),
        "SSH keys": reverse("vps:ssh_keys"),
        "DNS domains": reverse("dns:list"),
        "DNS domain": reverse("dns:domain", args=[connection.pk, DOMAIN]),
        "zone file": reverse("dns:zone", args=[connection.pk, DOMAIN]),
        "billing": reverse("billing:billing"),
        "tickets": reverse("billing:tickets"),
        "alerts": reverse("billing:alerts"),
        "audit": reverse("accounts:audit"),
        "object history": reverse(
            "accounts:audit_object", args=["order", f"{connection.pk}:{ORDER}"]
        ),
        "operations": reverse("operations:list"),
        "batch": reverse("operations:batch", args=[BATCH]),
        "team": reverse("accounts:team"),
        "connections": reverse("accounts:connections"),
    }


def _counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name  # warm the caches
        with CaptureQueriesContext(db) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries.captured_queries)
    return counts


@pytest.mark.django_db
def test_every_page_makes_as_many_queries_with_1000_rows_as_with_10(
    login, owner, team, big_account
):
    connection = big_account(10, with_seeded=True)
    _add(team, connection, owner, 10, 0)
    client = login(owner)
    urls = _urls(connection)
    few = _counts(client, urls)

    big_account(1000, with_seeded=True)
    _add(team, connection, owner, 990, 10)
    many = _counts(client, urls)

    assert many == few


@pytest.mark.django_db
def test_a_main_page_reads_its_cached_answers_in_few_round_trips(login, owner, connection):
    """The cache's version for the connection, then the stamps of the answers the page shows,
    read ahead together (gateway.prefetch), not one round trip per answer. Counted on the
    database cache, whose reads are queries of its table."""
    client = login(owner)
    urls = {
        "dashboard": (reverse("dashboard"), 2),
        "billing": (reverse("billing:billing"), 2),
        "servers": (reverse("vps:list"), 3),  # and the power states of the page's rows
        "a server": (reverse("vps:detail", args=[connection.pk, ORDER]), 2),
        "DNS domain": (reverse("dns:domain", args=[connection.pk, DOMAIN]), 2),
    }
    for name, (url, most) in urls.items():
        client.get(url)
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(db) as queries:
            client.get(url)
        reads = [q for q in queries.captured_queries if "fornexpanel_cache" in q["sql"]]
        assert len(reads) <= most, (name, [q["sql"][:120] for q in reads])
