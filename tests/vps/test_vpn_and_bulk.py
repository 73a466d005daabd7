"""VPN configuration downloads and bulk power actions."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import AuditEvent
from operations.models import Operation
from tests.vps.conftest import DS, VPN, VPS, VPS_2, VPS_OFF, vps_url


def test_an_operator_downloads_the_udp_config_and_it_is_audited(login, operator, connection):
    response = login(operator).get(vps_url("vpn_config", connection, VPN, "udp"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{VPN}-udp.ovpn"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert text.startswith("client") and " 443 udp" in text
    event = AuditEvent.objects.get(action="vpn.config")
    assert event.detail == {"proto": "udp"} and event.actor == operator


def test_the_tcp_config_is_a_separate_download(login, operator, connection):
    text = login(operator).get(vps_url("vpn_config", connection, VPN, "tcp")).content.decode()
    assert " 443 tcp" in text


def test_the_config_is_fetched_for_each_download_never_cached(
    login, operator, connection, sandbox_api
):
    client = login(operator)
    client.get(vps_url("vpn_config", connection, VPN, "udp"))
    client.get(vps_url("vpn_config", connection, VPN, "udp"))
    assert sandbox_api.count("GET", f"/api/vpn/{VPN}/config-udp.ovpn") == 2
    assert AuditEvent.objects.filter(action="vpn.config").count() == 2


def test_a_viewer_cannot_download_a_config(login, viewer, connection, sandbox_api):
    assert login(viewer).get(vps_url("vpn_config", connection, VPN, "udp")).status_code == 403
    assert sandbox_api.count("GET", f"/api/vpn/{VPN}/config-udp.ovpn") == 0


def test_an_unknown_protocol_or_a_non_vpn_order_answers_404(login, operator, connection):
    client = login(operator)
    assert client.get(vps_url("vpn_config", connection, VPN, "ipsec")).status_code == 404
    assert client.get(vps_url("vpn_config", connection, DS, "udp")).status_code == 404


def test_a_refused_download_says_why(login, operator, connection, sandbox_api):
    sandbox_api.fault(path="/api/vpn/", status=503)
    response = login(operator).get(vps_url("vpn_config", connection, VPN, "udp"), follow=True)
    assert "Fornex is not answering" in response.content.decode()
    assert AuditEvent.objects.get(action="vpn.config").outcome == AuditEvent.Outcome.FAILURE


def _targets(connection, *order_ids):
    return [f"{connection.pk}:{order_id}" for order_id in order_ids]


def test_the_bulk_confirmation_lists_the_chosen_vpses_only(login, operator, connection):
    response = login(operator).get(
        reverse("vps:bulk"),
        {"action": "restart", "target": _targets(connection, VPS, VPS_2, DS, "34-999")},
    )
    assert response.status_code == 200
    assert [order_id for _c, order_id, _l in response.context["targets"]] == [VPS, VPS_2]
    assert not Operation.objects.exists()


def test_confirming_a_bulk_restart_starts_one_operation_each_in_one_batch(
    login, operator, connection, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = login(operator).post(
            reverse("vps:bulk"), {"action": "restart", "target": _targets(connection, VPS, VPS_2)}
        )
    operations = list(Operation.objects.order_by("pk"))
    assert [op.params["order_id"] for op in operations] == [VPS, VPS_2]
    assert len({op.batch for op in operations}) == 1
    assert response["Location"] == reverse("operations:batch", args=[operations[0].batch])
    assert len(callbacks) == 2


def test_bulk_ignores_another_teams_servers(login, operator, connection, other_connection):
    response = login(operator).get(
        reverse("vps:bulk"), {"action": "stop", "target": _targets(other_connection, "34-181500")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("vps:list")


def test_bulk_offers_only_restart_start_and_stop(login, operator, connection):
    response = login(operator).get(
        reverse("vps:bulk"), {"action": "hard_reset", "target": _targets(connection, VPS_OFF)}
    )
    assert response.status_code == 302


def test_the_batch_page_shows_every_operation_of_the_bulk_action(login, operator, connection):
    client = login(operator)
    client.post(reverse("vps:bulk"), {"action": "stop", "target": _targets(connection, VPS, VPS_2)})
    batch = Operation.objects.first().batch
    body = client.get(reverse("operations:batch", args=[batch])).content.decode()
    assert body.count("vps.stop") == 2


def test_the_servers_page_offers_bulk_selection_to_an_operator_only(
    login, operator, viewer, connection
):
    assert 'data-testid="bulk-restart"' in login(operator).get(reverse("vps:list")).content.decode()
    assert (
        'data-testid="bulk-restart"' not in login(viewer).get(reverse("vps:list")).content.decode()
    )


def test_the_team_jobs_page_lists_server_jobs(login, operator, connection):
    client = login(operator)
    client.post(vps_url("power", connection, VPS, "restart"))
    body = client.get(reverse("vps:jobs")).content.decode()
    assert "vps.restart" in body and "oscar" in body


def test_a_profile_cut_short_is_never_downloaded(login, operator, connection, sandbox_api):
    sandbox_api.fault(path="/api/vpn/", truncate=0.6)
    client = login(operator)
    response = client.get(vps_url("vpn_config", connection, VPN, "udp"))
    assert response.status_code == 302  # back to the order's page, no attachment
    assert "Content-Disposition" not in response
    page = client.get(response["Location"]).content.decode()
    assert "Fornex sent an answer the panel could not read." in page
    event = AuditEvent.objects.get(action="vpn.config")
    assert event.outcome == AuditEvent.Outcome.FAILURE
    assert "BEGIN PRIVATE KEY" not in str(event.detail)
