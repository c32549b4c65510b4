from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "watch"
    verbose_name = _("Watching")
    # Paths of each language's site that crawlers are asked to leave alone (robots.txt): forms.
    crawlers_keep_out = ("/takedown/", "/watch/*/report/")
