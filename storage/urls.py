from django.urls import path

from storage.views import buckets

app_name = "storage"

ORDER = "<int:connection_id>/<str:order_id>"

urlpatterns = [
    path("", buckets.s3_list, name="list"),
    path(f"{ORDER}/", buckets.s3_detail, name="detail"),
    path(f"{ORDER}/threshold/", buckets.s3_threshold, name="threshold"),
    path(f"{ORDER}/credentials/", buckets.s3_credentials, name="credentials"),
]
