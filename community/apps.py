from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")
    # The comment form's own page and its tokens: nothing for a search engine.
    crawlers_keep_out = ("/films/*/comments/",)
