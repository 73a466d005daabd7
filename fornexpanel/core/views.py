"""The health endpoint, for load balancers and monitoring (see fornexpanel/core/health.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from accounts.access import public_view
from fornexpanel.core.health import HEALTH_PATH, health_report


@public_view
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    # Public: a load balancer calls it without signing in. It answers states only, nothing that
    # names a host, a version or an error.
    serving, report = health_report()
    response = JsonResponse(report, status=200 if serving else 503)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answers the health path before host validation and the HTTPS redirect.

    Load balancers and `docker compose` probe a process by its address over plain HTTP, with a
    Host header that is not one of ALLOWED_HOSTS: through the normal stack they would get a 400
    or a redirect and take a healthy process for a dead one. The answer builds no URL from the
    Host header, so skipping the check is safe.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return health(request)
        return self.get_response(request)
