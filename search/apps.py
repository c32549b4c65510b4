from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    # Paths of each language's site that crawlers are asked to leave alone (robots.txt):
    # results pages are endless variations of the pages the sitemap lists.
    crawlers_keep_out = ("/search/",)

    def ready(self) -> None:
        from search import signals  # noqa: F401 - connects the index to catalogue edits
