from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShieldConfig(AppConfig):
    name = "shield"
    verbose_name = _("Shield")
