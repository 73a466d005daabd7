from django.urls import path, re_path

from api.endpoint.view import endpoint
from api.views import docs, tokens

app_name = "api"

urlpatterns = [
    path("api/", docs.api_page, name="docs"),
    path("api/tokens/", tokens.token_list, name="tokens"),
    path("api/tokens/new/", tokens.token_create, name="token_create"),
    path("api/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("accounts/api-tokens/", tokens.my_tokens, name="my_tokens"),
    # The Fornex-compatible API: its schema, then every other path under it (the endpoint
    # answers unknown paths, URL forms and methods itself, as Fornex's server does).
    path("fornex/api/schema/", docs.schema, name="schema"),
    re_path(r"^fornex/api/(?P<path>.*)$", endpoint, name="endpoint"),
]
