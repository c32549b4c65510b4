"""What of the community waits for staff, for the admin's index (composed by the project)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.models import Comment


def waiting_for_staff() -> list[dict[str, Any]]:
    """Comments awaiting moderation: how many, and the list that shows them (one count,
    through the comment_queue index)."""
    url = reverse("admin:community_comment_changelist")
    return [
        {
            "label": _("Comments to moderate"),
            "count": Comment.objects.filter(status=Comment.Status.PENDING).count(),
            "url": f"{url}?status__exact={Comment.Status.PENDING}",
            "permission": "community.view_comment",
        }
    ]
