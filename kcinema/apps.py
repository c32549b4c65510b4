"""The admin, with the project's site: its index shows what waits for staff in every app."""

# The module, not the class: an AppConfig class in this module's namespace would be taken for
# the kcinema app's own configuration.
from django.contrib.admin import apps as admin_apps


class EditorsAdminConfig(admin_apps.AdminConfig):
    """Installed in place of django.contrib.admin (settings.INSTALLED_APPS)."""

    default = False  # not the configuration of the kcinema app itself
    default_site = "kcinema.admin.EditorsAdminSite"
