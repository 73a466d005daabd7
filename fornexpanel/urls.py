from django.urls import include, path
from django.views.i18n import set_language

from accounts.access import public_view
from billing.views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("", include("accounts.urls")),
    path("billing/", include("billing.urls")),
    path("servers/", include("vps.urls")),
    path("dns/", include("dns.urls")),
    path("operations/", include("operations.urls")),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
]
