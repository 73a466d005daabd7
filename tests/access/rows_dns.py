"""The DNS pages. Domains are addressed through a connection of the team (`scoped`: another
team's owner gets 404). POSTs send no valid form, so no row changes anything at Fornex."""

from tests.access.matrix import Row, admin, operator, viewer

DOMAIN = "northwind.io"
RECORD_ID = 366101  # the first seeded record of the full account: northwind.io's apex A


def _domain(w):
    return [w.connection.pk, DOMAIN]


def _record(w):
    return [w.connection.pk, DOMAIN, RECORD_ID]


ROWS = [
    Row("dns:list", get=viewer(200), post=viewer(405)),
    Row("dns:orders", get=viewer(200), post=viewer(405)),
    # An empty form comes back with its errors.
    Row(
        "dns:domain_add",
        get=admin(200),
        post=admin(200),
        args=lambda w: [w.connection.pk],
        scoped=True,
    ),
    Row(
        "dns:nameservers",
        get=admin(200),
        post=admin(200),
        args=lambda w: [w.connection.pk, "375-13"],
        scoped=True,
    ),
    Row("dns:domain", get=viewer(200), post=viewer(405), args=_domain, scoped=True),
    # Without the typed name, nothing is deleted.
    Row("dns:domain_delete", get=admin(200), post=admin(200), args=_domain, scoped=True),
    Row("dns:record_add", get=operator(200), post=operator(200), args=_domain, scoped=True),
    Row("dns:record", get=viewer(200), post=viewer(405), args=_record, scoped=True),
    Row("dns:record_edit", get=operator(200), post=operator(200), args=_record, scoped=True),
    # Without "now" or "stage", the confirmation page comes back.
    Row("dns:record_delete", get=operator(200), post=operator(200), args=_record, scoped=True),
    Row("dns:plan", get=viewer(200), post=viewer(405), args=_domain, scoped=True),
    # Nothing staged: back to the plan page with a message.
    Row("dns:plan_apply", get=operator(405), post=operator(302), args=_domain, scoped=True),
    Row("dns:plan_discard", get=operator(405), post=operator(302), args=_domain, scoped=True),
    Row("dns:plan_status", get=viewer(200), post=viewer(405), args=_domain, scoped=True),
    # No staged change has this id.
    Row(
        "dns:plan_remove",
        get=operator(405),
        post=operator(404),
        args=lambda w: [w.connection.pk, DOMAIN, 999999],
        scoped=True,
    ),
    Row("dns:zone", get=viewer(200), post=viewer(405), args=_domain, scoped=True),
    Row("dns:zone_download", get=viewer(200), post=viewer(405), args=_domain, scoped=True),
]
