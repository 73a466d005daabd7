from tests.access.matrix import Row, admin, operator, viewer

ROWS = [
    Row("operations:list", get=viewer(200), post=viewer(405)),
    Row(
        "operations:detail",
        get=viewer(200),
        post=viewer(405),
        args=lambda w: [w.operation.pk],
        scoped=True,
    ),
    Row(
        "operations:status",
        get=viewer(200),
        post=viewer(405),
        args=lambda w: [w.operation.pk],
        scoped=True,
    ),
    Row(
        "operations:retry",
        get=operator(405),
        post=operator(302),
        args=lambda w: [w.operation.pk],
        scoped=True,
    ),
    Row(
        "operations:end",
        get=admin(405),
        post=admin(302),
        args=lambda w: [w.operation.pk],
        scoped=True,
    ),
    Row(
        "operations:batch",
        get=viewer(200),
        post=viewer(405),
        args=lambda w: [str(w.operation.batch)],
        scoped=True,
    ),
]
