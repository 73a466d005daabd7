"""The demo login that `make run` creates and prints (plain constants, no Django imports)."""

DEMO_PASSWORD = "fornex-demo-2026"
DEMO_TEAM = "Demo team"
DEMO_CONNECTION = "Fornex sandbox"
SANDBOX_KEY = "sandbox-full"

# username, role in the demo team
DEMO_USERS = [
    ("demo", "owner"),
    ("alice", "admin"),
    ("bob", "operator"),
    ("carol", "viewer"),
]
