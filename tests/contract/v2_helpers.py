"""Shared data for the v2 contract tests: every v2 client operation with valid arguments and the
request it makes (the seeded ids are the legacy tests', from ``helpers.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fornexpanel.fornex import FornexClient, LegacyClient, V2Client, make_client
from fornexpanel.fornex.networks import Upload
from tests.contract.helpers import (
    DOMAIN,
    DOMAIN_ORDER,
    DS,
    FULL,
    KEY_ALICE,
    KEY_BOB,
    NEW_SSH_KEY,
    NS_PAIR,
    RECORD,
    S3,
    STAT_RANGE,
    VPN,
    VPS,
    VPS_OFF,
    WWW_RECORD,
    Op,
)
from tests.plugins.sandbox import Sandbox

V2Connect = Callable[..., V2Client]

# The first private network and project the sandbox creates after a reset (none are seeded).
NETWORK = 4101
PROJECT = 871
LOGO = Upload("logo", "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")

# What only v2 offers: the legacy dialect raises Unsupported for these.
V2_ONLY = (
    "vps_rescue_start",
    "vps_rescue_stop",
    "vps_reinstall_templates",
    "vps_reinstall_apps",
    "vps_reinstall_snapshots",
    "vps_reinstall",
    "order_details",
    "order_cancel",
    "order_cancel_unset",
    "ticket_create",
    "ip_addresses",
    *(
        "private_networks",
        "private_network_create",
        "private_network_locations",
        "private_network_delete",
        "vps_update",
        "projects",
        "project",
        "project_create",
        "project_update",
        "project_delete",
        "project_add_orders",
        "project_remove_orders",
        "project_logo",
        "order_projects",
    ),
    # S3 storage, names and tags (fornexpanel/fornex/storage.py)
    "s3_orders",
    "s3_order",
    "s3_credentials",
    "s3_notification_threshold",
    "order_update",
    "dns_domain_tags",
)
# Legacy operations v2 has no path for: a v2 client raises NoV2Equivalent and sends nothing
# (the inode statistics, a field of vps_stat, likewise).
NO_V2_EQUIVALENT = {
    "plans_vpn": Op((), "GET", "/plans/vpn"),
    "vpn_config": Op((VPN, "udp"), "GET", f"/vpn/{VPN}/config-udp.ovpn"),
}

V2_OPERATIONS: dict[str, Op] = {
    "account_balance": Op((), "GET", "/account/balance"),
    "account_info": Op((), "GET", "/account/info"),
    "account_invoices": Op((), "GET", "/account/invoices"),
    "orders_list": Op((), "GET", "/orders/"),
    "plans_backups": Op((), "GET", "/plans/backups"),
    "plans_dedicated": Op((), "GET", "/plans/dedicated"),
    "plans_vps": Op((), "GET", "/plans/vps"),
    "plans_hosting": Op((), "GET", "/plans/hosting"),
    "vps_log_details": Op((VPS, 222281), "GET", f"/vps/{VPS}/log_details/222281/"),
    "vps_stop": Op((VPS,), "POST", f"/vps/{VPS}/stop/"),
    "vps_start": Op((VPS_OFF,), "POST", f"/vps/{VPS_OFF}/start/"),
    "vps_hard_reset": Op((VPS,), "POST", f"/vps/{VPS}/hard_reset/"),
    "vps_restart": Op((VPS,), "POST", f"/vps/{VPS}/restart/"),
    "vps_passwd_reset": Op((VPS,), "POST", f"/vps/{VPS}/passwd_reset/"),
    "vps_stat": Op((VPS, "cpu", *STAT_RANGE), "GET", f"/vps/{VPS}/stats/cpu/"),
    "vps_status": Op((VPS,), "GET", f"/vps/{VPS}/status/"),
    "ssh_keys": Op((), "GET", "/ssh_keys/"),
    "ssh_key_add": Op(("ops key", NEW_SSH_KEY), "POST", "/ssh_keys/"),
    "ssh_key_delete": Op((KEY_BOB,), "DELETE", f"/ssh_keys/{KEY_BOB}/"),
    "vps_ssh_keys": Op((VPS,), "GET", f"/vps/{VPS}/ssh_keys/"),
    "vps_ssh_key_attach": Op((VPS, KEY_BOB), "POST", f"/vps/{VPS}/ssh_keys/add/"),
    "vps_ssh_key_detach": Op((VPS, KEY_ALICE), "POST", f"/vps/{VPS}/ssh_keys/delete/"),
    "webhook_info": Op((), "GET", "/tickets/webhook_info/"),
    "webhook_set": Op(("https://hooks.example.com/contract",), "POST", "/tickets/webhook_set/"),
    "dns_domain_list": Op((), "GET", "/dns/domain/"),
    "dns_domain_add": Op(("contract.example", "192.0.2.10"), "POST", "/dns/domain/"),
    "dns_domain_delete": Op(("northwind.dev",), "DELETE", "/dns/domain/northwind.dev/"),
    "dns_records": Op((DOMAIN,), "GET", f"/dns/domain/{DOMAIN}/entry_set/"),
    "dns_record_add": Op((DOMAIN,), "POST", f"/dns/domain/{DOMAIN}/entry_set/", RECORD),
    "dns_record_update": Op(
        (DOMAIN, WWW_RECORD), "PUT", f"/dns/domain/{DOMAIN}/entry_set/{WWW_RECORD}/", RECORD
    ),
    "dns_record_delete": Op(
        (DOMAIN, WWW_RECORD), "DELETE", f"/dns/domain/{DOMAIN}/entry_set/{WWW_RECORD}/"
    ),
    "dns_zone_file": Op((DOMAIN,), "GET", f"/dns/domain/{DOMAIN}/zone_file/"),
    "domain_change_ns": Op(
        (DOMAIN_ORDER, NS_PAIR), "POST", f"/dns/order/{DOMAIN_ORDER}/change_ns/"
    ),
    "ds_traffic": Op((DS,), "GET", f"/orders/ds/{DS}/traffic/"),
    # The spec types this order_id as an integer: the order's number.
    "ds_traffic_used": Op((DS,), "GET", f"/orders/ds/{DS.split('-')[1]}/traffic_used/"),
    # Only in v2
    "vps_rescue_start": Op((VPS,), "POST", f"/vps/{VPS}/rescue_mode/"),
    "vps_rescue_stop": Op((VPS,), "POST", f"/vps/{VPS}/stop_rescue_mode/"),
    "vps_reinstall_templates": Op((VPS,), "GET", f"/vps/{VPS}/reinstall/templates/"),
    "vps_reinstall_apps": Op((VPS,), "GET", f"/vps/{VPS}/reinstall/apps/"),
    "vps_reinstall_snapshots": Op((VPS,), "GET", f"/vps/{VPS}/reinstall/snapshots/"),
    "vps_reinstall": Op((VPS,), "POST", f"/vps/{VPS}/reinstall/reinstall/", {"template": 41}),
    "order_details": Op((VPS,), "GET", f"/orders/{VPS}/"),
    "order_cancel": Op((VPS,), "POST", f"/orders/{VPS}/cancel/"),
    "order_cancel_unset": Op((VPS,), "DELETE", f"/orders/{VPS}/cancel/"),
    "ticket_create": Op(
        (), "POST", "/tickets/ticket/", {"subject": "Disk", "text": "Full", "order_id": VPS}
    ),
    "ip_addresses": Op((), "GET", "/network/ip-address/"),
    # Private networks and projects (tests/contract/test_v2_networks.py); see `prepare`.
    "private_networks": Op((), "GET", "/private-network/"),
    "private_network_create": Op((), "POST", "/private-network/"),
    "private_network_locations": Op((), "GET", "/private-network/locations/"),
    "private_network_delete": Op((NETWORK,), "DELETE", f"/private-network/{NETWORK}/"),
    "vps_update": Op((VPS,), "PATCH", f"/vps/{VPS}/", {"private_network_enabled": True}),
    "projects": Op((), "GET", "/project/"),
    "project": Op((PROJECT,), "GET", f"/project/{PROJECT}/"),
    "project_create": Op(("Website",), "POST", "/project/"),
    "project_update": Op((PROJECT,), "PATCH", f"/project/{PROJECT}/", {"name": "Shop"}),
    "project_delete": Op((PROJECT,), "DELETE", f"/project/{PROJECT}/"),
    "project_add_orders": Op((PROJECT, [VPS, VPS_OFF]), "POST", f"/project/{PROJECT}/add_orders/"),
    "project_remove_orders": Op((PROJECT, [VPS]), "POST", f"/project/{PROJECT}/remove_orders/"),
    "project_logo": Op((PROJECT, LOGO), "PUT", f"/project/{PROJECT}/edit_logo/"),
    "order_projects": Op((), "GET", "/orders/"),
    # S3 storage, names and tags
    "s3_orders": Op((), "GET", "/orders/s3/"),
    "s3_order": Op((S3,), "GET", f"/orders/s3/{S3}/"),
    "s3_credentials": Op((S3,), "GET", f"/orders/s3/{S3}/"),
    "s3_notification_threshold": Op((S3, 20), "PUT", f"/orders/s3/{S3}/notification_threshold/"),
    "order_update": Op((VPS,), "PATCH", f"/orders/{VPS}/", {"name": "web-1a", "tags": ["web"]}),
    "dns_domain_tags": Op((DOMAIN, ["prod", "eu"]), "PUT", f"/dns/domain/{DOMAIN}/tags/"),
}

# Ordering servers and the per-type order details (fornexpanel/fornex/v2_orders.py).
NEW_VPS_ORDER = {
    "location": "DE",
    "tariff": 434,  # SSD Cloud 2GB, 9.00 a month
    "template": 41,
    "disk_class": 2,  # +0.10 a GB on its 20 GB
    "services": {11: 1},  # backups, 3.00 a month
    "ssh_keys": [KEY_ALICE],
    "name": "contract",
}
ORDER_OPERATIONS: dict[str, Op] = {
    "orders_vps_list": Op((), "GET", "/orders/vps/"),
    "orders_ds_list": Op((), "GET", "/orders/ds/"),
    "orders_vps_retrieve": Op((VPS,), "GET", f"/orders/vps/{VPS}/"),
    "orders_ds_retrieve": Op((DS,), "GET", f"/orders/ds/{DS}/"),
    "orders_vps_templates": Op((), "GET", "/orders/vps/templates/"),
    "orders_vps_apps": Op((), "GET", "/orders/vps/apps/"),
    "orders_vps_snapshots": Op((), "GET", "/orders/vps/snapshots/"),
    "orders_vps_locations": Op((), "GET", "/orders/vps/locations/"),
    "orders_vps_disks": Op((), "GET", "/orders/vps/disks/"),
    "orders_vps_services": Op((), "GET", "/orders/vps/services/"),
    "orders_vps_create": Op((), "POST", "/orders/vps/", dict(NEW_VPS_ORDER)),
}
V2_OPERATIONS.update(ORDER_OPERATIONS)
V2_ONLY += tuple(ORDER_OPERATIONS)


def prepare(client: FornexClient, name: str) -> None:
    """What an operation of the table needs first on a freshly reset sandbox."""
    if name in ("private_network_delete", "vps_update"):
        client.private_network_create()
    if name.startswith("project") and name != "project_create":
        client.project_create("Website")
    if name == "project_remove_orders":
        client.project_add_orders(PROJECT, [VPS])


DNS_V2_OPERATIONS = [n for n in V2_OPERATIONS if n.startswith("dns_")] + ["domain_change_ns"]


def v2_connections(sandbox: Sandbox) -> Iterator[V2Connect]:
    """For a fixture: connect(key=FULL, **client_kwargs) -> a v2 client on the test's sandbox."""
    clients: list[FornexClient] = []

    def build(key: str = FULL, **kwargs: Any) -> V2Client:
        kwargs.setdefault("backoff", 0)
        client = make_client("v2", key, sandbox.api_url, **kwargs)
        assert isinstance(client, V2Client)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


def legacy_connection(sandbox: Sandbox) -> Iterator[LegacyClient]:
    """For a fixture: the same account through the legacy dialect, to see the shared state."""
    client = LegacyClient(FULL, sandbox.api_url, backoff=0)
    yield client
    client.close()
