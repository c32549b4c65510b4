"""What of watching waits for staff, for the admin's index (composed by the project): open
problem reports, takedown notices awaiting a decision, sources visitors keep reporting and
sources the health check found broken. One count each, through an index."""

from typing import Any

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watch.models import ProblemReport, TakedownNotice, VideoSource

# Notices staff must act on: just filed (sources hidden, awaiting confirmation or rejection),
# or disputed by a counter-notice.
AWAITING_DECISION = (TakedownNotice.Status.RECEIVED, TakedownNotice.Status.COUNTER_NOTICE)
# What the health check found wrong: the source does not play, whether switched off or not.
UNHEALTHY = (
    VideoSource.Health.NOT_EMBEDDABLE,
    VideoSource.Health.REMOVED,
    VideoSource.Health.UNREACHABLE,
)


def awaiting_decision():
    return TakedownNotice.objects.filter(status__in=AWAITING_DECISION)


def unhealthy_sources():
    return VideoSource.objects.filter(health__in=UNHEALTHY)


def flagged_source_count() -> int:
    """Sources with at least WATCH_REPORTS_TO_FLAG open reports, counted from the open reports."""
    return (
        ProblemReport.objects.filter(resolved=False)
        .values("source")
        .annotate(reports=Count("id"))
        .filter(reports__gte=settings.WATCH_REPORTS_TO_FLAG)
        .count()
    )


def waiting_for_staff() -> list[dict[str, Any]]:
    """Each queue: its label, how many wait, the filtered list and the permission to see it."""
    reports = reverse("admin:watch_problemreport_changelist")
    notices = reverse("admin:watch_takedownnotice_changelist")
    sources = reverse("admin:watch_videosource_changelist")
    return [
        {
            "label": _("Open problem reports"),
            "count": ProblemReport.objects.filter(resolved=False).count(),
            "url": f"{reports}?resolved__exact=0",
            "permission": "watch.view_problemreport",
        },
        {
            "label": _("Takedown notices awaiting a decision"),
            "count": awaiting_decision().count(),
            "url": f"{notices}?awaiting=yes",
            "permission": "watch.view_takedownnotice",
        },
        {
            "label": _("Sources flagged by repeated reports"),
            "count": flagged_source_count(),
            "url": f"{sources}?flagged=yes",
            "permission": "watch.view_videosource",
        },
        {
            "label": _("Sources that no longer play"),
            "count": unhealthy_sources().count(),
            "url": f"{sources}?unhealthy=yes",
            "permission": "watch.view_videosource",
        },
    ]
