from tests.access.matrix import Row, viewer

ROWS = [
    Row("vps:list", get=viewer(200), post=viewer(405)),
]
