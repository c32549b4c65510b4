"""The fast way for what most of a first import is: films the catalogue surely does not have
yet (no shared id, no film of the same title within a year), with their people. A batch of
them is written with a few bulk statements per table instead of a few dozen statements per
film; the result is the one importers.apply would write film by film (same values, provenance,
source records, reviews), and `import_new_films` hands back the records it will not take
(anything that needs matching or review) for importers.apply.

It runs inside the caller's transaction, in one savepoint: if the batch fails as a whole (a
constraint another writer broke meanwhile), the caller writes it film by film instead."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from catalog.editing import fill_in_film
from catalog.models import AlternativeTitle, Credit, Film, Person
from catalog.naming import film_slug, person_slug
from importers import apply
from importers.apply import Outcome
from importers.models import Provenance, SourceRecord
from importers.records import ID_FIELDS, FilmRecord, PersonRecord
from importers.slugs import unique_slugs
from search import indexing


@dataclass
class _Person:
    record: PersonRecord
    values: dict[str, Any]
    digest: str
    person_id: int | None = None  # found or made
    exists: bool = False  # found in the catalogue
    current: bool = False  # and this source's record of them is the one given: nothing to write


def _ids_in_use(model, records: list[dict[str, str]]) -> dict[tuple[str, str], int]:
    """(id field, value) -> row id, for every id these records carry that a row has."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for ids in records:
        for name in ID_FIELDS:
            if ids.get(name):
                wanted[name].add(str(ids[name]))
    found = {}
    for name, values in wanted.items():
        values = {int(v) for v in values if v.isdigit()} if name == "tmdb_id" else values
        for pk, value in model.objects.filter(**{f"{name}__in": values}).values_list("pk", name):
            found[(name, str(value))] = pk
    return found


def skip_unchanged(
    records: list[FilmRecord], now: datetime
) -> tuple[list[Outcome], list[FilmRecord]]:
    """Records this source gave before, unchanged: stamped as seen in one statement (how a
    resumed run knows them), nothing else written. (their outcomes, the other records)"""
    if not records:
        return [], []
    kept = dict(
        SourceRecord.objects.filter(
            source=records[0].source,
            source_id__in=[record.source_id for record in records],
            film__isnull=False,
        ).values_list("source_id", "checksum")
    )
    same, rest, outcomes = [], [], []
    for record in records:
        if record.source_id in kept and kept[record.source_id] == apply.record_checksum(record):
            same.append(record.source_id)
            outcomes.append(Outcome("unchanged", record.label))
        else:
            rest.append(record)
    SourceRecord.objects.filter(
        source=records[0].source, source_id__in=same, film__isnull=False
    ).update(fetched_at=now)
    return outcomes, rest


def split_new(records: list[FilmRecord]) -> tuple[list[FilmRecord], list[FilmRecord]]:
    """(surely new films, the rest): new means no id of theirs is in the catalogue, no film of
    their title is within a year of theirs, no earlier record of this batch shares either, and
    this source has not imported them before."""
    kept = set(
        SourceRecord.objects.filter(
            source=records[0].source,
            source_id__in=[record.source_id for record in records],
            film__isnull=False,
        ).values_list("source_id", flat=True)
    )
    in_use = _ids_in_use(Film, [record.ids for record in records])
    titles = defaultdict(set)
    hangul = [record.original_title for record in records if record.original_title]
    latin = [record.title for record in records if not record.original_title and record.title]
    for original, title, year in Film.objects.filter(
        Q(original_title__in=hangul) | Q(title__in=latin)
    ).values_list("original_title", "title", "year"):
        titles[original or title].add(year)
    new, rest = [], []
    seen_ids: set[tuple[str, str]] = set()
    seen_titles: set[tuple[str, int]] = set()
    for record in records:
        ids = {(name, str(value)) for name, value in record.ids.items() if value}
        title = record.original_title or record.title
        years = titles.get(title, set())
        near = record.year and any(abs(year - record.year) <= 1 for year in years)
        if (
            record.source_id in kept
            or not record.year
            or not title
            or near
            or ids & in_use.keys()
            or ids & seen_ids
            or any((title, record.year + delta) in seen_titles for delta in (-1, 0, 1))
        ):
            rest.append(record)
        else:
            new.append(record)
        seen_ids |= ids
        if title and record.year:
            seen_titles.add((title, record.year))
    return new, rest


