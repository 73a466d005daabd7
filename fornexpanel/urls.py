from django.urls import include, path

from accounts.views.language import javascript_catalog, language_switch
from billing.views import dashboard
from fornexpanel.core.views import health

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("", include("accounts.urls")),
    path("billing/", include("billing.urls")),
    path("servers/", include("vps.urls")),
    path("dns/", include("dns.urls")),
    path("storage/", include("storage.urls")),
    path("labels/", include("labels.urls")),
    path("operations/", include("operations.urls")),
    path("", include("api.urls")),
    path("i18n/setlang/", language_switch, name="set_language"),
    # The translations the scripts in static/js/ use (gettext() in the browser).
    path("i18n/js/", javascript_catalog, name="javascript_catalog"),
    # Answered by HealthCheckMiddleware before host checks (same path as core.health.HEALTH_PATH).
    path("health/", health, name="health"),
]

handler400 = "fornexpanel.core.errors.bad_request"
handler403 = "fornexpanel.core.errors.permission_denied"
handler404 = "fornexpanel.core.errors.page_not_found"
handler500 = "fornexpanel.core.errors.server_error"
