"""The catalogue written out in kcinema's own format (docs/import-format.md), JSON or CSV, for
another kcinema site or a spreadsheet: `export_catalogue(out, format=..., published_only=...)`.

It streams: people and films are read in chunks (films with their genres, titles and credits
prefetched, a fixed number of queries per chunk) and written as they come, so 100,000 films
export in bounded memory; and every query sees one snapshot of the catalogue, so that no
credit names a person the people list lacks although the site goes on serving and editing."""

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from django.core.files.storage import Storage
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from importers import schema
from importers.records import ID_FIELDS

FORMATS = ("json", "csv")
CHUNK_SIZE = 1000  # films (or people) read at once: their rows and prefetches stay in memory

FILM_FIELDS = (
    "slug",
    *schema.FILM_TEXT_FIELDS,
    "year",
    "release_date",
    "runtime",
    "countries",
    "languages",
    "certificate",
    "popularity",
    # Loaded with the image: without them, Django reads each poster's file for its size.
    "poster",
    "poster_width",
    "poster_height",
    *ID_FIELDS,
)
PERSON_FIELDS = (
    "pk",
    "slug",
    *schema.PERSON_TEXT_FIELDS,
    "other_names",
    "birth_date",
    "death_date",
    "photo",
    *ID_FIELDS,
)


PHOTOS = Person._meta.get_field("photo").storage


@dataclass
class ExportResult:
    films: int = 0
    people: int = 0
    genres: int = 0
    # Posters and photos stored on this site, left out for want of the site's address
    # (base_url) to give them as addresses another site can fetch.
    pictures_left_out: int = 0


def export_catalogue(
    out: TextIO,
    *,
    format: str = "json",
    published_only: bool = False,
    base_url: str = "",
    chunk_size: int = CHUNK_SIZE,
) -> ExportResult:
    """Write every film (only the published ones with `published_only`) to `out`, a text
    stream, in the format's current version. Posters and photos are given as addresses:
    those this site stores are made absolute with `base_url` ("https://films.example.org"),
    and left out without it (counted in the result)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    writer = _Writer(out, base_url=base_url.rstrip("/"), chunk_size=chunk_size)
    with _one_snapshot():
        if format == "json":
            writer.json(published_only=published_only)
        else:
            writer.csv(published_only=published_only)
    return writer.result


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Every query inside sees the catalogue as it was at the first one, and nothing is locked:
    PostgreSQL in a read-only REPEATABLE READ transaction; SQLite in a deferred one (the
    settings begin SQLite's transactions IMMEDIATE, which would hold off every write of the
    site while the export runs). Inside a transaction already (a test), that one serves."""
    if not connection.get_autocommit():
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")  # nothing was written: ends the read
    else:
        with transaction.atomic():
            yield


def films_to_export(*, published_only: bool) -> QuerySet:
    films = Film.objects.order_by("pk").only(*FILM_FIELDS)
    return films.published() if published_only else films


def people_to_export(*, published_only: bool) -> QuerySet:
    # Rows, not models: 300,000 people are read twice as fast without making each a Person.
    people = Person.objects.order_by("pk").values(*PERSON_FIELDS)
    if published_only:
        credited = Credit.objects.filter(person=OuterRef("pk"), film__published=True)
        people = people.filter(Exists(credited))
    return people


def _credits() -> QuerySet:
    return Credit.objects.order_by("order", "pk")


def _of_person(field: str) -> Subquery:
    """A field of the credited person, read by primary key in the credits' own query: joined
    instead, SQLite's planner may walk every person and probe the credits of the chunk's films
    for each (3.6 s for 1,000 films)."""
    return Subquery(Person.objects.filter(pk=OuterRef("person_id")).order_by().values(field))


def person_key(slug: str, pk: int) -> str:
    """How the films' credits name a person: their slug (one made of the id if it has none)."""
    return slug or f"person-{pk}"


