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

    def increment(self, key: str, window_seconds: int, amount: int = 1) -> int:
        now = timezone.now()
        if random.random() < CLEANUP_PROBABILITY:  # noqa: S311 - not security, just housekeeping
            Counter.objects.filter(expires_at__lt=now).delete()
        updated = Counter.objects.filter(key=key).update(count=F("count") + amount)
        if not updated:
            try:
                with transaction.atomic():
                    Counter.objects.create(
                        key=key, count=amount, expires_at=now + timedelta(seconds=window_seconds)
                    )
                return amount
            except IntegrityError:  # another process created it first
                Counter.objects.filter(key=key).update(count=F("count") + amount)
        return Counter.objects.values_list("count", flat=True).get(key=key)

    def current(self, key: str) -> int:
        """The count so far, without counting (0 for a key never counted or expired)."""
        row = Counter.objects.filter(key=key, expires_at__gte=timezone.now()).first()
        return row.count if row else 0


class CacheCounters:
    """Redis's INCR is atomic, so the cache is the counter."""

    def increment(self, key: str, window_seconds: int, amount: int = 1) -> int:
        cache.add(key, 0, timeout=window_seconds)
        try:
            return cache.incr(key, amount)
        except ValueError:  # expired between add and incr
            cache.add(key, amount, timeout=window_seconds)
            return amount

    def current(self, key: str) -> int:
        return int(cache.get(key) or 0)


def counters() -> DatabaseCounters | CacheCounters:
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        return CacheCounters()
    return DatabaseCounters()
