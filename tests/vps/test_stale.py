"""Cached data served while Fornex fails says so, on the partials and the JSON too: the status
badge polled by the server's page, the statistics behind the charts, the VPN order page."""

from __future__ import annotations

from tests.vps.conftest import VPN, VPS, vps_url


def test_the_status_partial_says_its_data_is_stale(login, viewer, connection, sandbox_api):
    client = login(viewer)
    # The server's page reads the status without forcing a refresh, so the partial's forced
    # refresh below is the first of its window (at most one every gateway.REFRESH_EVERY).
    fresh = client.get(vps_url("detail", connection, VPS)).content.decode()
    assert 'data-status="on"' in fresh
    assert 'data-testid="vps-status-stale"' not in fresh
    sandbox_api.fault(path="/api/vps/status/", status=503)
    stale = client.get(vps_url("status", connection, VPS)).content.decode()
    assert 'data-status="on"' in stale  # the last known state, still shown
    assert 'data-testid="vps-status-stale"' in stale
    assert "(stale)" in stale


def test_the_statistics_json_says_its_data_is_stale(login, viewer, connection, sandbox_api):
    client = login(viewer)
    url = vps_url("stats", connection, VPS, "cpu")
    fresh = client.get(url, {"range": "24h"})
    assert fresh.json()["stale"] is False and fresh.json()["stale_note"] == ""
    sandbox_api.fault(path="/api/vps_stat/", status=503)
    response = client.get(url, {"range": "24h", "refresh": "1"})
    data = response.json()
    assert data["x"] == fresh.json()["x"]  # the cached series, still drawn
    assert data["stale"] is True
    assert "(stale)" in data["stale_note"] and "not answering" in data["stale_note"]
    assert "no-store" in response["Cache-Control"]


def test_the_charts_have_a_place_for_the_stale_note(login, viewer, connection):
    page = login(viewer).get(vps_url("detail", connection, VPS)).content.decode()
    assert 'data-testid="chart-stale-cpu"' in page


def test_the_vpn_order_page_says_its_data_is_stale(login, viewer, connection, sandbox_api):
    client = login(viewer)
    url = vps_url("detail", connection, VPN)
    assert 'data-testid="freshness"' in client.get(url).content.decode()
    sandbox_api.fault(path="/api/orders/", status=503)
    page = client.get(url + "?refresh=1").content.decode()
    assert 'data-testid="stale-banner"' in page
