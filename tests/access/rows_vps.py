from tests.access.matrix import Row, admin, operator, viewer

VPS = "34-177054"  # web-1 in the sandbox's full account (running)
VPN = "301-12312"
KEY = 62  # "deploy (CI)" in the sandbox's seed


def _vps(*more):
    return lambda w: [w.connection.pk, VPS, *more]


ROWS = [
    Row("vps:list", get=viewer(200), post=viewer(405)),
    Row("vps:jobs", get=viewer(200), post=viewer(405)),
    # Without chosen servers both answer with a redirect back to the list.
    Row("vps:bulk", get=operator(302), post=operator(302)),
    Row("vps:ssh_keys", get=viewer(200), post=viewer(405)),
    Row(
        "vps:ssh_key_add",
        get=operator(200),
        post=operator(200),  # an empty form comes back with its errors
        args=lambda w: [w.connection.pk],
        scoped=True,
    ),
    Row(
        "vps:ssh_key_delete",
        get=operator(200),
        post=operator(200),  # the title is not typed: the page asks again
        args=lambda w: [w.connection.pk, KEY],
        scoped=True,
    ),
    Row("vps:detail", get=viewer(200), post=viewer(405), args=_vps(), scoped=True),
    Row("vps:status", get=viewer(200), post=viewer(405), args=_vps(), scoped=True),
    Row(
        "vps:power",
        get=operator(200),
        post=operator(302),
        args=_vps("restart"),
        scoped=True,
    ),
    # Reveals a secret: a session with no recent "Confirm it's you" is sent to confirm first.
    Row(
        "vps:password_reset",
        get=operator(302),
        post=operator(302),
        args=_vps(),
        scoped=True,
    ),
    Row("vps:stats", get=viewer(200), post=viewer(405), args=_vps("cpu"), scoped=True),
    Row("vps:key_attach", get=operator(405), post=operator(302), args=_vps(), scoped=True),
    Row(
        "vps:key_detach",
        get=operator(200),
        post=operator(302),
        args=_vps(KEY),
        scoped=True,
    ),
    Row(
        "vps:vpn_config",
        get=operator(200),
        post=operator(405),
        args=lambda w: [w.connection.pk, VPN, "udp"],
        scoped=True,
    ),
    # What only the v2 API offers. On a legacy connection the pages explain instead (200) and a
    # POST is sent back to that explanation (302): the same statuses on either dialect.
    Row("vps:ip_addresses", get=viewer(200), post=viewer(405)),
    Row("vps:rescue", get=operator(200), post=operator(302), args=_vps("start"), scoped=True),
    Row(
        "vps:reinstall",
        get=operator(200),
        post=operator(302),  # a valid choice and the typed name: the operation is queued
        args=_vps(),
        data=lambda w: {"choice": "template:41", "confirm": "web-1"},
        scoped=True,
    ),
    Row(
        "vps:order_cancel",
        get=admin(200),
        post=admin(302),  # done or refused by Fornex, back to the order with a message
        args=_vps(),
        data=lambda w: {"when": "expired", "save_backup": "on"},
        scoped=True,
    ),
    Row("vps:order_cancel_unset", get=admin(200), post=admin(302), args=_vps(), scoped=True),
    # Ordering a server (admins and owners): one connection goes straight to its form; on a
    # legacy connection the form explains it needs v2 (200) and a POST goes back to it (302).
    Row("vps:order_start", get=admin(302), post=admin(405)),
    Row(
        "vps:order",
        get=admin(200),
        post=admin(302),
        args=lambda w: [w.connection.pk],
        data=lambda w: {"step": "review"},
        scoped=True,
    ),
]
