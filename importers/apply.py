"""Merging what a source says about a film into the catalogue: one film, whatever the sources.

`import_film(record)` finds the film the record describes (importers.matching), keeps the
source's values (SourceRecord), then sets each field of the film, and of each person it
credits, to the best value any source gave (importers.ranking), except fields an editor
changed: a field whose value is not the one an import last wrote (Provenance) is the editor's,
and stays. It writes in one savepoint: a film is written whole or not at all.

Values are compared in one form per field (`film_values`, `person_values`): strings, ints,
ISO dates, "KR,US" for code lists, sorted lists for genres and alternative titles."""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.editing import fill_in_film, fill_in_person, save_genre
from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from catalog.naming import romanise
from importers import matching, ranking, slugs
from importers.genres import GENRES
from importers.models import Provenance, Review, SourceRecord
from importers.records import (
    ID_FIELDS,
    FilmRecord,
    PersonRecord,
    Source,
    film_to_json,
)

SCALAR_FILM_FIELDS = (
    "original_title",
    "title",
    "romanised_title",
    "year",
    "release_date",
    "runtime",
    "countries",
    "languages",
    "certificate",
    "synopsis",
    "synopsis_ko",
    "plot",
    "plot_ko",
    "popularity",
    *ID_FIELDS,
)
PERSON_FIELDS = (
    "name",
    "name_ko",
    "birth_date",
    "death_date",
    "biography",
    "biography_ko",
    *ID_FIELDS,
)
LIMITS = {"synopsis": 600, "synopsis_ko": 600}
REQUIRED = {"title", "year", "name"}  # kept even when the source that gave them is forgotten


# During a run: the people it has imported, (source, source id) -> (checksum, person id), so
# that a person credited in many films is looked up and written once (importers.runs).
_known_people: ContextVar[dict | None] = ContextVar("known_people", default=None)


@contextmanager
def remembering_people() -> Iterator[None]:
    token = _known_people.set({})
    try:
        yield
    finally:
        _known_people.reset(token)


@dataclass
class Outcome:
    """What became of one record: created, updated, unchanged, merged (joined a film another
    source or an editor made), uncertain (filed for review) or skipped (with the reason)."""

    kind: str
    label: str
    film_id: int | None = None
    reason: str = ""
    people_filed: list[int] = field(default_factory=list)  # credits filed for review, by index
    changed: list[str] = field(default_factory=list)

    @property
    def reviews(self) -> int:
        """People filed for review from this film."""
        return len(self.people_filed)


def record_checksum(record: FilmRecord) -> str:
    """Of a source's whole record of a film: the same checksum, nothing changed there."""
    return checksum(film_to_json(record))


def checksum(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


# -- the values of a record and of the catalogue, in one form ------------------------------


def _id_value(name: str, value: Any) -> Any:
    if value in (None, ""):
        return None
    return int(value) if name == "tmdb_id" else str(value)


def record_values(record: FilmRecord) -> dict[str, Any]:
    """The film's fields as this source gives them (credits apart)."""
    values: dict[str, Any] = {
        "original_title": record.original_title,
        "title": record.title,
        "romanised_title": record.romanised_title,
        "year": record.year,
        "release_date": record.release_date.isoformat() if record.release_date else None,
        "runtime": record.runtime,
        "countries": ",".join(record.countries),
        "languages": ",".join(record.languages),
        "certificate": record.certificate,
        "synopsis": record.synopsis,
        "synopsis_ko": record.synopsis_ko,
        "plot": record.plot,
        "plot_ko": record.plot_ko,
        "popularity": record.popularity,
        "genres": sorted(set(record.genres)),
        "alternative_titles": sorted(
            {(title.title, title.language, title.kind) for title in record.alternative_titles}
        ),
        "poster": record.poster.url if record.poster else "",
    }
    for name in ID_FIELDS:
        values[name] = _id_value(name, record.ids.get(name))
    values["alternative_titles"] = [list(title) for title in values["alternative_titles"]]
    return values


def person_record_values(person: PersonRecord) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": person.name,
        "name_ko": person.name_ko,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "death_date": person.death_date.isoformat() if person.death_date else None,
        "biography": person.biography,
        "biography_ko": person.biography_ko,
        "other_names": sorted(set(person.other_names)),
    }
    for name in ID_FIELDS:
        values[name] = _id_value(name, person.ids.get(name))
    return values


