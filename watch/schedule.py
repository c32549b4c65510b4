"""Queues the periodic source checks. Every worker process runs this loop; a shared counter lets
one of them queue per hour, however many servers there are."""

import time

from django.db import close_old_connections

from shield.ratelimits import allow
from watch.tasks import check_due_sources

SCHEDULE_SECONDS = 3600
POLL_SECONDS = 60


def queue_due_checks() -> bool:
    """Queue the hourly sweep unless another process already did in this hour."""
    if not allow("watch-schedule", "sweep", 1, SCHEDULE_SECONDS):
        return False
    check_due_sources.enqueue()
    return True


def run_forever() -> None:
    while True:
        close_old_connections()
        queue_due_checks()
        close_old_connections()
        time.sleep(POLL_SECONDS)
