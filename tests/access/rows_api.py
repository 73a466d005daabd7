"""The API pages, the token pages and the Fornex-compatible endpoint. The endpoint takes no
session: whoever is signed in, without a token it answers 401 (and calls nobody)."""

from tests.access.matrix import AnyUser, Public, Row, admin, viewer

ROWS = [
    Row("api:docs", get=viewer(200), post=viewer(405)),
    Row("api:tokens", get=viewer(200), post=viewer(405)),
    # An empty form comes back with its errors.
    # Asks "confirm it's you" first (the matrix's sessions have not confirmed).
    Row("api:token_create", get=viewer(302), post=viewer(302)),
    Row("api:my_tokens", get=AnyUser(200), post=AnyUser(405)),
    # The owner's token: the owner (its member) and admins may revoke it, others get 403.
    Row(
        "api:token_revoke",
        get=admin(200),
        post=admin(302),
        args=lambda w: [w.api_token.pk],
        scoped=True,
    ),
    Row("api:schema", get=Public(200), post=Public(405)),
    Row(
        "api:endpoint",
        get=Public(401),
        post=Public(401),
        args=lambda w: ["dns/domain/"],
        notes="token authentication only: a signed-in session is not enough",
    ),
]