def _model_value(instance: Film | Person, name: str) -> Any:
    value = getattr(instance, name)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None if value == "" and name in ID_FIELDS else value


def film_values(film: Film) -> dict[str, Any]:
    """The film's fields as the catalogue holds them now, in the form of record_values."""
    values = {name: _model_value(film, name) for name in SCALAR_FILM_FIELDS}
    values["genres"] = sorted(film.genres.values_list("slug", flat=True))
    values["alternative_titles"] = sorted(
        [list(row) for row in film.alternative_titles.values_list("title", "language", "kind")]
    )
    values["credits"] = _credit_rows(film)
    # The poster: the file the field holds, as importers.images writes it in the provenance
    # (the sources' values are addresses, which the field never holds).
    values["poster"] = film.poster.name or ""
    return values


def _credit_rows(film: Film) -> list[list[Any]]:
    return [
        list(row)
        for row in film.credits.order_by("order", "id").values_list(
            "person_id", "role", "character", "character_ko"
        )
    ]


def person_values(person: Person) -> dict[str, Any]:
    return {name: _model_value(person, name) for name in PERSON_FIELDS}


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def _edited(provenance: dict, name: str, current: Any) -> bool:
    """An editor's value: the field holds something no import wrote there."""
    written = provenance.get(name)
    if written is None:
        return not _empty(current)
    return written["value"] != current


@dataclass
class SourceValue:
    """What one source gives for a field, and where to read it there."""

    source: str
    value: Any
    url: str
    fetched_at: datetime


@dataclass
class FieldSource:
    """One imported field of a film or a person: its value now, who set it (a source, or an
    editor when `edited`), and each source's value. Values are in the form of record_values."""

    name: str
    value: Any
    edited: bool
    source: str = ""  # the source an import took the value from ("merged" for credits)
    at: datetime | None = None  # when
    offers: list[SourceValue] = field(default_factory=list)


def field_sources(instance: Film | Person) -> list[FieldSource]:
    """Where each field of a film or a person that its sources speak of came from, in the order
    of the fields, each source's value in the order of the ranking: for the admin's panel and
    "take the source's value". In five queries for a film (its values, its provenance, its
    source records), two for a person."""
    current = film_values(instance) if isinstance(instance, Film) else person_values(instance)
    kept = Provenance.objects.filter(**{_kind(instance): instance}).first()
    provenance = kept.fields if kept else {}
    records = list(instance.source_records.all())
    rankings = ranking.FILM_RANKING if isinstance(instance, Film) else ranking.PERSON_RANKING
    found = []
    for name, value in current.items():
        order = [source.value for source in rankings.get(name, ranking.CREDIT_ORDER)]
        offers = sorted(
            (
                SourceValue(record.source, record.values[name], record.url, record.fetched_at)
                for record in records
                if not _empty(record.values.get(name))
            ),
            key=lambda offer: order.index(offer.source) if offer.source in order else len(order),
        )
        if not offers and (name not in provenance or _empty(value)):
            continue  # no source speaks of it
        written = provenance.get(name) or {}
        at = written.get("at")
        found.append(
            FieldSource(
                name,
                value,
                edited=_edited(provenance, name, value),
                source=written.get("source", ""),
                at=datetime.fromisoformat(at) if at else None,
                offers=offers,
            )
        )
    return found


def _kind(instance: Film | Person) -> str:
    return "film" if isinstance(instance, Film) else "person"


# -- one film -------------------------------------------------------------------------------


