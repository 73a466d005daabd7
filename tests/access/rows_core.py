from tests.access.matrix import Public, Row

ROWS = [
    # For load balancers: anyone, signed in or not; it shows component states only.
    Row("health", get=Public(200), post=Public(405)),
]
