"""Queues the periodic jobs: the hourly source checks and the shield's daily pruning of the audit
log and the traffic log. Every worker process runs this loop; shared counters let one of them
act per period, however many servers there are."""

import time
from collections.abc import Callable, Sequence

from django.db import close_old_connections

from shield.audit import queue_pruning
from shield.ratelimits import allow
from shield.traffic import prune_once_a_day
from watch.tasks import check_due_sources

SCHEDULE_SECONDS = 3600
POLL_SECONDS = 60


def queue_due_checks() -> bool:
    """Queue the hourly sweep unless another process already did in this hour."""
    if not allow("watch-schedule", "sweep", 1, SCHEDULE_SECONDS):
        return False
    check_due_sources.enqueue()
    return True


def run_forever(also: Sequence[Callable[[], object]] = ()) -> None:
    """`also`: other apps' queueing functions, handed in by the project (kcinema.cli)."""
    while True:
        close_old_connections()
        queue_due_checks()
        queue_pruning()
        prune_once_a_day()
        for queue in also:
            queue()
        close_old_connections()
        time.sleep(POLL_SECONDS)
