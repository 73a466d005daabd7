from django.urls import path

from operations import views

app_name = "operations"

urlpatterns = [
    path("", views.operation_list, name="list"),
    path("<int:pk>/", views.operation_detail, name="detail"),
    path("<int:pk>/status/", views.operation_status, name="status"),
    path("<int:pk>/retry/", views.operation_retry_view, name="retry"),
    path("<int:pk>/end/", views.operation_end_view, name="end"),
    path("batch/<uuid:batch>/", views.batch_detail, name="batch"),
]
