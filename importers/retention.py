"""Data a source lets a site keep only so long (TMDB: six months, importers.attribution): what
to fetch again before the limit, and dropping what passed it. Dropping a source's records
gives each field the next-ranked source's value, or empties it when no other source has one
(importers.apply.resolve_film); an editor's values stay."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from catalog.editing import films_changed
from catalog.models import Film, Person
from importers.apply import resolve_film, resolve_person
from importers.attribution import tmdb_expired_before, tmdb_refresh_before
from importers.models import SourceRecord
from importers.records import Source
from search.indexing import deferred

# Sources with a limit: (read again before, drop before), as functions of now.
LIMITED = {Source.TMDB: (tmdb_refresh_before, tmdb_expired_before)}


def due_for_refresh(source: Source, now: datetime | None = None) -> list[str]:
    """The source's ids of the films it gave values for that are due to be read again."""
    if source not in LIMITED:
        return []
    before = LIMITED[source][0](now)
    return list(
        SourceRecord.objects.filter(source=source, film__isnull=False, fetched_at__lt=before)
        .order_by("fetched_at")
        .values_list("source_id", flat=True)
    )


def drop_expired(source: Source, now: datetime | None = None) -> tuple[int, int]:
    """Forget what the source gave that is older than it lets a site keep: (films, people)."""
    if source not in LIMITED:
        return 0, 0
    now = now or timezone.now()
    expired = SourceRecord.objects.filter(source=source, fetched_at__lt=LIMITED[source][1](now))
    film_ids = list(expired.filter(film__isnull=False).values_list("film_id", flat=True))
    person_ids = list(expired.filter(person__isnull=False).values_list("person_id", flat=True))
    with transaction.atomic(), deferred():
        expired.delete()
        for person in Person.objects.filter(pk__in=person_ids):
            resolve_person(person, now)
        for film in Film.objects.filter(pk__in=film_ids):
            resolve_film(film, now)
        films_changed(film_ids)
    return len(film_ids), len(person_ids)
