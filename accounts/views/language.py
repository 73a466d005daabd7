"""Switching the interface language from the header."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import JavaScriptCatalog, set_language

from accounts.access import public_view
from accounts.services import user_language_set
from fornexpanel.core.i18n import is_offered


@public_view
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, then back to `next`); a signed-in member's choice is
    also saved on their account, so it follows them to other browsers and to emails."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and is_offered(language):
        user_language_set(actor=request.user, language=language)
    return response


@public_view
@require_safe
def javascript_catalog(request: HttpRequest) -> HttpResponse:
    """The translations the scripts use (gettext() in static/js/), in the page's language.

    Public: the sign-in page needs it too. It holds the djangojs catalogue and nothing else."""
    return _CATALOG(request)


_CATALOG = JavaScriptCatalog.as_view(domain="djangojs")
