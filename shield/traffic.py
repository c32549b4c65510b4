"""The traffic log: blocked and offending requests, a bounded number per source and minute (a
flood leaves a sample, not a copy of itself), pruned by age."""

import random
import re
import time
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from shield.addresses import request_group
from shield.counters import counters
from shield.models import TrafficEntry

PATH_KEPT = 300
AGENT_KEPT = 300
# NUL cannot be stored by PostgreSQL; the other control characters only garble a listing.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def printable(text: str, length: int) -> str:
    return CONTROL_CHARACTERS.sub("?", text[: length * 2])[:length]


def log_request(request: HttpRequest, kind: str, status: int, *, sample: float = 1.0) -> bool:
    """Write one entry, unless the sample skips it or its source filled its minute."""
    if sample < 1 and random.random() >= sample:  # noqa: S311 - sampling, not security
        return False
    group = request_group(request)
    key = f"shield:log:{group}:{int(time.time() // 60)}"
    if counters().increment(key, 60) > settings.SHIELD_LOG_PER_MINUTE:
        return False
    TrafficEntry.objects.create(
        group=group,
        method=printable(request.method or "", 10),
        path=printable(request.get_full_path(), PATH_KEPT),
        user_agent=printable(request.META.get("HTTP_USER_AGENT", ""), AGENT_KEPT),
        kind=kind,
        status=status,
    )
    return True


def prune(days: int | None = None) -> int:
    """Delete entries older than `days` (SHIELD_LOG_DAYS); how many went."""
    keep = settings.SHIELD_LOG_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep)
    deleted, _kinds = TrafficEntry.objects.filter(at__lt=cutoff).delete()
    return deleted


def prune_once_a_day() -> int | None:
    """For the background worker's schedule, which every worker process runs: the first to
    ask in a day prunes (how many entries went), the others find it done (None)."""
    if counters().increment(f"shield:prune:{int(time.time() // 86400)}", 86400) > 1:
        return None
    return prune()


def recent_for(group: str, limit: int = 10):
    return TrafficEntry.objects.filter(group=group).order_by("-at")[:limit]
