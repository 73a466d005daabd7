from tests.access.matrix import Row, admin, viewer

S3 = "664-7"  # "backups" in the sandbox's full account


def _s3(*more):
    return lambda w: [w.connection.pk, S3, *more]


# v2 only: on the matrix's legacy connection the pages explain (200) and a POST is sent back to
# that explanation (302), the same statuses as on v2 (where the POSTs redirect to the page).
ROWS = [
    Row("storage:list", get=viewer(200), post=viewer(405)),
    Row("storage:detail", get=viewer(200), post=viewer(405), args=_s3(), scoped=True),
    Row(
        "storage:threshold",
        get=admin(302),  # the form is on the order's page: sent there
        post=admin(302),
        args=_s3(),
        data=lambda w: {"gb": "10"},
        scoped=True,
    ),
    # Reveals secrets: a session with no recent "Confirm it's you" is sent to confirm first.
    Row("storage:credentials", get=admin(302), post=admin(302), args=_s3(), scoped=True),
]
