"""S3 storage pages: the list and one order's page (space used, bucket, endpoint) for every member,
the notification threshold for admins (audited), and on a legacy connection an explanation."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.storage.conftest import S3, S3_MEDIA, s3_url

LIST = reverse("storage:list")


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return unescape(response.content.decode())


def test_the_list_shows_each_order_with_its_space_and_no_key(
    login, viewer, v2_connection, s3_keys, sandbox_api
):
    body = _page(login(viewer), LIST)
    assert body.count('data-testid="s3-row"') == 2
    assert (
        s3_url("detail", v2_connection) in body
        and s3_url("detail", v2_connection, S3_MEDIA) in body
    )
    assert "***.main" in body and "18 GB" in body and "153 GB" in body
    access, secret = s3_keys
    assert access not in body and secret not in body
    _page(login(viewer), LIST)
    assert sandbox_api.count("GET", "/api/orders/s3/") == 1  # the second view from the cache


def test_the_detail_shows_space_used_bucket_and_endpoint_without_keys(
    login, viewer, v2_connection, s3_keys
):
    body = _page(login(viewer), s3_url("detail", v2_connection))
    assert 'data-testid="s3-space">18 GB' in body
    assert 'data-testid="s3-bucket">***.main' in body and "s3.fornex.com" in body
    assert s3_keys[0] not in body and s3_keys[1] not in body
    # A viewer sees neither the reveal button nor the threshold form.
    assert 'data-testid="s3-reveal"' not in body and "s3-threshold-form" not in body


def test_an_admin_is_offered_the_keys_and_the_threshold(login, admin, v2_connection):
    body = _page(login(admin), s3_url("detail", v2_connection))
    assert s3_url("credentials", v2_connection) in body and "s3-threshold-form" in body


def test_an_unknown_order_is_404(login, viewer, v2_connection):
    _page(login(viewer), s3_url("detail", v2_connection, "664-1"), 404)


def test_a_legacy_connection_says_it_needs_the_v2_api(
    login, viewer, legacy_connection, sandbox_api
):
    body = _page(login(viewer), LIST)
    assert 'data-testid="needs-v2"' in body and "S3 storage needs Fornex's v2 API" in body
    assert 'data-testid="needs-v2"' in _page(login(viewer), s3_url("detail", legacy_connection))
    assert sandbox_api.count("GET", "/api/orders/s3/") == 0


def test_a_threshold_post_on_a_legacy_connection_sends_nothing(
    login, admin, legacy_connection, sandbox_api
):
    response = login(admin).post(s3_url("threshold", legacy_connection), {"gb": "5"}, follow=True)
    assert response.redirect_chain[-1][0] == s3_url("detail", legacy_connection)
    body = unescape(response.content.decode())
    assert 'data-testid="needs-v2"' in body and "nothing was sent" in body
    assert sandbox_api.count("PUT", f"/api/orders/s3/{S3}/notification_threshold/") == 0


def test_an_admin_sets_the_threshold_and_it_is_audited(login, admin, v2_connection, sandbox_api):
    client = login(admin)
    response = client.post(s3_url("threshold", v2_connection), {"gb": "25"}, follow=True)
    body = unescape(response.content.decode())
    assert "less than 25 GB is free" in body
    assert sandbox_api.count("PUT", f"/api/orders/s3/{S3}/notification_threshold/") == 1
    event = AuditEvent.objects.get(action="s3.notification_threshold")
    assert event.outcome == "success" and event.detail == {"gb": 25}
    assert event.target_id == f"{v2_connection.pk}:{S3}" and event.target_label == "backups"
    assert 'data-testid="s3-last-threshold">Last set through the panel to 25 GB' in body
    client.post(s3_url("threshold", v2_connection), {"gb": "0"})
    assert "Switched off through the panel" in _page(client, s3_url("detail", v2_connection))


@pytest.mark.parametrize("gb", ["-1", "lots", "", "2.5", "100001"])
def test_a_bad_threshold_is_refused_with_the_reason(login, admin, v2_connection, sandbox_api, gb):
    response = login(admin).post(s3_url("threshold", v2_connection), {"gb": gb})
    assert response.status_code == 400
    assert 'data-field-error="gb"' in response.content.decode()
    assert sandbox_api.count("PUT", f"/api/orders/s3/{S3}/notification_threshold/") == 0
    assert not AuditEvent.objects.filter(action="s3.notification_threshold").exists()


def test_an_operator_cannot_set_the_threshold(login, operator, v2_connection, sandbox_api):
    assert login(operator).post(s3_url("threshold", v2_connection), {"gb": "5"}).status_code == 403
    assert sandbox_api.count("PUT", f"/api/orders/s3/{S3}/notification_threshold/") == 0


def test_a_refused_threshold_shows_fornex_words_and_is_audited(
    login, admin, v2_connection, sandbox_api
):
    sandbox_api.fault(path="/notification_threshold/", status=400)
    body = unescape(
        login(admin)
        .post(s3_url("threshold", v2_connection), {"gb": "5"}, follow=True)
        .content.decode()
    )
    assert "Injected fault" in body
    event = AuditEvent.objects.get(action="s3.notification_threshold")
    assert event.outcome == "failure"


def test_costs_are_shown_with_the_accounts_currency(login, viewer, v2_connection):
    import re

    client = login(viewer)
    row = _page(client, LIST).split('data-testid="s3-row"')[1].split("</tr>")[0]
    assert re.search(r"\d\.\d\d EUR<", row)
    body = _page(client, s3_url("detail", v2_connection))
    assert re.search(r"\d\.\d\d EUR</dd>", body)
