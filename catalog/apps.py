from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def keep_counting(using: str, **kwargs) -> None:
    """SQLite loses a table's triggers when a migration rebuilds the table: put the count
    triggers back and count again (catalog.counts)."""
    from django.db import connections

    from catalog import counts

    counts.ensure_counted(connections[using])


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        post_migrate.connect(keep_counting, sender=self, dispatch_uid="catalog-keep-counting")
