"""Security headers on every response: the Content-Security-Policy (Django 5.2 has none built in)
and a Permissions-Policy, plus the headers Django's own middleware adds, for the responses that
never pass through it (static files from WhiteNoise, the health answer)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def policy_header(directives: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{name} {' '.join(sources)}".strip() for name, sources in directives.items() if sources
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = policy_header(settings.CONTENT_SECURITY_POLICY)
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not (settings.DEBUG and response.status_code in (404, 500)):
            # With DEBUG on, Django's technical 404/500 pages use inline scripts and styles: they
            # stay readable on a developer's machine. Production pages always get the policy.
            response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if settings.SECURE_REFERRER_POLICY:
            response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        return response


class NoStoreForMembersMiddleware:
    """Nothing a signed-in member sees (pages, fragments, exports) is kept by the browser's or a
    proxy's cache: `Cache-Control: no-store` (with Django's other never-cache headers).

    Except an answer marked `same_for_everyone` (the scripts' translations at a pinned URL): it
    holds nothing of the member's and is the same for every visitor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        member = user is not None and user.is_authenticated
        if member and not getattr(response, "same_for_everyone", False):
            add_never_cache_headers(response)
        return response
