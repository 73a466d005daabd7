from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fornexpanel.core"
    label = "core"
    verbose_name = "Fornex Panel core"
