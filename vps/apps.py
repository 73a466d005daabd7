from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VpsConfig(AppConfig):
    name = "vps"
    verbose_name = _("Servers")

    def ready(self) -> None:
        from vps.operations import register_handlers

        register_handlers()

        from vps.ordering import register_handler

        register_handler()
