"""Visitors' problem reports on sources (a broken video, the wrong film): filing one, and
staff marking them resolved. Sources reported often are flagged (watch.sources)."""

from django.db.models import QuerySet

from watch.models import ProblemReport, VideoSource


def file_report(source: VideoSource, *, reason: str, details: str = "") -> ProblemReport:
    """Store a visitor's report on a playable source (the form has validated reason and
    details)."""
    return ProblemReport.objects.create(source=source, reason=reason, details=details)


def resolve_reports(reports: QuerySet[ProblemReport]) -> int:
    """Mark reports as dealt with; how many changed."""
    return reports.update(resolved=True)
