from django.urls import path

from billing.views import account, alerts, overview, plans, tickets

app_name = "billing"

urlpatterns = [
    path("", overview.billing, name="billing"),
    path("plans/<slug:kind>/", plans.plan_list, name="plans"),
    path("plans/<slug:kind>/compare/", plans.plan_compare, name="plan_compare"),
    path("accounts/<int:connection_id>/", account.account, name="account"),
    path("accounts/<int:connection_id>/webhook/", account.webhook_set, name="webhook_set"),
    path(
        "accounts/<int:connection_id>/webhook/panel/",
        account.webhook_use_panel,
        name="webhook_use_panel",
    ),
    path(
        "accounts/<int:connection_id>/webhook/clear/", account.webhook_clear, name="webhook_clear"
    ),
    path("tickets/", tickets.ticket_feed, name="tickets"),
    path("accounts/<int:connection_id>/tickets/new/", tickets.ticket_create, name="ticket_create"),
    # Fornex posts here; the token is the only credential (see billing/logs.py for the logs).
    path("hooks/tickets/<str:token>/", tickets.ticket_receive, name="ticket_receive"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/settings/", alerts.alert_settings, name="alert_settings"),
]
