"""The panel's URLs plus views that fail on purpose, for the error page tests."""

from django.urls import path

from accounts.access import AccessDenied, public_view
from fornexpanel.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@public_view
def boom(request):
    raise RuntimeError("the view broke on purpose")


@public_view
def forbidden(request):
    raise AccessDenied("connection.manage", "viewer")


urlpatterns = [
    *urlpatterns,
    path("test-errors/boom/", boom),
    path("test-errors/forbidden/", forbidden),
]
