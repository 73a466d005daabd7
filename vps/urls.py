from django.urls import path

from vps import views

app_name = "vps"

urlpatterns = [
    path("", views.server_list, name="list"),
]
