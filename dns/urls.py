from django.urls import path

import fornexpanel.core.converters  # noqa: F401  (registers <fornex_id:...>)
from dns.views import domains, nameservers, plans, records, zone

app_name = "dns"

# A domain is addressed through a connection of the current team: /dns/<connection>/<domain>/.
D = "<int:connection_id>/<str:domain>/"

urlpatterns = [
    path("", domains.domain_list, name="list"),
    path("orders/", nameservers.order_list, name="orders"),
    path("<int:connection_id>/add/", domains.domain_add, name="domain_add"),
    path(
        "<int:connection_id>/orders/<str:order_id>/nameservers/",
        nameservers.nameservers_change,
        name="nameservers",
    ),
    path(D, domains.domain_detail, name="domain"),
    path(D + "delete/", domains.domain_delete, name="domain_delete"),
    path(D + "records/add/", records.record_add, name="record_add"),
    path(D + "records/<fornex_id:record_id>/", records.record_detail, name="record"),
    path(D + "records/<fornex_id:record_id>/edit/", records.record_edit, name="record_edit"),
    path(D + "records/<fornex_id:record_id>/delete/", records.record_delete, name="record_delete"),
    path(D + "plan/", plans.plan_detail, name="plan"),
    path(D + "plan/apply/", plans.plan_apply, name="plan_apply"),
    path(D + "plan/discard/", plans.plan_discard, name="plan_discard"),
    path(D + "plan/status/", plans.plan_status, name="plan_status"),
    path(D + "plan/<int:change_id>/remove/", plans.plan_remove, name="plan_remove"),
    path(D + "zone/", zone.zone_file, name="zone"),
    path(D + "zone/download/", zone.zone_download, name="zone_download"),
]
