"""Blocking a source (an IPv4 address or an IPv6 /64) for a time that grows with each repeat,
and lifting a block. Each block is a row (its history makes repeats longer and explains them);
the firewall reads a copy in the shared cache, one key per blocked source."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from shield.counters import counters
from shield.models import Block

BLOCK_KEY = "shield:block:{group}"


def block_key(group: str) -> str:
    return BLOCK_KEY.format(group=group)


def duration_for(level: int) -> timedelta:
    """The n-th block in the repeat window lasts the n-th of SHIELD_BLOCK_MINUTES (the last
    one again for every repeat beyond)."""
    minutes = settings.SHIELD_BLOCK_MINUTES
    return timedelta(minutes=minutes[min(level, len(minutes) - 1)])


def recent_blocks(group: str) -> QuerySet[Block]:
    since = timezone.now() - timedelta(days=settings.SHIELD_REPEAT_DAYS)
    return Block.objects.filter(group=group, started_at__gte=since)


def mirror(block: Block) -> None:
    """Copy a block into the shared cache, where the firewall looks, until it ends."""
    seconds = (block.ends_at - timezone.now()).total_seconds()
    if seconds > 0:
        cache.set(block_key(block.group), block.ends_at.timestamp(), int(seconds) + 1)


def mirror_active_blocks() -> None:
    """After the snapshot of the lists was lost (a cleared or culled cache), so may the copies
    of blocks have been: copy every running block again."""
    for block in active_blocks():
        mirror(block)


def active_blocks() -> QuerySet[Block]:
    return Block.objects.filter(ends_at__gt=timezone.now(), lifted_at__isnull=True)


def block(group: str, *, reason: str, minutes: int | None = None) -> Block:
    """Block a source: for `minutes`, else for as long as its repeats in the window call for."""
    level = recent_blocks(group).count()
    length = timedelta(minutes=minutes) if minutes else duration_for(level)
    now = timezone.now()
    active_blocks().filter(group=group).update(lifted_at=now, lifted_by="replaced")
    made = Block.objects.create(
        group=group, reason=reason, level=level, started_at=now, ends_at=now + length
    )
    mirror(made)
    return made


def lift(group: str, *, by: str) -> int:
    """End a source's running block; how many were running."""
    lifted = active_blocks().filter(group=group).update(lifted_at=timezone.now(), lifted_by=by)
    cache.delete(block_key(group))
    return lifted


def unblock_key(group: str) -> str:
    period = settings.SHIELD_UNBLOCK_PERIOD_HOURS * 3600
    return f"shield:unblocked:{group}:{int(time.time() // period)}"


def may_unblock_by_proof(group: str) -> bool:
    """A human lifts their own block once per period; a bot that keeps offending stays out."""
    return counters().current(unblock_key(group)) < 1


def unblock_by_proof(group: str) -> bool:
    """Lift the block after a solved proof of work, once per period; False when used up."""
    period = settings.SHIELD_UNBLOCK_PERIOD_HOURS * 3600
    if counters().increment(unblock_key(group), period) > 1:
        return False
    lift(group, by="proof of work")
    return True
