"""The admin, with the project's site (its index shows what waits for staff in every app), and the
project package's own configuration."""

from django.apps import AppConfig

# The module, not the class: django.contrib.admin's AdminConfig in this module's namespace would
# be one more candidate for the kcinema app's own configuration.
from django.contrib.admin import apps as admin_apps


class EditorsAdminConfig(admin_apps.AdminConfig):
    """Installed in place of django.contrib.admin (settings.INSTALLED_APPS)."""

    default = False  # not the configuration of the kcinema app itself
    default_site = "kcinema.admin.EditorsAdminSite"


class KcinemaConfig(AppConfig):
    """The project package's own configuration: it follows the other apps' models for the
    audit log, which only the project, above them all, may name."""

    name = "kcinema"
    default = True

    def ready(self) -> None:
        from kcinema.audit import follow_staff_edits

        follow_staff_edits()
