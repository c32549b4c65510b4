"""Counters that every process and server shares: Redis when the site has it, else the database.

Never per-process memory: a limit counted in one gunicorn worker would not stop the others."""

import random
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from shield.models import Counter

CLEANUP_PROBABILITY = 0.01


class DatabaseCounters:
    """One row per key and window, incremented with an atomic UPDATE."""

    def increment(self, key: str, window_seconds: int) -> int:
        now = timezone.now()
        if random.random() < CLEANUP_PROBABILITY:  # noqa: S311 - not security, just housekeeping
            Counter.objects.filter(expires_at__lt=now).delete()
        updated = Counter.objects.filter(key=key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    Counter.objects.create(
                        key=key, count=1, expires_at=now + timedelta(seconds=window_seconds)
                    )
                return 1
            except IntegrityError:  # another process created it first
                Counter.objects.filter(key=key).update(count=F("count") + 1)
        return Counter.objects.values_list("count", flat=True).get(key=key)


class CacheCounters:
    """Redis's INCR is atomic, so the cache is the counter."""

    def increment(self, key: str, window_seconds: int) -> int:
        cache.add(key, 0, timeout=window_seconds)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window_seconds)
            return 1


def counters() -> DatabaseCounters | CacheCounters:
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        return CacheCounters()
    return DatabaseCounters()
