from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DnsConfig(AppConfig):
    name = "dns"
    verbose_name = _("DNS")

    def ready(self) -> None:
        from dns.operations import register_handlers

        register_handlers()
