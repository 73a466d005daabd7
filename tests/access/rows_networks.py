"""Private networks and projects (vps/views/networks.py, vps/views/projects.py). The matrix's
connection is on the legacy API: each page then explains that it needs the v2 API (GET 200) and a
POST is sent back with a message (302); tests/vps/test_v2_networks.py and
tests/vps/test_v2_projects.py cover them on v2."""

from tests.access.matrix import Row, admin, operator, viewer

VPS = "34-177054"
NETWORK = 4101
PROJECT = 871


def _conn(*more):
    return lambda w: [w.connection.pk, *more]


ROWS = [
    Row("vps:private_networks", get=viewer(200), post=viewer(405)),
    Row(
        "vps:private_network_create",
        get=admin(200),
        post=admin(302),
        args=_conn(),
        scoped=True,
    ),
    Row(
        "vps:private_network_delete",
        get=admin(200),
        post=admin(302),
        args=_conn(NETWORK),
        scoped=True,
    ),
    Row(
        "vps:private_network",
        get=operator(405),
        post=operator(302),
        args=_conn(VPS),
        data=lambda w: {"enabled": "on"},
        scoped=True,
    ),
    Row("vps:projects", get=viewer(200), post=viewer(405)),
    Row("vps:project_create", get=admin(200), post=admin(302), args=_conn(), scoped=True),
    Row("vps:project", get=viewer(200), post=viewer(405), args=_conn(PROJECT), scoped=True),
    Row("vps:project_edit", get=admin(200), post=admin(302), args=_conn(PROJECT), scoped=True),
    Row("vps:project_delete", get=admin(200), post=admin(302), args=_conn(PROJECT), scoped=True),
    Row("vps:project_logo", get=admin(200), post=admin(302), args=_conn(PROJECT), scoped=True),
    Row(
        "vps:project_orders",
        get=admin(405),
        post=admin(302),
        args=_conn(PROJECT, "add"),
        data=lambda w: {"orders": [VPS]},
        scoped=True,
    ),
]
