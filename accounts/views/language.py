"""Switching the interface language from the header."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import JavaScriptCatalog, set_language

from accounts.access import public_view
from accounts.services import user_language_set
from fornexpanel.core.context_processors import VERSION
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


CATALOG_MAX_AGE = 365 * 24 * 60 * 60


@public_view
@require_safe
def javascript_catalog(request: HttpRequest) -> HttpResponse:
    """The translations the scripts use (gettext() in static/js/), in the page's language.

    Public: the sign-in page needs it too. It holds the djangojs catalogue and nothing else.
    Pages link it as `?lang=<language>&v=<release>`: that URL names one catalogue, so browsers
    keep it for a year and a new release (new strings) or another language is another URL.
    Without both (or with an old release) it is the request's language, revalidated each time."""
    language = request.GET.get("lang", "")
    pinned = is_offered(language) and request.GET.get("v") == VERSION
    if pinned:
        with translation.override(language):
            response = _CATALOG(request)
        patch_cache_control(response, public=True, max_age=CATALOG_MAX_AGE, immutable=True)
        response.same_for_everyone = True  # cached for members too (fornexpanel/core/security.py)
    else:
        response = _CATALOG(request)
        patch_cache_control(response, no_cache=True)
    return response


_CATALOG = JavaScriptCatalog.as_view(domain="djangojs")
