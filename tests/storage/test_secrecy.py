"""The S3 access key and secret key: revealed only on a confirmed POST by an admin or owner, shown
once, audited without them, and written nowhere: no table, cache, broker message, log line,
cookie or audit entry holds them (searched as for the root password, tests/vps/leaks.py)."""

from __future__ import annotations

import logging

from django.urls import reverse

from accounts.models import AuditEvent
from tests.storage.conftest import S3, s3_url
from tests.vps import leaks


def _reveal(client, connection):
    response = client.post(s3_url("credentials", connection))
    assert response.status_code == 200
    return response


def test_an_admin_sees_the_keys_once_after_confirming(login, admin, v2_connection, s3_keys):
    access, secret = s3_keys
    client = login(admin)
    confirm = client.get(s3_url("credentials", v2_connection))
    assert confirm.status_code == 200
    assert secret not in confirm.content.decode() and access not in confirm.content.decode()
    response = _reveal(client, v2_connection)
    body = response.content.decode()
    assert f'data-testid="s3-secret-key">{secret}<' in body
    assert f'data-testid="s3-access-key">{access}<' in body
    assert f'data-testid="s3-full-bucket">{access}.main<' in body
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="s3.credentials.reveal")
    assert (event.outcome, event.target_id) == ("success", f"{v2_connection.pk}:{S3}")
    # The order's history (linked from its page) shows who revealed them.
    history = reverse("accounts:audit_object", args=["s3", event.target_id])
    assert history in client.get(s3_url("detail", v2_connection)).content.decode()
    assert "s3.credentials.reveal" in client.get(history).content.decode()
    # Nothing to come back to: the storage page never shows them.
    detail = client.get(s3_url("detail", v2_connection)).content.decode()
    assert secret not in detail and access not in detail


def test_the_owner_may_too(login, owner, v2_connection, s3_keys):
    assert s3_keys[1] in _reveal(login(owner), v2_connection).content.decode()


def test_an_operator_is_refused_and_nothing_is_read(login, operator, v2_connection, sandbox_api):
    response = login(operator).post(s3_url("credentials", v2_connection))
    assert response.status_code == 403
    assert sandbox_api.count("GET", f"/api/orders/s3/{S3}/") == 0
    assert not AuditEvent.objects.filter(action="s3.credentials.reveal").exists()


def test_an_unconfirmed_session_is_sent_to_confirm_first(login, admin, v2_connection, sandbox_api):
    response = login(admin, confirmed=False).post(s3_url("credentials", v2_connection))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert sandbox_api.count("GET", f"/api/orders/s3/{S3}/") == 0


def test_a_failed_reveal_shows_no_key_and_is_audited(login, admin, v2_connection, sandbox_api):
    client = login(admin)
    client.get(s3_url("detail", v2_connection))  # the order is known (cached)
    sandbox_api.fault(path=f"/orders/s3/{S3}/$", status=403)
    response = client.post(s3_url("credentials", v2_connection), follow=True)
    assert response.redirect_chain[-1][0] == s3_url("detail", v2_connection)
    event = AuditEvent.objects.get(action="s3.credentials.reveal")
    assert event.outcome == "failure"


def test_the_keys_are_written_nowhere(
    login, admin, v2_connection, s3_keys, sandbox_api, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    access, secret = s3_keys
    client = login(admin)
    pages = [client.get(reverse("storage:list")), client.get(s3_url("detail", v2_connection))]
    client.post(s3_url("threshold", v2_connection), {"gb": "7"})
    response = _reveal(client, v2_connection)
    assert secret in response.content.decode()
    pages.append(client.get(reverse("accounts:audit")))
    assert sandbox_api.count("GET", "/api/orders/s3/") == 1  # the list was cached ...
    # ... in the cache searched below (the database cache, or Redis when set): the search finds
    # what the cached S3 orders do hold.
    cached = leaks.redis_keys_with("***.media") or [
        t for t in leaks.tables_with("***.media") if "cache" in t
    ]
    assert cached

    for key in (access, secret):
        assert leaks.tables_with(key) == []
        assert leaks.redis_keys_with(key) == []
        assert leaks.broker_files_with(key) == []
        assert key not in caplog.text
        assert all(key not in record.getMessage() for record in caplog.records)
        assert not any(key in str(value) for value in response.cookies.values())
        assert all(key not in page.content.decode() for page in pages)
    events = AuditEvent.objects.filter(action__startswith="s3.")
    assert events.count() == 2
    assert all(access not in str(e.detail) and secret not in str(e.detail) for e in events)
