"""The demo login that `make run` creates and prints (plain constants, no Django imports)."""

DEMO_PASSWORD = "fornex-demo-2026"
DEMO_TEAM = "Demo team"
DEMO_CONNECTION = "Fornex sandbox"  # on Fornex's v2 API, the default
SANDBOX_KEY = "sandbox-full"
# A second account on the legacy API, so that the demo shows both dialects side by side.
DEMO_LEGACY_CONNECTION = "Blue Harbor (legacy API)"
SANDBOX_LEGACY_KEY = "sandbox-other"

# username, role in the demo team
DEMO_USERS = [
    ("demo", "owner"),
    ("alice", "admin"),
    ("bob", "operator"),
    ("carol", "viewer"),
]
