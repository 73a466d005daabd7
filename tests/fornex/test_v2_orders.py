"""The v2 client's server orders: parsing the spec's own examples into typed results, the order
body it builds (checked before anything is sent), and which lists get `page_size`."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import BASE, KEY

from fornexpanel.fornex import (
    BadRequest,
    LegacyClient,
    MalformedResponse,
    NoPermission,
    ServerConfiguration,
    Unsupported,
    V2Client,
    VpsOrderCreated,
)

VPS_ORDER = {
    "id": "34-1234",
    "name": "DB Host",
    "tariff": "VPS Master",
    "tariff_price": 140.0,
    "type": "vps",
    "hostname": "srv-123.fornex.org",
    "ipaddress_set": ["123.123.123.123"],
    "status": "active",
    "cost_month": 148.0,
    "expiration_date": "2015-12-18T17:21:46",
    "tags": ["Database"],
    "cancel_mark": False,
    "project": None,
    "configuration": {
        "cpu_count": 1,
        "ram_size": 2,
        "disk_size": 10,
        "cpu_arch": "x86_64",
        "min_cpu_freq": 3.0,
    },
}
DS_CONFIGURATION = {
    "cpu_count": 1,
    "cpu": "Intel Xeon Silver 4110 (8×2.1Ghz)",
    "motherboard": "Supermicro X9SCM-F",
    "chassis": "(1U) Supermicro U1 (BP:no, hdd-3.5x4) (4x 3.5)",
    "raid_controller": "",
    "network_adapter": "Intel I350",
    "bandwidth": 1024,
    "memory": 16,
    "disks": "2 × 960 GB SSD",
}


@pytest.fixture
def client():
    with V2Client(KEY, BASE, backoff=0) as client:
        yield client


def test_a_vps_order_comes_with_its_configuration(api, client):
    api.get(BASE + "/orders/vps/34-1234/", json=VPS_ORDER)
    order = client.orders_vps_retrieve("34-1234")
    assert (order.id, order.name, order.tags, order.cost_month) == (
        "34-1234",
        "DB Host",
        ("Database",),
        Decimal("148.0"),
    )
    assert order.configuration == ServerConfiguration(
        cpu_count=1, ram_gb=2, disk_gb=10, cpu_arch="x86_64", min_cpu_freq="3.0"
    )


def test_a_dedicated_order_comes_with_its_hardware(api, client):
    api.get(BASE + "/orders/ds/34-1234/", json={**VPS_ORDER, "type": "ds", "configuration": DS_CONFIGURATION})  # fmt: skip
    config = client.orders_ds_retrieve("34-1234").configuration
    assert config.cpu == "Intel Xeon Silver 4110 (8×2.1Ghz)"
    assert (config.ram_gb, config.bandwidth, config.disks) == (16, 1024, "2 × 960 GB SSD")
    assert config.raid_controller is None  # "" is no controller worth naming
    assert config.disk_gb is None


def test_the_order_lists_by_type_are_paginated(api, client):
    api.get(BASE + "/orders/vps/", json={"count": 1, "next": None, "results": [VPS_ORDER]})
    (order,) = client.orders_vps_list()
    assert order.configuration.cpu_count == 1
    assert parse_qs(urlsplit(api.calls[0].request.url).query) == {"page_size": ["100"]}


def test_a_configuration_of_the_wrong_shape_is_malformed(api, client):
    api.get(BASE + "/orders/vps/34-1234/", json={**VPS_ORDER, "configuration": ["x"]})
    with pytest.raises(MalformedResponse):
        client.orders_vps_retrieve("34-1234")


def test_the_catalogues_parse_the_specs_examples(api, client):
    api.get(BASE + "/orders/vps/locations/", json=[{"value": "DE", "label": "Germany", "location_os_types": ["linux", "windows-trial"], "available_frequencies": {"x86_64": ["2.1", "3.8"]}}, {"value": "RU", "label": "Russia", "location_os_types": [], "available_frequencies": {}, "disabled_by_slots": True}])  # fmt: skip
    api.get(BASE + "/orders/vps/disks/", json=[{"id": 1, "name": "Optimal", "limit_total_mbytes_sec": 250, "limit_read_iops_sec": 9000, "limit_write_iops_sec": 7000, "price_per_gb": "0.0300", "disk_type": "ssd", "disk_type_display": "SSD"}])  # fmt: skip
    api.get(BASE + "/orders/vps/services/", json=[{"id": 3, "name": "Backups", "price": "3.00", "billing_type": "periodic"}, {"id": 4, "name": "Set-up", "price": "15.00", "billing_type": "single"}])  # fmt: skip
    api.get(BASE + "/orders/vps/templates/", json=[{"id": 49, "name": "Ubuntu 20.04 & Hestia", "os": "Ubuntu 20.04 LTS", "panel": "hestia", "min_storage_space": 5, "min_ram_volume": 2, "min_cpu_cores": 1, "arch": "x86-64"}])  # fmt: skip
    api.get(BASE + "/orders/vps/apps/", json=[{"id": 7, "name": "Docker", "os": "Ubuntu 24.04 LTS"}])  # fmt: skip
    api.get(BASE + "/orders/vps/snapshots/", json=[{"id": 9, "name": "golden", "size_gb": 4.5, "created_at": "2024-01-02T03:04:05+03:00"}])  # fmt: skip
    germany, russia = client.orders_vps_locations()
    assert (germany.code, germany.label, germany.available, russia.available) == (
        "DE",
        "Germany",
        True,
        False,
    )
    (disk,) = client.orders_vps_disks()
    assert (disk.id, disk.price_per_gb, disk.disk_type_display) == (1, Decimal("0.0300"), "SSD")
    backups, setup = client.orders_vps_services()
    assert (backups.price, backups.monthly, setup.monthly) == (Decimal("3.00"), True, False)
    (template,) = client.orders_vps_templates()
    assert (template.kind, template.id, template.min_ram_gb) == ("template", 49, 2)
    assert client.orders_vps_apps()[0].kind == "app"
    assert client.orders_vps_snapshots()[0].size_gb == 4.5
    # The catalogues are plain arrays in the spec: no page_size.
    assert all("page_size" not in call.request.url for call in api.calls)


def test_an_order_sends_the_specs_body_and_is_never_retried(api, client):
    api.post(BASE + "/orders/vps/", status=201, json={"order_id": "34-1"})
    created = client.orders_vps_create(
        location="DE",
        tariff=1,
        template=1,
        services={1: 1},
        ssh_keys=[1, 3],
        disk_class=2,
        name=" web-3 ",
    )
    assert created == VpsOrderCreated(order_id="34-1")
    assert json.loads(api.calls[0].request.body) == {
        "location": "DE",
        "tariff": 1,
        "template": 1,
        "disk_class": 2,
        "services": [{"service": 1, "count": 1}],
        "ssh_keys": [1, 3],
        "name": "web-3",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"location": "DE", "tariff": 1},  # nothing to install
        {"location": "DE", "tariff": 1, "template": 1, "app": 2},  # two things
        {"location": "", "tariff": 1, "template": 1},
        {"location": "DE", "tariff": "x", "template": 1},
        {"location": "DE", "tariff": 1, "template": 1, "services": {1: 0}},
        {"location": "DE", "tariff": 1, "template": 1, "name": "x" * 26},
    ],
)
def test_a_bad_order_is_refused_before_sending(api, client, kwargs):
    with pytest.raises(ValueError):
        client.orders_vps_create(**kwargs)
    assert not api.calls


def test_fornex_refusals_keep_fornexs_words(api, client):
    off = "Creating a VPS via API is not available for your account."
    api.post(BASE + "/orders/vps/", status=403, json={"detail": off})
    api.post(BASE + "/orders/vps/", status=400, json={"detail": "Insufficient funds."})
    with pytest.raises(NoPermission) as caught:
        client.orders_vps_create(location="DE", tariff=1, template=1)
    assert caught.value.message == off
    with pytest.raises(BadRequest) as caught:
        client.orders_vps_create(location="DE", tariff=1, template=1)
    assert caught.value.message == "Insufficient funds."
    assert len(api.calls) == 2


def test_the_legacy_dialect_has_no_ordering(api):
    legacy = LegacyClient(KEY, BASE)
    for call in (
        lambda: legacy.orders_vps_create(location="DE", tariff=1, template=1),
        lambda: legacy.orders_vps_retrieve("34-1"),
        lambda: legacy.orders_ds_retrieve("34-1"),
        lambda: legacy.orders_vps_locations(),
    ):
        with pytest.raises(Unsupported):
            call()
    assert not api.calls


# Point 10: what the requests look like against the spec.


def test_ds_traffic_used_sends_the_order_number_as_the_specs_integer(api, client):
    api.get(BASE + "/orders/ds/1234/traffic_used/", json={"order": "34-1234 DS", "limit": 10, "range_start": "2015-10-21", "range_end": "2015-11-21", "used": 3, "used_rate": 0.3})  # fmt: skip
    assert client.ds_traffic_used("34-1234").used == 3
    with pytest.raises(ValueError):
        client.ds_traffic_used("../x")


def test_switching_the_webhook_off_sends_no_url(api, client):
    api.post(BASE + "/tickets/webhook_set/", status=201, json={"url": ""})
    client.webhook_set("")
    assert api.calls[0].request.body in (None, b"{}", "{}")
    assert "url" not in json.loads(api.calls[0].request.body or "{}")


@pytest.mark.parametrize(
    ("call", "url"),
    [
        (lambda c: c.ssh_keys(), "/ssh_keys/"),
        (lambda c: c.vps_ssh_keys("34-1"), "/vps/34-1/ssh_keys/"),
        (lambda c: c.dns_records("example.com"), "/dns/domain/example.com/entry_set/"),
        (lambda c: c.ip_addresses(), "/network/ip-address/"),
    ],
)
def test_page_size_goes_only_to_operations_that_declare_it(api, client, call, url):
    api.get(BASE + url, json=[])
    call(client)
    assert "page_size" not in api.calls[0].request.url


def test_page_size_still_goes_to_the_paginated_lists(api, client):
    api.get(BASE + "/dns/domain/", json={"count": 0, "next": None, "results": []})
    client.dns_domain_list()
    assert "page_size=100" in api.calls[0].request.url
