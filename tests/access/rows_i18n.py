from tests.access.matrix import Public, Row

ROWS = [
    # The header's language buttons: anyone (the sign-in page has them too); a POST sets the
    # language and goes back. A signed-in member's choice is also saved on their account.
    Row("set_language", get=Public(405), post=Public(302), data=lambda w: {"language": "ru"}),
    # The scripts' translations: public, the sign-in page loads them too.
    Row("javascript_catalog", get=Public(200), post=Public(405)),
]