def import_film(
    record: FilmRecord,
    *,
    now: datetime | None = None,
    film: Film | None = None,
    force_new: bool = False,
    people: dict[int, int | None] | None = None,
) -> Outcome:
    """Merge one source's record of a film into the catalogue, in one savepoint.

    `film` and `force_new` are an editor's decision on a Review (this film, or a new one);
    `people` maps a credit's index to the person an editor chose for it (None: a new one)."""
    now = now or timezone.now()
    values = record_values(record)
    digest = record_checksum(record)
    learnt: dict = {}
    try:
        with transaction.atomic():
            outcome = _import_film(
                record, values, digest, now, film, force_new, people or {}, learnt
            )
    except (ValidationError, IntegrityError) as error:
        return Outcome("skipped", record.label, reason=_reason(error))
    known = _known_people.get()
    if known is not None:  # only people whose film was written: a rolled-back one is not there
        known.update(learnt)
    return outcome


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(message) for message in messages)}"
            for name, messages in error.message_dict.items()
        )
    return str(error)[:200]


def _import_film(
    record: FilmRecord,
    values: dict[str, Any],
    digest: str,
    now: datetime,
    chosen_film: Film | None,
    force_new: bool,
    people: dict[int, int | None],
    learnt: dict,
) -> Outcome:
    kept = SourceRecord.objects.filter(
        source=record.source, source_id=record.source_id, film__isnull=False
    ).first()
    if kept and kept.checksum == digest and chosen_film is None and not force_new:
        SourceRecord.objects.filter(pk=kept.pk).update(fetched_at=now)
        return Outcome("unchanged", record.label, film_id=kept.film_id)

    if chosen_film is not None or force_new:
        match = matching.Match(chosen_film, "chosen" if chosen_film else "new")
    else:
        match = matching.match_film(record, kept.film if kept else None)
    if match.kind == "uncertain":
        _file_review(record, match)
        return Outcome("uncertain", record.label, reason=match.reason)

    film = match.film
    is_new = film is None
    if is_new:
        film = _new_film(record, values)
    credit_rows, reviews = _credit_rows_for(record, film, is_new, now, people, learnt)
    values["credits"] = credit_rows
    before = SourceRecord.objects.filter(film=film, source=record.source).first()
    joined = kept is None and before is None
    if before is not None and record.source == Source.FILE:
        values = silent_keeps(before.values, values)
    SourceRecord.objects.update_or_create(
        film=film,
        source=record.source,
        defaults={
            "source_id": record.source_id,
            "values": values,
            "checksum": digest,
            "url": record.url[:500],
            "fetched_at": now,
        },
    )
    changed = resolve_film(film, now)
    if is_new:
        kind = "created"
    elif joined:
        kind = "merged"
    else:
        kind = "updated" if changed else "unchanged"
    return Outcome(
        kind,
        record.label,
        film_id=film.pk,
        people_filed=reviews,
        changed=changed,
    )


def build_film(record: FilmRecord, values: dict[str, Any]) -> Film:
    """A new film (unsaved) from the record's values, the one source it has yet; validated,
    with its slug to be given (importers.slugs)."""
    if not record.year:
        raise ValidationError({"year": ["The record gives no year."]})
    film = Film(
        title=(record.title or record.romanised_title or romanise(record.original_title))[:200],
    )
    for name in SCALAR_FILM_FIELDS:
        if name != "title" and not _empty(values[name]):
            value = values[name]
            setattr(film, name, value[: LIMITS[name]] if name in LIMITS else value)
    film.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    return film


