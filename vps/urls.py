from django.urls import path

import fornexpanel.core.converters  # noqa: F401  (registers <fornex_id:...>)
from vps.views import (
    addresses,
    cancel,
    keys,
    networks,
    ordering,
    orders,
    power,
    projects,
    rescue,
    stats,
    vpn,
)

app_name = "vps"

ORDER = "<int:connection_id>/<str:order_id>"

urlpatterns = [
    path("", orders.server_list, name="list"),
    path("jobs/", orders.server_jobs, name="jobs"),
    path("bulk/", power.bulk_power, name="bulk"),
    path("ssh-keys/", keys.ssh_key_list, name="ssh_keys"),
    path("ip-addresses/", addresses.ip_address_list, name="ip_addresses"),
    # Ordering a server (vps/views/ordering.py)
    path("order/", ordering.order_start, name="order_start"),
    path("order/<int:connection_id>/", ordering.order_server, name="order"),
    path("<int:connection_id>/ssh-keys/add/", keys.ssh_key_add, name="ssh_key_add"),
    path(
        "<int:connection_id>/ssh-keys/<fornex_id:key_id>/delete/",
        keys.ssh_key_delete,
        name="ssh_key_delete",
    ),
    path(f"{ORDER}/", orders.order_detail, name="detail"),
    path(f"{ORDER}/status/", orders.vps_status, name="status"),
    path(f"{ORDER}/power/<str:action>/", power.power_action, name="power"),
    path(f"{ORDER}/password/", power.password_reset, name="password_reset"),
    path(f"{ORDER}/rescue/<str:action>/", rescue.rescue_action, name="rescue"),
    path(f"{ORDER}/reinstall/", rescue.reinstall, name="reinstall"),
    path(f"{ORDER}/cancel/", cancel.order_cancel, name="order_cancel"),
    path(f"{ORDER}/cancel/remove/", cancel.order_cancel_unset, name="order_cancel_unset"),
    path(f"{ORDER}/stats/<str:field>.json", stats.stats_data, name="stats"),
    path(f"{ORDER}/ssh-keys/attach/", keys.vps_key_attach, name="key_attach"),
    path(f"{ORDER}/ssh-keys/<fornex_id:key_id>/detach/", keys.vps_key_detach, name="key_detach"),
    path(f"{ORDER}/vpn/config-<str:proto>.ovpn", vpn.vpn_config, name="vpn_config"),
    # Private networks and projects (Fornex's v2 API)
    path(f"{ORDER}/private-network/", networks.vps_private_network, name="private_network"),
    path("private-networks/", networks.private_network_list, name="private_networks"),
    path(
        "<int:connection_id>/private-networks/create/",
        networks.private_network_create,
        name="private_network_create",
    ),
    path(
        "<int:connection_id>/private-networks/<int:network_id>/delete/",
        networks.private_network_delete,
        name="private_network_delete",
    ),
    path("projects/", projects.project_list, name="projects"),
    path("<int:connection_id>/projects/create/", projects.project_create, name="project_create"),
    path("<int:connection_id>/projects/<int:project_id>/", projects.project_detail, name="project"),
    path(
        "<int:connection_id>/projects/<int:project_id>/edit/",
        projects.project_edit,
        name="project_edit",
    ),
    path(
        "<int:connection_id>/projects/<int:project_id>/delete/",
        projects.project_delete,
        name="project_delete",
    ),
    path(
        "<int:connection_id>/projects/<int:project_id>/logo/",
        projects.project_logo,
        name="project_logo",
    ),
    path(
        "<int:connection_id>/projects/<int:project_id>/orders/<str:change>/",
        projects.project_orders,
        name="project_orders",
    ),
]
