from tests.access.matrix import Row, operator

VPS = "34-177054"  # web-1 in the sandbox's full account
DOMAIN = "northwind.io"

# v2 only: on the matrix's legacy connection the pages explain (200) and a POST is sent back to
# that explanation (302), the same statuses as on v2 (where a saved POST returns to the list).
ROWS = [
    Row(
        "labels:order",
        get=operator(200),
        post=operator(302),
        args=lambda w: [w.connection.pk, VPS],
        data=lambda w: {"name": "web-one", "tags": "web"},
        scoped=True,
    ),
    Row(
        "labels:domain_tags",
        get=operator(200),
        post=operator(302),
        args=lambda w: [w.connection.pk, DOMAIN],
        data=lambda w: {"tags": "prod"},
        scoped=True,
    ),
]
