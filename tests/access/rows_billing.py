from tests.access.matrix import Public, Row, admin, operator, viewer

ROWS = [
    Row("dashboard", get=viewer(200), post=viewer(405)),
    Row("billing:billing", get=viewer(200), post=viewer(405)),
    Row("billing:plans", get=viewer(200), post=viewer(405), args=lambda w: ["vps"]),
    Row("billing:plan_compare", get=viewer(200), post=viewer(405), args=lambda w: ["vps"]),
    Row(
        "billing:account",
        get=viewer(200),
        post=viewer(405),
        args=lambda w: [w.connection.pk],
        scoped=True,
    ),
    Row(
        "billing:webhook_set",
        get=admin(405),
        post=admin(302),
        args=lambda w: [w.connection.pk],
        data=lambda w: {"url": "https://hooks.example.com/services/T0/B0/x"},
        scoped=True,
    ),
    Row(
        "billing:webhook_use_panel",
        get=admin(405),
        post=admin(302),
        args=lambda w: [w.connection.pk],
        scoped=True,
    ),
    Row(
        "billing:webhook_clear",
        get=admin(200),
        post=admin(302),
        args=lambda w: [w.connection.pk],
        scoped=True,
    ),
    Row("billing:tickets", get=viewer(200), post=viewer(405)),
    # v2 only: on a legacy connection the page explains (200) and a POST goes back to it (302).
    Row(
        "billing:ticket_create",
        get=operator(200),
        post=operator(302),
        args=lambda w: [w.connection.pk],
        data=lambda w: {"subject": "Access matrix", "text": "Only checking.", "priority": "1"},
        scoped=True,
    ),
    # Fornex posts here with the secret in the URL: an unknown token is 404 for everyone.
    Row(
        "billing:ticket_receive",
        get=Public(405),
        post=Public(404),
        args=lambda w: ["not-a-token-" + "x" * 32],
    ),
    Row("billing:alerts", get=viewer(200), post=viewer(405)),
    Row(
        "billing:alert_settings",
        get=admin(405),
        post=admin(302),
        data=lambda w: {"runway_below_days": "14", "expiring_within_days": "7"},
    ),
]
