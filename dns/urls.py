from django.urls import path

from dns import views

app_name = "dns"

urlpatterns = [
    path("", views.domain_list, name="list"),
]
