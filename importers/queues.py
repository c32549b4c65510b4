"""What of imports waits for staff, and the admin page an importing editor starts from, for the
admin's index (composed by the project)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from importers.models import Review

# Who may import a film from an id: it adds films and changes them.
IMPORTING = ("catalog.add_film", "catalog.change_film")


def waiting_for_staff() -> list[dict[str, Any]]:
    """Imports waiting for an editor's decision (one count, through the review_open index)."""
    url = reverse("admin:importers_review_changelist")
    return [
        {
            "label": _("Imports to review"),
            "count": Review.objects.filter(status=Review.Status.OPEN).count(),
            "url": f"{url}?status__exact={Review.Status.OPEN}",
            "permission": "importers.view_review",
        }
    ]


def staff_tools() -> list[dict[str, Any]]:
    """Pages to start from, with the permissions each needs."""
    return [
        {
            "label": _("Import from an id"),
            "url": reverse("admin:importers_import_from_id"),
            "permissions": IMPORTING,
        }
    ]
