from django.urls import path

from labels import views

app_name = "labels"

urlpatterns = [
    path("orders/<int:connection_id>/<str:order_id>/", views.order_label, name="order"),
    path("domains/<int:connection_id>/<str:name>/", views.domain_tags, name="domain_tags"),
]
