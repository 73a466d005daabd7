"""Every one of the 37 documented operations answers with the documented shape.

The examples below are copied from the API documentation (legacy-api.txt). A shape matches when
every object has the same keys and every value the same JSON type (int, float, bool, str, null
are all different types here), except the keys in NULLABLE, which may also be null.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import DOMAIN, DOMAIN_ORDER, DS, FULL, VPN, VPS, call, get

NULLABLE = {"ttl": int, "prio": int, "url": str, "last_error_date": str, "last_error_message": str}
OPTIONAL = {"type"}  # a Highcharts series may name its chart type

SSH_KEY = {"date": "December 19, 2017", "id": 67, "key": "ssh-rsa tt3BPr test@test", "title": "t"}
OK = {"ok": True}
POWER_OK = {"ok": "True"}
DOMAIN_LIST = [
    {
        "name": "test.com",
        "created": "2013-04-16T19:07:10",
        "updated": "2017-02-05T21:41:25",
        "entry_set": [{"host": "", "id": 366182, "type": "A", "ttl": None, "value": "10.10.10.18"}],
        "tags": ["documented-as-empty; tags are strings"],
    }
]
ENTRY_SET = {
    "entry_set": [
        {"id": 12344, "host": "", "prio": None, "type": "A", "ttl": 600, "value": "127.0.0.1"},
        {
            "id": 12345,
            "host": "",
            "type": "MX",
            "prio": 1,
            "ttl": None,
            "value": "aspmx.l.google.com",
        },
    ]
}
SERIES = {
    "series": [
        {
            "color": "#60B5FF",
            "data": [61410.9215552, 65379.49276],
            "name": "Incoming",
            "pointEnd": 1447773600000,
            "pointInterval": 300000,
            "pointStart": 1447687200000,
        }
    ],
    "subtitle": "November 16, 2015, 17:18 - November 17, 2015, 17:18 (Europe / Moscow)",
}
ORDER = {
    "cost_month": 148.0,
    "expiration_date": "2015-12-18T17:21:46",
    "id": "34-1234",
    "ipaddress_set": ["123.123.123.123"],
    "name": "user-defined-name",
    "hostname": "srv-123.fornex.org",
    "status": "active",
    "tariff": "VPS Master",
    "tariff_id": 33,
    "tariff_price": 140,
    "type": "vps",
}
LOG_ENTRY = {
    "action": "Set root password",
    "completed": False,
    "job_action": "set_root_passwd",
    "job_state": "ready",
    "note": "Resetting root password",
    "pk": 222287,
    "time": "03.01.2019 11:10",
    "user": "username",
}
PLANS = {
    "backups": [{"price": 3.0, "space": 100, "units": "Gb"}],
    "dedicated": [
        {
            "bandwidth": "1 Gbit/s",
            "cpu_model": "Intel Xeon E3-1270 (4×3.4Ghz)",
            "cpu_count": 1,
            "disk": "4 × 300 GB SAS 15k",
            "name": "DS XeonSAS",
            "id": 101,
            "price": 198.0,
            "ram": "16 GB",
            "location": "DE",
        }
    ],
    "vpn": [
        {
            "available_locations": ["DE", "NL", "US", "RU"],
            "type": "dedicated",
            "id": 1,
            "price": 10.0,
        }
    ],
    "vps": [
        {
            "bandwidth": "100 Mbit/s",
            "cpu_count": 1,
            "disk": "10 GB",
            "id": 433,
            "name": "SSD Cloud 1GB",
            "price": 5.0,
            "ram": "1 GB",
        }
    ],
    "hosting": [
        {
            "available_locations": ["DE", "RU"],
            "cpu_cores": 1,
            "databases": 2,
            "hdd_space": 1000,
            "mail_domains": 2,
            "mailboxes": 20,
            "name": "VH-SSD-2",
            "id": 33,
            "price": 1.0,
            "sites": 2,
        }
    ],
}
DS_TRAFFIC = {
    "data": [["2015-11-11", {"input": 41348840999.42331, "output": 969929788001.3163}]],
    "order": "34-1234 DS HyperXeon (example.net)",
    "period": "month",
}
TRAFFIC_USED = {
    "limit": 14293651161088.0,
    "order": "34-1234 DS XeonNeon (example.net)",
    "range_end": "2015-11-21",
    "range_start": "2015-10-21",
    "used": 3508146044885.079,
    "used_rate": 0.24543386468220252,
}
PUBLIC_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4dWJ4 new@host"
)


def assert_shape(actual: Any, example: Any, where: str = "$") -> None:
    if isinstance(example, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        assert set(actual) - OPTIONAL == set(example) - OPTIONAL, f"{where}: keys {sorted(actual)}"
        for key, value in actual.items():
            if key in NULLABLE and (value is None or example.get(key) is None):
                assert value is None or type(value) is NULLABLE[key], f"{where}.{key}: {value!r}"
            elif key in example:
                assert_shape(value, example[key], f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        # The top-level list must hold something to compare; a nested one (tags) may be empty.
        assert actual or where != "$", f"{where}: empty list, nothing to compare"
        if len({type(item) for item in example}) > 1:  # a pair such as ["2015-11-11", {...}]
            assert len(actual) == len(example), f"{where}: {actual!r}"
            for index, (item, model) in enumerate(zip(actual, example, strict=True)):
                assert_shape(item, model, f"{where}[{index}]")
        else:
            for index, item in enumerate(actual):
                assert_shape(item, example[0], f"{where}[{index}]")
    else:
        assert type(actual) is type(example), (
            f"{where}: {actual!r} is not a {type(example).__name__}"
        )


def record_id(sandbox: Sandbox) -> int:
    return get(sandbox, f"dns/v0.1/{DOMAIN}/entry_set.json")["entry_set"][0]["id"]


def key_id(sandbox: Sandbox) -> int:
    return get(sandbox, "ssh_keys/")[0]["id"]


RECORD = {"host": "shape", "type": "A", "value": "192.0.2.10", "ttl": "600"}
# name: (method, path, parameters or a function of the sandbox giving them, documented example)
OPERATIONS: dict[str, tuple[str, str, Any, Any]] = {
    "account_balance": ("GET", "account/balance", {}, {"balance": 91.0, "currency": "EUR"}),
    "account_info": ("GET", "account/info", {}, {"email": "e@x", "name": "Example Account"}),
    "account_invoices": (
        "GET",
        "account/invoices",
        {},
        {"unpaid_invoices_count": 1, "unpaid_invoices_amount": 100, "currency": "EUR"},
    ),
    "orders_list": ("GET", "orders/list", {}, [ORDER]),
    "plans_backups": ("GET", "plans/backups", {}, PLANS["backups"]),
    "plans_dedicated": ("GET", "plans/dedicated", {}, PLANS["dedicated"]),
    "plans_vpn": ("GET", "plans/vpn", {}, PLANS["vpn"]),
    "plans_vps": ("GET", "plans/vps", {}, PLANS["vps"]),
    "plans_hosting": ("GET", "plans/hosting", {}, PLANS["hosting"]),
    "vps_log_details": (
        "GET",
        f"vps/log_details/{VPS}/",
        lambda sb: {"log_id": get(sb, f"vps/passwd_reset/{VPS}/")["resp_id"]},
        LOG_ENTRY,
    ),
    "vps_stop": ("POST", f"vps/stop/{VPS}/", {}, POWER_OK),
    "vps_start": ("POST", "vps/start/34-179421/", {}, POWER_OK),
    "vps_hard_reset": ("POST", f"vps/hard_reset/{VPS}/", {}, POWER_OK),
    "vps_restart": ("POST", f"vps/restart/{VPS}/", {}, POWER_OK),
    "vps_passwd_reset": ("GET", f"vps/passwd_reset/{VPS}/", {}, {"resp_id": 1234, "passwd": "x"}),
    "vps_stat": ("GET", f"vps_stat/{VPS}/traffic/2015-11-16--2015-11-17.json", {}, SERIES),
    "vps_status": ("GET", f"vps/status/{VPS}/", {}, {"status": "off"}),
    "ssh_keys_add": ("POST", "ssh_keys/add/", {"title": "new", "key": PUBLIC_KEY}, SSH_KEY),
    "ssh_keys_order_add": (
        "POST",
        "ssh_keys/34-179421/add/",
        lambda sb: {"key_pk": key_id(sb)},
        OK,
    ),
    "ssh_keys_delete": ("POST", "ssh_keys/delete/", lambda sb: {"key_pk": key_id(sb)}, OK),
    "ssh_keys_order_delete": (
        "POST",
        f"ssh_keys/{VPS}/delete/",
        lambda sb: {"key_pk": key_id(sb)},
        OK,
    ),
    "ssh_keys_order": ("GET", f"ssh_keys/{VPS}/", {}, [SSH_KEY]),
    "ssh_keys": ("GET", "ssh_keys/", {}, [SSH_KEY]),
    "webhook_set": ("POST", "tickets/webhook_set/", {"url": "https://hooks.example.com/x"}, OK),
    "webhook_info": (
        "GET",
        "tickets/webhook_info/",
        {},
        {"last_error_date": None, "last_error_message": None, "url": "https://hooks.slack.com/x"},
    ),
    "vpn_config": ("GET", f"vpn/{VPN}/config-udp.ovpn", {}, "client dev tun"),
    "dns_add_domain": (
        "POST",
        "dns/v0.1/add_domain/",
        {"name": "example.com", "ip": "127.0.0.1"},
        {"ok": True, "name": "example.com"},
    ),
    "dns_entry_add": ("POST", f"dns/v0.1/{DOMAIN}/entry_set/add/", RECORD, {"ok": True, "pk": 123}),
    "dns_delete_domain": ("POST", f"dns/v0.1/{DOMAIN}/delete_domain/", {}, OK),
    "dns_entry_delete": (
        "POST",
        f"dns/v0.1/{DOMAIN}/entry_set/{{record}}/delete/",
        {},
        OK,
    ),
    "dns_domain_list": ("GET", "dns/v0.1/domain_list.json", {}, DOMAIN_LIST),
    "dns_entry_set": ("GET", f"dns/v0.1/{DOMAIN}/entry_set.json", {}, ENTRY_SET),
    "dns_entry_edit": ("POST", f"dns/v0.1/{DOMAIN}/entry_set/{{record}}/", RECORD, OK),
    "dns_zone_file": ("GET", f"dns/v0.1/{DOMAIN}/zone_file/", {}, "$TTL 21600"),
    "change_ns": (
        "POST",
        f"change_ns/{DOMAIN_ORDER}/",
        {"nss": "ns1.company.com,ns2.company.com"},
        [OK],
    ),
    "ds_traffic": ("GET", f"ds/{DS}/traffic.json", {}, DS_TRAFFIC),
    "ds_traffic_used": ("GET", f"ds/{DS}/traffic_used.json", {}, TRAFFIC_USED),
}


def test_the_table_covers_the_37_documented_operations() -> None:
    assert len(OPERATIONS) == 37
    assert len({(method, path) for method, path, _, _ in OPERATIONS.values()}) == 37


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_each_operation_answers_the_documented_shape(sandbox: Sandbox, name: str) -> None:
    method, path, params, example = OPERATIONS[name]
    params = dict(params(sandbox) if callable(params) else params)
    if "{record}" in path:
        path = path.replace("{record}", str(record_id(sandbox)))
    response = call(sandbox, method, path, FULL, **params)
    assert response.status_code == 200, response.text
    if isinstance(example, str):  # the VPN config and the zone file are plain text
        assert response.headers["Content-Type"].startswith("text/plain")
        assert response.text.startswith(example.split()[0])
    else:
        assert response.headers["Content-Type"] == "application/json"
        assert_shape(response.json(), example)


def test_log_details_shows_a_finished_job_as_done(sandbox: Sandbox) -> None:
    pk = get(sandbox, f"vps/passwd_reset/{VPS}/")["resp_id"]
    sandbox.advance(5)
    entry = get(sandbox, f"vps/log_details/{VPS}/", log_id=pk)
    assert_shape(entry, LOG_ENTRY)
    assert entry["completed"] is True and entry["job_state"] == "done"
