"""Background jobs of the imports, run by `kcinema worker`."""

from django.tasks import task

from importers.retention import LIMITED, drop_expired


@task
def drop_expired_data() -> dict[str, list[int]]:
    """Forget what each time-limited source (TMDB) gave past its limit; queued once a day."""
    return {source.value: list(drop_expired(source)) for source in LIMITED}


def queue_daily() -> bool:
    """Queue the day's job unless another worker process already did today."""
    from shield.ratelimits import allow

    if not allow("importers-schedule", "retention", 1, 24 * 3600):
        return False
    drop_expired_data.enqueue()
    return True