def silent_keeps(before: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Our own files: a file that leaves a field out (a CSV has no character names) says nothing
    of it, so what an earlier file of the site gave stays; the sources' APIs give whole records."""
    kept = {name: before.get(name) if _empty(value) else value for name, value in values.items()}
    names = {(row[0], row[1]): row for row in before.get("credits") or []}
    kept["credits"] = [
        [
            person,
            role,
            character or names.get((person, role), [0, 0, "", ""])[2],
            character_ko or names.get((person, role), [0, 0, "", ""])[3],
        ]
        for person, role, character, character_ko in values.get("credits") or []
    ] or (before.get("credits") or [])
    return kept


def _new_film(record: FilmRecord, values: dict[str, Any]) -> Film:
    film = build_film(record, values)
    film.slug = slugs.for_film(film)
    fill_in_film(film)
    film.save()
    Provenance.objects.create(film=film, fields=written_by(film, record.source.value))
    return film


def written_by(instance: Film | Person, source: str) -> dict[str, dict]:
    """The provenance of a record an import just made: every field it holds (defaults
    included) is the import's, so that the ranking may set it, not an editor's."""
    stamp = timezone.now().isoformat()
    names = SCALAR_FILM_FIELDS if isinstance(instance, Film) else PERSON_FIELDS
    return {
        name: {"source": source, "value": _model_value(instance, name), "at": stamp}
        for name in names
    }


def _file_review(record: FilmRecord, match: matching.Match) -> None:
    review = Review.objects.filter(
        kind=Review.Kind.FILM,
        source=record.source,
        source_id=record.source_id,
        status=Review.Status.OPEN,
    ).first() or Review(kind=Review.Kind.FILM, source=record.source, source_id=record.source_id)
    review.label = record.label[:250]
    review.reason = match.reason[:250]
    review.record = film_to_json(record)
    review.save()
    review.candidate_films.set(match.candidates)


def resolve_film(film: Film, now: datetime) -> list[str]:
    """Set each field of the film to the best value its sources give, leaving an editor's
    fields alone; write the provenance. Returns the names of the fields that changed."""
    offers = {sr.source: sr.values for sr in film.source_records.all()}
    provenance, _created = Provenance.objects.get_or_create(film=film, defaults={"fields": {}})
    current = film_values(film)
    changed: list[str] = []
    stamp = now.isoformat()

    def take(name: str, order: tuple) -> tuple[bool, Any]:
        if _edited(provenance.fields, name, current[name]):
            return False, None
        found = ranking.best(order, {source: values.get(name) for source, values in offers.items()})
        if found is None:
            return _forgotten(provenance.fields, name, offers, current[name])
        source, value = found
        provenance.fields[name] = {"source": source, "value": value, "at": stamp}
        return value != current[name], value

    for name in SCALAR_FILM_FIELDS:
        differs, value = take(name, ranking.FILM_RANKING[name])
        if differs:
            if name in LIMITS and isinstance(value, str):
                value = value[: LIMITS[name]]
            setattr(film, name, value if value is not None else _blank(film, name))
            changed.append(name)
    if changed:
        fill_in_film(film)
        film.full_clean(validate_unique=False, validate_constraints=False)
        film.save()

    differs, slugs = take("genres", ranking.FILM_RANKING["genres"])
    if differs:
        film.genres.set(genres_for(slugs))
        changed.append("genres")
    differs, titles = take("alternative_titles", ranking.FILM_RANKING["alternative_titles"])
    if differs:
        _replace_titles(film, titles, film.title, film.original_title)
        changed.append("alternative_titles")
    if not _edited(provenance.fields, "credits", current["credits"]):
        rows = merge_credits(offers)
        provenance.fields["credits"] = {"source": "merged", "value": rows, "at": stamp}
        if rows != current["credits"]:
            _replace_credits(film, rows)
            changed.append("credits")
    provenance.save()
    return changed


def _forgotten(fields: dict, name: str, offers: dict, current: Any) -> tuple[bool, Any]:
    """A field whose source's record is gone (dropped when its terms' time ran out) and that
    no other source gives: emptied. (changed, value) as resolve_film's take() answers."""
    written = fields.get(name)
    if written is None or written["source"] in offers or _empty(current) or name in REQUIRED:
        return False, None
    del fields[name]
    return True, [] if isinstance(current, list) else None


def write_field(instance: Film | Person, name: str, value: Any) -> None:
    """Set one field to a value in the form of record_values, and save."""
    if name == "genres":
        instance.genres.set(genres_for(value))
    elif name == "alternative_titles":
        _replace_titles(instance, value, instance.title, instance.original_title)
    else:
        setattr(instance, name, value if value is not None else _blank(instance, name))
        if isinstance(instance, Film):
            fill_in_film(instance)
        else:
            fill_in_person(instance)
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()


def _blank(instance: Film | Person, name: str) -> Any:
    model_field = type(instance)._meta.get_field(name)
    return None if model_field.null else model_field.get_default()


def genres_for(slugs: list[str]) -> list[Genre]:
    """The catalogue's genres of these slugs, made the first time a film has one."""
    known = {genre.slug: genre for genre in Genre.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in known and slug in GENRES:
            name, name_ko = GENRES[slug]
            known[slug] = save_genre(slug=slug, name=name, name_ko=name_ko)
    return [known[slug] for slug in slugs if slug in known]


def distinct_titles(titles: list[list[str]], *main_titles: str) -> list[tuple[str, str, str]]:
    """The alternative titles worth keeping: not the film's own titles, each once a language."""
    seen: set = set(main_titles)
    kept = []
    for title, language, kind in titles:
        if title in seen or (title, language) in seen:
            continue
        seen.add((title, language))
        kept.append((title[:200], language, kind))
    return kept


def _replace_titles(film: Film, titles: list[list[str]], *main_titles: str) -> None:
    film.alternative_titles.all().delete()
    AlternativeTitle.objects.bulk_create(
        AlternativeTitle(film=film, title=title, language=language, kind=kind)
        for title, language, kind in distinct_titles(titles, *main_titles)
    )


def merge_credits(offers: dict[str, dict]) -> list[list[Any]]:
    """One list of credits from every source's: the billing order of the best-ranked source
    with credits, then the others' credits it lacks; each character name from the best-ranked
    source that gives one. Rows are [person id, role, character, character in hangul]."""
    by_source = {source: values.get("credits") or [] for source, values in offers.items()}
    order: list[tuple[int, str]] = []
    for source in ranking.CREDIT_ORDER:
        for person_id, role, *_rest in by_source.get(source.value, []):
            if (person_id, role) not in order:
                order.append((person_id, role))
    names: dict[tuple[int, str], dict[str, dict[str, str]]] = {}
    for source, rows in by_source.items():
        for person_id, role, character, character_ko in rows:
            entry = names.setdefault((person_id, role), {"character": {}, "character_ko": {}})
            entry["character"][source] = character
            entry["character_ko"][source] = character_ko
    merged = []
    for key in order:
        character = ranking.best(ranking.CHARACTER, names[key]["character"])
        character_ko = ranking.best(ranking.CHARACTER_KO, names[key]["character_ko"])
        merged.append(
            [
                key[0],
                key[1],
                character[1] if character else "",
                character_ko[1] if character_ko else "",
            ]
        )
    return merged


def _replace_credits(film: Film, rows: list[list[Any]]) -> None:
    film.credits.all().delete()
    Credit.objects.bulk_create(
        Credit(
            film=film,
            person_id=person_id,
            role=role,
            character=character[:150],
            character_ko=character_ko[:150],
            order=position,
        )
        for position, (person_id, role, character, character_ko) in enumerate(rows)
    )


# -- the people a film credits ------------------------------------------------------------


def _credit_rows_for(
    record: FilmRecord,
    film: Film,
    film_is_new: bool,
    now: datetime,
    chosen: dict[int, int | None],
    learnt: dict,
) -> tuple[list[list[Any]], list[int]]:
    """The record's credits as rows of the film's people (found or made); credits whose person
    is uncertain are left out and filed for review. Returns (rows, the credits filed)."""
    rows: list[list[Any]] = []
    filed: list[int] = []
    seen: set[tuple[int, str]] = set()
    known = _known_people.get() or {}
    credited_here: dict[str, Person] = {}  # people without ids, by name, in this film's credits
    for index, credit in enumerate(record.credits):
        key = (credit.person.source.value, credit.person.source_id)
        digest = checksum(person_record_values(credit.person)) if credit.person.source_id else ""
        remembered = known.get(key) or learnt.get(key)
        if digest and remembered and remembered[0] == digest and index not in chosen:
            if (remembered[1], credit.role) not in seen:
                seen.add((remembered[1], credit.role))
                rows.append([remembered[1], credit.role, credit.character, credit.character_ko])
            continue
        named = (credit.person.name_ko or credit.person.name) if not digest else ""
        if index in chosen:
            person = Person.objects.get(pk=chosen[index]) if chosen[index] else None
            match = matching.Match(person, "chosen" if person else "new")
        elif named and named in credited_here:
            # one film's credits name one person once: 김선, director and writer of one film
            match = matching.Match(credited_here[named], "name")
        else:
            match = matching.match_person(credit.person, film, film_is_new=film_is_new)
        if match.kind == "uncertain":
            _file_person_review(record, index, film, match)
            filed.append(index)
            continue
        if match.kind == "skip":
            continue
        person = import_person(credit.person, match.film_or_person, now)
        if digest:
            learnt[key] = (digest, person.pk)
        elif named:
            credited_here[named] = person
        if (person.pk, credit.role) in seen:
            continue
        seen.add((person.pk, credit.role))
        rows.append([person.pk, credit.role, credit.character, credit.character_ko])
    return rows, filed


def _file_person_review(record: FilmRecord, index: int, film: Film, match: matching.Match) -> None:
    person = record.credits[index].person
    review, _created = Review.objects.update_or_create(
        kind=Review.Kind.PERSON,
        source=record.source,
        source_id=record.source_id,
        person_index=index,
        status=Review.Status.OPEN,
        defaults={
            "label": f"{person.label} · {record.label}"[:250],
            "reason": match.reason[:250],
            "record": film_to_json(record),
            "film": film,
        },
    )
    review.candidate_people.set(match.candidates)


def import_person(record: PersonRecord, person: Person | None, now: datetime) -> Person:
    """The person made or brought up to date from this source's record, by the ranking."""
    values = person_record_values(record)
    digest = checksum(values)
    if person is None:
        return _new_person(record, values, digest, now)
    kept = SourceRecord.objects.filter(person=person, source=record.source).first()
    if kept is not None and kept.checksum == digest:
        return person
    fields = {"source_id": record.source_id, "values": values, "checksum": digest}
    if kept is None:
        SourceRecord.objects.create(person=person, source=record.source, fetched_at=now, **fields)
    else:
        SourceRecord.objects.filter(pk=kept.pk).update(fetched_at=now, **fields)
    resolve_person(person, now)
    return person


def build_person(record: PersonRecord, values: dict[str, Any]) -> Person:
    """A new person (unsaved) from the record's values; validated, slug to be given."""
    person = Person(name=(record.name or romanise(record.name_ko) or record.name_ko)[:150])
    for name in PERSON_FIELDS:
        if name != "name" and not _empty(values[name]):
            setattr(person, name, values[name])
    person.other_names = "\n".join(name for name in values["other_names"] if name != person.name)
    person.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    return person


def _new_person(record: PersonRecord, values: dict[str, Any], digest: str, now) -> Person:
    person = build_person(record, values)
    person.slug = slugs.for_person(person)
    person.save()
    Provenance.objects.create(person=person, fields=written_by(person, record.source.value))
    SourceRecord.objects.create(
        person=person,
        source=record.source,
        source_id=record.source_id,
        values=values,
        checksum=digest,
        fetched_at=now,
    )
    return person


def resolve_person(person: Person, now: datetime) -> list[str]:
    offers = {sr.source: sr.values for sr in person.source_records.all()}
    provenance, _created = Provenance.objects.get_or_create(person=person, defaults={"fields": {}})
    current = person_values(person)
    changed = []
    stamp = now.isoformat()
    for name in PERSON_FIELDS:
        if _edited(provenance.fields, name, current[name]):
            continue
        found = ranking.best(
            ranking.PERSON_RANKING[name],
            {source: values.get(name) for source, values in offers.items()},
        )
        if found is None:
            emptied, _value = _forgotten(provenance.fields, name, offers, current[name])
            if emptied:
                setattr(person, name, _blank(person, name))
                changed.append(name)
            continue
        source, value = found
        provenance.fields[name] = {"source": source, "value": value, "at": stamp}
        if value != current[name]:
            setattr(person, name, value)
            changed.append(name)
    names = sorted({name for values in offers.values() for name in values.get("other_names", [])})
    known = set(person.other_name_list)
    extra = [name for name in names if name not in known and name not in (person.name,)]
    if extra:
        person.other_names = "\n".join([*person.other_name_list, *extra])
        changed.append("other_names")
    if changed:
        fill_in_person(person)
        person.full_clean(validate_unique=False, validate_constraints=False)
        person.save()
    provenance.save()
    return changed
