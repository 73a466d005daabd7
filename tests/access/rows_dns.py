from tests.access.matrix import Row, viewer

ROWS = [
    Row("dns:list", get=viewer(200), post=viewer(405)),
]
