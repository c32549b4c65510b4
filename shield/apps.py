from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShieldConfig(AppConfig):
    name = "shield"
    verbose_name = _("Shield")

    def ready(self) -> None:
        from shield.addresses import trusted_proxies

        trusted_proxies()  # a mistyped KCINEMA_TRUSTED_PROXIES stops the start, naming the part
