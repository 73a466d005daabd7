"""Tickets webhook, VPN configuration and dedicated-server traffic, through the client."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest

from fornexpanel.fornex import BadRequest, FornexClient, NotFound, WebhookInfo
from fornexpanel.sandbox.profiles import BLUEHARBOR, NORTHWIND
from tests.contract.helpers import DS, DS_2, MISSING_ORDER, MSK, OTHER_VPS, VPN, VPS, raises
from tests.plugins.sandbox import Sandbox

TRAFFIC_LIMIT = 13 * 2**40  # bytes a month, the documented example's limit


def msk_today() -> date:
    return datetime.now(MSK).date()


def month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# Webhook ----------------------------------------------------------------------------------------


def test_webhook_info_is_the_seeded_hook(client: FornexClient, other_client: FornexClient) -> None:
    assert client.webhook_info() == WebhookInfo(NORTHWIND.webhook_url, None, None)
    assert other_client.webhook_info() == WebhookInfo(BLUEHARBOR.webhook_url, None, None)
    assert BLUEHARBOR.webhook_url is None


def test_webhook_set_then_info(client: FornexClient, sandbox: Sandbox) -> None:
    url = "https://hooks.example.com/services/T1/B2/contract?x=1"
    assert client.webhook_set(url) is None
    assert client.webhook_info() == WebhookInfo(
        url=url, last_error_date=None, last_error_message=None
    )
    assert client.webhook_set("") is None  # blank switches notifications off
    assert client.webhook_info().url is None
    client.webhook_set("http://10.0.0.5:8080/hook")
    assert client.webhook_info().url == "http://10.0.0.5:8080/hook"
    assert sandbox.count("POST", "/api/tickets/webhook_set/") == 3


@pytest.mark.parametrize("url", ["ftp://files.example.com/hook", "hooks.example.com", "https://"])
def test_webhook_set_invalid_is_bad_request(client: FornexClient, url: str) -> None:
    with raises(BadRequest) as caught:
        client.webhook_set(url)
    assert caught.value.message == "Invalid url: expected an http:// or https:// address"
    if url != "https://":  # a webhook URL is a secret of its own: never echoed
        assert url not in str(caught.value)
    assert client.webhook_info().url == NORTHWIND.webhook_url


# VPN --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("proto", ["udp", "tcp"])
def test_vpn_config_is_the_ovpn_text(client: FornexClient, proto: str) -> None:
    vpn = next(order for order in client.orders_list() if order.id == VPN)
    text = client.vpn_config(VPN, proto)
    lines = text.splitlines()
    assert lines[:5] == ["client", "dev tun", "<connection>", f"remote {vpn.ip_addresses[0]} 443 {proto}", "</connection>"]  # fmt: skip
    for block in ("ca", "cert", "key"):
        assert f"<{block}>" in lines and f"</{block}>" in lines
    assert "-----BEGIN CERTIFICATE-----" in text and "-----BEGIN PRIVATE KEY-----" in text
    assert text.endswith("\n")
    assert client.vpn_config(VPN, proto) == text  # stable


def test_vpn_config_protocols_differ_only_in_the_remote_line(client: FornexClient) -> None:
    udp = client.vpn_config(VPN, "udp").splitlines()
    tcp = client.vpn_config(VPN, "tcp").splitlines()
    assert [i for i, (a, b) in enumerate(zip(udp, tcp, strict=True)) if a != b] == [3]


@pytest.mark.parametrize(
    ("order_id", "error", "message"),
    [
        (VPS, BadRequest, f"Order {VPS} is not a VPN"),
        (MISSING_ORDER, NotFound, "Not found"),
        (OTHER_VPS, NotFound, "Not found"),
    ],
)
def test_vpn_config_errors(client: FornexClient, order_id: str, error: type, message: str) -> None:
    with raises(error) as caught:
        client.vpn_config(order_id, "udp")
    assert caught.value.message == message


# Dedicated servers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order_id", "label"),
    [
        (DS, "34-1234 DS XeonSAS (storage-1.northwind.io)"),
        (DS_2, "34-1290 DS Ryzen (analytics.northwind.io)"),
    ],
)
def test_ds_traffic_month_by_default(client: FornexClient, order_id: str, label: str) -> None:
    traffic = client.ds_traffic(order_id)
    assert (traffic.order, traffic.period) == (label, "month")
    today = msk_today()
    assert [day.date for day in traffic.days] == [
        today - timedelta(days=n) for n in range(29, -1, -1)
    ]
    assert all(day.input > 0 and day.output > 0 for day in traffic.days)
    assert client.ds_traffic(order_id, "month", 0) == traffic


def test_ds_traffic_year_covers_the_month(client: FornexClient) -> None:
    year = client.ds_traffic(DS, period="year")
    month = client.ds_traffic(DS, period="month")
    assert year.period == "year" and len(year.days) == 365
    assert year.days[-1].date == msk_today()
    assert year.days[-30:] == month.days  # the same bytes for the same day


def test_ds_traffic_port(client: FornexClient) -> None:
    port0 = client.ds_traffic(DS, port=0)
    port1 = client.ds_traffic(DS, port=1)
    assert port1.period == "month" and port1.order == port0.order
    assert [d.date for d in port1.days] == [d.date for d in port0.days]
    assert all(a.input != b.input for a, b in zip(port0.days, port1.days, strict=True))
    # The public port carries far more outgoing traffic than the private one.
    assert sum(d.output for d in port0.days) > 10 * sum(d.output for d in port1.days)


def test_ds_traffic_used_agrees_with_ds_traffic(client: FornexClient) -> None:
    used = client.ds_traffic_used(DS)
    today = msk_today()
    assert used.order == "34-1234 DS XeonSAS (storage-1.northwind.io)"
    assert (used.range_start, used.range_end) == (month_before(today), today)
    assert used.limit == TRAFFIC_LIMIT
    assert math.isclose(used.used_rate, used.used / TRAFFIC_LIMIT, rel_tol=1e-12)
    assert 0 < used.used_rate < 1
    days = client.ds_traffic(DS, "year", 0).days
    in_range = [d for d in days if used.range_start <= d.date <= used.range_end]
    assert len(in_range) == (used.range_end - used.range_start).days + 1
    assert math.isclose(used.used, sum(d.input + d.output for d in in_range), rel_tol=1e-9)


@pytest.mark.parametrize(
    ("call", "args", "error", "message"),
    [
        ("ds_traffic", (DS, "month", 2), BadRequest, "Invalid port 2: must be between 0 and 1"),
        ("ds_traffic", (DS, "month", -1), BadRequest, "Invalid port -1: must be between 0 and 1"),
        ("ds_traffic", (VPS,), BadRequest, f"Order {VPS} is not a dedicated server"),
        ("ds_traffic", (MISSING_ORDER,), NotFound, "Not found"),
        ("ds_traffic", (OTHER_VPS,), NotFound, "Not found"),
        ("ds_traffic_used", (VPN,), BadRequest, f"Order {VPN} is not a dedicated server"),
        ("ds_traffic_used", (MISSING_ORDER,), NotFound, "Not found"),
        ("ds_traffic_used", (OTHER_VPS,), NotFound, "Not found"),
    ],
)
def test_ds_traffic_errors(
    client: FornexClient, call: str, args: tuple, error: type, message: str
) -> None:
    with raises(error) as caught:
        getattr(client, call)(*args)
    assert caught.value.message == message