class _Writer:
    def __init__(self, out: TextIO, *, base_url: str, chunk_size: int) -> None:
        self.out = out
        self.base_url = base_url
        self.chunk_size = chunk_size
        self.result = ExportResult()

    # --- JSON: one element a line, so that the file reads (and diffs) line by line

    def json(self, *, published_only: bool) -> None:
        header = {
            "format": schema.FORMAT,
            "version": schema.VERSION,
            "exported_at": timezone.now().isoformat(timespec="seconds"),
            "published_only": published_only,
        }
        self.out.write(_dumps(header)[:-1] + ",\n")
        genres = Genre.objects.order_by("slug").values("slug", "name", "name_ko")
        self.result.genres = self._array("genres", genres)
        people = people_to_export(published_only=published_only).iterator(self.chunk_size)
        self.result.people = self._array("people", map(self._person, people))
        films = films_to_export(published_only=published_only).prefetch_related(
            Prefetch("genres", queryset=Genre.objects.only("slug"), to_attr="genre_list"),
            Prefetch(
                "alternative_titles",
                queryset=AlternativeTitle.objects.only("film_id", "title", "language", "kind"),
                to_attr="title_list",
            ),
            Prefetch(
                "credits",
                queryset=_credits()
                .only("film_id", "person_id", "role", "character", "character_ko", "order")
                .annotate(person_slug=_of_person("slug")),
                to_attr="credit_list",
            ),
        )
        self.result.films = self._array(
            "films", map(self._film, films.iterator(self.chunk_size)), last=True
        )

    def _array(self, name: str, entries: Iterable[dict[str, Any]], *, last: bool = False) -> int:
        self.out.write(f'"{name}":[\n')
        count = 0
        for entry in entries:
            self.out.write((",\n" if count else "") + _dumps(entry))
            count += 1
        self.out.write("\n]}\n" if last else "\n],\n")
        return count

    def _person(self, person: dict[str, Any]) -> dict[str, Any]:
        return {
            "key": person_key(person["slug"], person["pk"]),
            **{name: person[name] for name in schema.PERSON_TEXT_FIELDS},
            # as Person.other_name_list reads them
            "other_names": [
                name.strip() for name in person["other_names"].splitlines() if name.strip()
            ],
            "birth_date": _iso(person["birth_date"]),
            "death_date": _iso(person["death_date"]),
            **{name: person[name] for name in ID_FIELDS},
            "photo": self._address(PHOTOS, person["photo"]),
        }

    def _film(self, film: Film) -> dict[str, Any]:
        return {
            "slug": film.slug,
            "title": film.title,
            "original_title": film.original_title,
            "romanised_title": film.romanised_title,
            "year": film.year,
            "release_date": _iso(film.release_date),
            "runtime": film.runtime,
            "countries": film.country_list,
            "languages": film.language_list,
            "certificate": film.certificate,
            "genres": [genre.slug for genre in film.genre_list],
            **{name: getattr(film, name) for name in schema.FILM_TEXT_FIELDS[3:]},
            "popularity": film.popularity,
            **{name: getattr(film, name) for name in ID_FIELDS},
            "poster": self._address(film.poster.storage, film.poster.name),
            "alternative_titles": [
                {"title": title.title, "language": title.language, "kind": title.kind}
                for title in film.title_list
            ],
            "credits": [
                {
                    "person": person_key(credit.person_slug, credit.person_id),
                    "role": credit.role,
                    "character": credit.character,
                    "character_ko": credit.character_ko,
                    "order": credit.order,
                }
                for credit in film.credit_list
            ],
        }

    def _address(self, storage: Storage, name: str) -> str | None:
        if not name:
            return None
        address = storage.url(name)
        if address.startswith(("https://", "http://")):
            return address
        if self.base_url and address.startswith("/"):
            return self.base_url + address
        self.result.pictures_left_out += 1
        return None

    # --- CSV: the hand-kept list's columns; what they have no room for is left out

    def csv(self, *, published_only: bool) -> None:
        self.out.write("\ufeff")  # the byte order mark that makes Excel read UTF-8
        rows = csv.writer(self.out)
        rows.writerow(schema.CSV_COLUMNS)
        credits = (
            _credits()
            .filter(role__in=[Credit.Role.DIRECTOR, Credit.Role.CAST])
            .only("film_id", "role", "order")
            .annotate(person_name=_of_person("name"), person_name_ko=_of_person("name_ko"))
        )
        films = films_to_export(published_only=published_only).prefetch_related(
            Prefetch("genres", queryset=Genre.objects.only("slug"), to_attr="genre_list"),
            Prefetch("credits", queryset=credits, to_attr="credit_list"),
        )
        for film in films.iterator(self.chunk_size):
            rows.writerow(self._row(film))
            self.result.films += 1

    def _row(self, film: Film) -> list[Any]:
        people = {Credit.Role.DIRECTOR: [], Credit.Role.CAST: []}
        for credit in film.credit_list:
            people[credit.role].append(
                schema.person_cell(credit.person_name_ko, credit.person_name)
            )
        separator = schema.CSV_LIST_SEPARATOR
        values = {
            "title": film.title,
            "original_title": film.original_title,
            "year": film.year,
            "release_date": _iso(film.release_date) or "",
            "runtime": film.runtime or "",
            "certificate": film.certificate,
            "genres": separator.join(genre.slug for genre in film.genre_list),
            "directors": separator.join(people[Credit.Role.DIRECTOR]),
            "cast": separator.join(people[Credit.Role.CAST]),
            **{name: getattr(film, name) or "" for name in ID_FIELDS},
            "synopsis_ko": film.synopsis_ko,
            "synopsis": film.synopsis,
            "slug": film.slug,
        }
        return [values[column] for column in schema.CSV_COLUMNS]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(day) -> str | None:
    return day.isoformat() if day else None
