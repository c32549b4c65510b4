"""Takedown notices: filing one hides the named sources at once; staff confirm, reject
(restoring them) or handle a counter-notice. Every step is written to the notice's audit trail."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from watch.models import TakedownEvent, TakedownNotice, VideoSource
from watch.signals import sources_changed

HOLDING_STATUSES = (TakedownNotice.Status.RECEIVED, TakedownNotice.Status.CONFIRMED)


class Decision:
    """The decisions staff can take on a notice, by name (the admin's buttons and actions)."""

    CONFIRM = "confirm"
    REJECT = "reject"
    RESTORE = "restore"


# Which decision is open in which status: a notice is confirmed or rejected once filed; a
# confirmed notice can still be found unfounded; a counter-notice is upheld (restore) or not
# (confirm); a rejected notice is settled.
OPEN_DECISIONS = {
    TakedownNotice.Status.RECEIVED: (Decision.CONFIRM, Decision.REJECT),
    TakedownNotice.Status.CONFIRMED: (Decision.REJECT,),
    TakedownNotice.Status.COUNTER_NOTICE: (Decision.RESTORE, Decision.CONFIRM),
    TakedownNotice.Status.REJECTED: (),
}


def decisions_open_to(notice: TakedownNotice) -> tuple[str, ...]:
    """The names of the decisions staff may take on this notice now."""
    return OPEN_DECISIONS.get(notice.status, ())


def sources_named(targets: Iterable[tuple[str, dict]]) -> list[VideoSource]:
    """The sources a notice's addresses name: a film page names all of the film's sources."""
    source_ids, film_slugs = set(), set()
    for view_name, kwargs in targets:
        if view_name == "watch:play":
            source_ids.add(kwargs["pk"])
        else:
            film_slugs.add(kwargs["slug"])
    return list(
        VideoSource.objects.filter(pk__in=source_ids)
        | VideoSource.objects.filter(film__slug__in=film_slugs)
    )


@transaction.atomic
def file_notice(notice: TakedownNotice, targets: Iterable[tuple[str, dict]]) -> TakedownNotice:
    """Save a notice and hide what it names, in one transaction."""
    notice.status = TakedownNotice.Status.RECEIVED
    notice.save()
    sources = sources_named(targets)
    notice.sources.set(sources)
    _set_hidden([source.pk for source in sources], hidden=True)
    TakedownEvent.objects.create(
        notice=notice,
        action=TakedownEvent.Action.FILED,
        details={"hidden_sources": sorted(s.pk for s in sources)},
    )
    return notice


def _decide(
    notice: TakedownNotice,
    *,
    status: str,
    action: str,
    actor: AbstractBaseUser | None,
    note: str,
    restore: bool,
) -> TakedownNotice:
    """Record staff's decision on a notice, showing its sources again when `restore`."""
    notice.status = status
    notice.decided_at = timezone.now()
    if note:
        notice.decision_note = note
    notice.save(update_fields=["status", "decided_at", "decision_note"])
    restored = _restore_sources(notice) if restore else []
    TakedownEvent.objects.create(
        notice=notice,
        action=action,
        actor=actor,
        note=note,
        details={"restored_sources": restored} if restore else {},
    )
    return notice


def _restore_sources(notice: TakedownNotice) -> list[int]:
    """Show the notice's sources again, except those another pending or confirmed notice holds."""
    held_elsewhere = (
        TakedownNotice.objects.filter(status__in=HOLDING_STATUSES)
        .exclude(pk=notice.pk)
        .values_list("sources", flat=True)
    )
    restorable = notice.sources.exclude(pk__in=[pk for pk in held_elsewhere if pk])
    ids = sorted(restorable.values_list("pk", flat=True))
    _set_hidden(ids, hidden=False)
    return ids


def _set_hidden(source_ids: list[int], *, hidden: bool) -> None:
    """Hide or show these sources, and say so (sources_changed): an update() sends no
    post_save, and what others keep about playable sources (search's filters) must follow."""
    sources = VideoSource.objects.filter(pk__in=source_ids)
    film_ids = sorted(set(sources.values_list("film_id", flat=True)))
    sources.update(hidden_by_takedown=hidden)
    if film_ids:
        sources_changed.send(sender=VideoSource, film_ids=film_ids)


@transaction.atomic
def confirm_notice(
    notice: TakedownNotice, *, actor: AbstractBaseUser | None = None, note: str = ""
) -> TakedownNotice:
    """Staff agree with the notice: its sources stay hidden."""
    return _decide(
        notice,
        status=TakedownNotice.Status.CONFIRMED,
        action=TakedownEvent.Action.CONFIRMED,
        actor=actor,
        note=note,
        restore=False,
    )


@transaction.atomic
def reject_notice(
    notice: TakedownNotice, *, actor: AbstractBaseUser | None = None, note: str = ""
) -> TakedownNotice:
    """Staff find the notice unfounded: its sources are shown again."""
    return _decide(
        notice,
        status=TakedownNotice.Status.REJECTED,
        action=TakedownEvent.Action.REJECTED,
        actor=actor,
        note=note,
        restore=True,
    )


@transaction.atomic
def record_counter_notice(
    notice: TakedownNotice, text: str, *, actor: AbstractBaseUser | None = None
) -> TakedownNotice:
    """The uploader disputes the notice: recorded; the sources stay hidden until staff restore."""
    notice.counter_notice = text
    notice.status = TakedownNotice.Status.COUNTER_NOTICE
    notice.save(update_fields=["counter_notice", "status"])
    TakedownEvent.objects.create(
        notice=notice, action=TakedownEvent.Action.COUNTER_NOTICE, actor=actor, note=text
    )
    return notice


@transaction.atomic
def restore_after_counter_notice(
    notice: TakedownNotice, *, actor: AbstractBaseUser | None = None, note: str = ""
) -> TakedownNotice:
    """The uploader's counter-notice stands: the sources are shown again."""
    return _decide(
        notice,
        status=TakedownNotice.Status.REJECTED,
        action=TakedownEvent.Action.RESTORED,
        actor=actor,
        note=note,
        restore=True,
    )


def decide(
    notice: TakedownNotice, decision: str, *, actor: AbstractBaseUser | None, note: str = ""
) -> TakedownNotice:
    """Take one of the decisions open to the notice (decisions_open_to); ValueError for one
    that is not (the admin offers only those, but a list action or a stale page may ask)."""
    if decision not in decisions_open_to(notice):
        raise ValueError(f"{decision!r} is not open to a notice that is {notice.status!r}")
    steps = {
        Decision.CONFIRM: confirm_notice,
        Decision.REJECT: reject_notice,
        Decision.RESTORE: restore_after_counter_notice,
    }
    return steps[decision](notice, actor=actor, note=note)