def import_new_films(
    records: list[FilmRecord], *, now: datetime | None = None, known_people: dict | None = None
) -> tuple[list[Outcome], list[FilmRecord]]:
    """Write the surely new films of `records` in bulk: (their outcomes, the records left for
    importers.apply)."""
    now = now or timezone.now()
    known_people = known_people if known_people is not None else {}
    unchanged, records = skip_unchanged(records, now)
    new, rest = split_new(records) if records else ([], [])
    if not new:
        return unchanged, rest
    people = _people(new, known_people)
    if people is None:  # someone needs a review: leave the batch to the careful way
        return unchanged, records
    try:
        with transaction.atomic():
            outcomes = _write(new, people, now)
    except (IntegrityError, ValidationError, DataError):
        # another writer took an id or a slug meanwhile, or a value does not fit: the careful
        # way, film by film, writes the rest and says which film and why
        return unchanged, records
    for person in people.values():
        if person.record.source_id:
            key = (person.record.source.value, person.record.source_id)
            known_people[key] = (person.digest, person.person_id)
    return unchanged + outcomes, rest


def _person_key(record: PersonRecord) -> tuple:
    if record.source_id:
        return ("id", record.source.value, record.source_id)
    return ("name", record.name_ko, record.name, tuple(sorted(record.ids.items())))


def _people(films: list[FilmRecord], known: dict) -> dict[tuple, _Person] | None:
    """Every person the films credit, found by id or to be made; None when one of them could
    only be told by an editor (a namesake without an id)."""
    people: dict[tuple, _Person] = {}
    for film in films:
        for credit in film.credits:
            key = _person_key(credit.person)
            if key not in people:
                values = apply.person_record_values(credit.person)
                people[key] = _Person(credit.person, values, apply.checksum(values))
    for person in people.values():
        remembered = known.get((person.record.source.value, person.record.source_id))
        if person.record.source_id and remembered and remembered[0] == person.digest:
            person.person_id, person.exists, person.current = remembered[1], True, True
    waiting = [person for person in people.values() if person.person_id is None]
    by_id = _ids_in_use(Person, [person.record.ids for person in waiting])
    by_source = {
        (source, source_id): person_id
        for source, source_id, person_id in SourceRecord.objects.filter(
            source=films[0].source,
            source_id__in=[p.record.source_id for p in waiting if p.record.source_id],
            person__isnull=False,
        ).values_list("source", "source_id", "person_id")
    }
    nameless = []
    for person in waiting:
        found = {
            by_id[(name, str(value))]
            for name, value in person.record.ids.items()
            if (name, str(value)) in by_id
        }
        source_key = (person.record.source.value, person.record.source_id)
        if person.record.source_id and (pk := by_source.get(source_key)):
            found.add(pk)
        if len(found) > 1:
            return None
        if found:
            person.person_id, person.exists = found.pop(), True
        elif not (person.record.ids or person.record.source_id):
            nameless.append(person)
    if nameless:
        names_ko = {p.record.name_ko for p in nameless if p.record.name_ko}
        names = {p.record.name for p in nameless if not p.record.name_ko}
        if Person.objects.filter(Q(name_ko__in=names_ko) | Q(name__in=names)).exists():
            return None
        seen = set()
        for person in nameless:  # two namesakes without ids in one batch: ask an editor
            name = person.record.name_ko or person.record.name
            if name in seen:
                return None
            seen.add(name)
    return people


