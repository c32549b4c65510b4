"""Background jobs of the watch app, run by the database-backed worker (`kcinema worker`)."""

from django.tasks import task

from watch.health import check_source, due_sources
from watch.models import VideoSource


@task
def check_source_health(source_id: int) -> str:
    source = VideoSource.objects.filter(pk=source_id).first()
    if source is None:
        return "deleted"
    return check_source(source).health


@task
def check_due_sources() -> int:
    """Queue a check of every source whose last check is older than the interval."""
    ids = list(due_sources().values_list("pk", flat=True))
    for source_id in ids:
        check_source_health.enqueue(source_id)
    return len(ids)