def _write(films: list[FilmRecord], people: dict[tuple, _Person], now: datetime) -> list[Outcome]:
    stamp = now.isoformat()
    # People: the new ones made, the found ones given this source's record.
    making = [person for person in people.values() if person.person_id is None]
    built = [apply.build_person(person.record, person.values) for person in making]
    for person, slug in zip(
        built,
        unique_slugs(Person, [person_slug(p.name, p.name_ko) for p in built]),
        strict=True,
    ):
        person.slug = slug
    Person.objects.bulk_create(built)
    for person, row in zip(making, built, strict=True):
        person.person_id = row.pk
    Provenance.objects.bulk_create(
        Provenance(person=row, fields=apply.written_by(row, person.record.source.value))
        for person, row in zip(making, built, strict=True)
    )
    SourceRecord.objects.bulk_create(
        SourceRecord(
            person_id=person.person_id,
            source=person.record.source,
            source_id=person.record.source_id,
            values=person.values,
            checksum=person.digest,
            fetched_at=now,
        )
        for person in making
    )
    found = [person for person in people.values() if person.exists and not person.current]
    digests = dict(
        SourceRecord.objects.filter(
            person__in=[person.person_id for person in found], source=films[0].source
        ).values_list("person_id", "checksum")
    )
    for person in found:
        if digests.get(person.person_id) != person.digest:  # new or changed at this source
            apply.import_person(person.record, Person.objects.get(pk=person.person_id), now)

    # Films, their provenance, genres, titles, credits and this source's record of each.
    values = [apply.record_values(record) for record in films]
    rows = [apply.build_film(record, value) for record, value in zip(films, values, strict=True)]
    bases = [film_slug(film.title, film.original_title, film.year) for film in rows]
    for film, slug in zip(rows, unique_slugs(Film, bases), strict=True):
        film.slug = slug
        fill_in_film(film)
    Film.objects.bulk_create(rows)
    genres = {
        genre.slug: genre
        for genre in apply.genres_for(sorted({s for value in values for s in value["genres"]}))
    }
    through = Film.genres.through
    memberships, titles, credits, provenance, kept = [], [], [], [], []
    for record, value, film in zip(films, values, rows, strict=True):
        credit_rows, seen = [], set()
        for credit in record.credits:
            person_id = people[_person_key(credit.person)].person_id
            if (person_id, credit.role) in seen:
                continue
            seen.add((person_id, credit.role))
            credit_rows.append([person_id, credit.role, credit.character, credit.character_ko])
        value["credits"] = credit_rows
        fields = apply.written_by(film, record.source.value)
        film_genres = [slug for slug in value["genres"] if slug in genres]
        memberships += [through(film_id=film.pk, genre_id=genres[s].pk) for s in film_genres]
        fields["genres"] = {"source": record.source.value, "value": film_genres, "at": stamp}
        film_titles = apply.distinct_titles(
            value["alternative_titles"], film.title, film.original_title
        )
        titles += [
            AlternativeTitle(film=film, title=title, language=language, kind=kind)
            for title, language, kind in film_titles
        ]
        fields["alternative_titles"] = {
            "source": record.source.value,
            "value": sorted([list(title) for title in film_titles]),
            "at": stamp,
        }
        merged = apply.merge_credits({record.source.value: value})
        credits += [
            Credit(
                film=film,
                person_id=person_id,
                role=role,
                character=character[:150],
                character_ko=character_ko[:150],
                order=position,
            )
            for position, (person_id, role, character, character_ko) in enumerate(merged)
        ]
        fields["credits"] = {"source": "merged", "value": merged, "at": stamp}
        provenance.append(Provenance(film=film, fields=fields))
        kept.append(
            SourceRecord(
                film=film,
                source=record.source,
                source_id=record.source_id,
                values=value,
                checksum=apply.record_checksum(record),
                url=record.url[:500],
                fetched_at=now,
            )
        )
    for model, objects in (
        (through, memberships),
        (AlternativeTitle, titles),
        (Credit, credits),
        (Provenance, provenance),
        (SourceRecord, kept),
    ):
        model.objects.bulk_create(objects, batch_size=500)
    # Bulk writes send no signals: the search index is told (it writes once, at the batch's end).
    indexing.people_changed(p.person_id for p in people.values() if not p.exists)
    indexing.films_changed(film.pk for film in rows)
    return [
        Outcome("created", record.label, film_id=film.pk)
        for record, film in zip(films, rows, strict=True)
    ]
