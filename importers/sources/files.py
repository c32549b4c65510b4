"""kcinema's own catalogue files, JSON and CSV (docs/import-format.md), read into
importers.records: `read_file(path)` yields the films, `read_genres(path)` gives the genres a
JSON file declares (their names, for genres the site does not have yet).

The form is told from the content (a JSON document starts with "{"), whatever the file's
name. Every value is checked as the catalogue checks it (catalog.models' validators and
limits): a film that fails is yielded as a BadRecord naming its row or index and every reason,
and reading carries on. A file that cannot be read on (not UTF-8, broken JSON, a newer version
of the format, a CSV header without the required columns) ends with one BadRecord naming the
file. A JSON file is read one film at a time, so that 100,000 films are never in memory at
once; its people (given once, before the films) are kept in a compact form."""

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation

from catalog import models as catalog
from importers import schema
from importers.certificates import certificate as certificate_of_label
from importers.genres import GENRES
from importers.records import (
    ID_FIELDS,
    BadRecord,
    CreditRecord,
    FilmRecord,
    ImageRecord,
    PersonRecord,
    Source,
    TitleRecord,
)

SOURCE = Source.FILE
CHUNK_CHARACTERS = 1 << 20

FILM_ID_VALIDATORS: dict[str, Callable[[str], None]] = {
    "wikidata_id": catalog.wikidata_id,
    "kobis_id": catalog.kobis_id,
    "kmdb_id": catalog.kmdb_id,
    "imdb_id": catalog.imdb_title_id,
}
PERSON_ID_VALIDATORS = FILM_ID_VALIDATORS | {"imdb_id": catalog.imdb_name_id}
# Read once: each enum's .values is computed anew on every use, and a catalogue has a million
# credits to check.
ROLES = tuple(catalog.Credit.Role.values)
TITLE_KINDS = tuple(catalog.AlternativeTitle.Kind.values)
CERTIFICATES = tuple(catalog.Film.Certificate.values)
_WEB_ADDRESS = URLValidator(schemes=["http", "https"])
_FILM_SLUG = re.compile(r"^[-\w]+\Z")
_GENRE_SLUG = re.compile(r"^[-a-z0-9_]+\Z")
_DATE = re.compile(r"^(\d{4})[-./]\s*(\d{1,2})[-./]\s*(\d{1,2})\.?$")  # ISO, or 2013. 1. 23.
_RUNTIME = re.compile(r"^(\d+)\s*(?:분|min|mins|minutes)?$", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r]*")


def read_file(path: Path | str) -> Iterator[FilmRecord | BadRecord]:
    """Every film of a kcinema catalogue file, JSON or CSV, in the file's order."""
    path = Path(path)
    if problem := _unreadable(path):
        yield BadRecord(f"{path.name}: {problem}")
        return
    with _open_text(path) as text:
        if _starts_like_json(path):
            yield from _read_json(text, path.name)
        else:
            yield from _read_csv(text, path.name)


def read_genres(path: Path | str) -> dict[str, tuple[str, str]]:
    """The genres a JSON catalogue declares, slug -> (English name, Korean name): the names
    for a genre importers.genres does not know. A CSV file names only those (empty here)."""
    path = Path(path)
    if _unreadable(path) or not _starts_like_json(path):
        return {}
    genres: dict[str, tuple[str, str]] = {}
    with _open_text(path) as text:
        try:
            for key, index, value in _JSONReader(text).members(streamed={"genres"}):
                if key == "genres" and index is not None:
                    try:
                        slug, names = _genre(value)
                    except BadRecord:
                        continue
                    genres[slug] = names
                elif key in ("people", "films"):
                    break
        except _BrokenJSON:
            pass
    return genres


# --- The file as a whole ------------------------------------------------------------------


def _open_text(path: Path) -> TextIO:
    # utf-8-sig drops the byte order mark Excel writes; newline="" as the csv module asks.
    return path.open(encoding="utf-8-sig", newline="")


def _unreadable(path: Path) -> str | None:
    """Why the file cannot be read as UTF-8 text (read through once, before any film is
    yielded, so that a file in the wrong encoding imports nothing), or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith(b"PK\x03\x04"):
            return "this is a spreadsheet (.xlsx) or another zip file: save it as CSV UTF-8"
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "the file is not UTF-8 but UTF-16; save it as UTF-8"
        if not head.strip():
            stream.seek(0)
            if not stream.read(CHUNK_CHARACTERS).strip():
                return "the file is empty"
        stream.seek(0)
        while chunk := stream.read(CHUNK_CHARACTERS):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line += chunk.count(b"\n", 0, max(error.start, 0))
                return (
                    f"the file is not UTF-8; save it as UTF-8 (in Excel: Save As, CSV UTF-8). "
                    f"The first character that is not UTF-8 is on line {line}"
                    f"{_korean_legacy_hint(chunk)}."
                )
            line += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "the file is not UTF-8 (it ends inside a character); save it as UTF-8"
    return None


def _korean_legacy_hint(chunk: bytes) -> str:
    sample = chunk[: chunk.rfind(b"\n")] if b"\n" in chunk else chunk
    try:
        sample.decode("cp949")
    except UnicodeDecodeError:
        return ""
    return "; it looks like EUC-KR (CP949), which Excel uses for Korean unless told otherwise"


def _starts_like_json(path: Path) -> bool:
    with _open_text(path) as text:
        start = text.read(4096).lstrip()
    return start.startswith(("{", "["))


# --- JSON ---------------------------------------------------------------------------------


class _BrokenJSON(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class _JSONReader:
    """The members of one JSON object read from a stream, the elements of the array members
    named `streamed` one at a time: the standard library's decoder on a moving window of
    the text (no streaming JSON library is installed, and this needs only raw_decode)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer = ""
        self._at = 0
        self._line, self._column = 1, 1  # where the buffer starts in the file
        self._ended = False
        self._decoder = json.JSONDecoder()

    def members(self, *, streamed: set[str]) -> Iterator[tuple[str, int | None, Any]]:
        """(name, None, value) for each member, or (name, index, element) for each element
        of a streamed array."""
        self._expect("{", 'a kcinema catalogue is a JSON object, {"format": ...}')
        if self._peek() == "}":
            self._at += 1
        else:
            while True:
                name = self._value()
                if not isinstance(name, str):
                    self._fail("expected a member name in double quotes")
                self._expect(":")
                if name in streamed and self._peek() == "[":
                    yield from self._elements(name)
                else:
                    yield name, None, self._value()
                if self._expect(",}") == "}":
                    break
        if self._peek():
            self._fail("more text after the end of the document")

    def _elements(self, name: str) -> Iterator[tuple[str, int, Any]]:
        self._at += 1  # [
        if self._peek() == "]":
            self._at += 1
            return
        index = 0
        while True:
            yield name, index, self._value()
            index += 1
            if self._expect(",]") == "]":
                return

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._at)
            except json.JSONDecodeError as error:
                if self._more():  # the value may go on in the next part of the file
                    continue
                raise self._broken(error.msg, error.pos) from None
            if end == len(self._buffer) and self._more():
                continue  # a number may go on in the next part too
            self._at = end
            return value

    def _peek(self) -> str:
        while True:
            self._at = _SPACE.match(self._buffer, self._at).end()
            if self._at < len(self._buffer):
                return self._buffer[self._at]
            if not self._more():
                return ""

    def _expect(self, characters: str, message: str = "") -> str:
        found = self._peek()
        if not found or found not in characters:
            self._fail(message or "expected " + " or ".join(repr(c) for c in characters))
        self._at += 1
        return found

    def _more(self) -> bool:
        if self._ended:
            return False
        chunk = self._stream.read(CHUNK_CHARACTERS)
        if not chunk:
            self._ended = True
            return False
        self._line, self._column = self._position(self._at)
        self._buffer = self._buffer[self._at :] + chunk
        self._at = 0
        return True

    def _position(self, at: int) -> tuple[int, int]:
        newlines = self._buffer.count("\n", 0, at)
        if not newlines:
            return self._line, self._column + at
        return self._line + newlines, at - self._buffer.rfind("\n", 0, at)

    def _broken(self, message: str, at: int) -> _BrokenJSON:
        return _BrokenJSON(message, *self._position(at))

    def _fail(self, message: str) -> None:
        raise self._broken(message, self._at)


class _Person(NamedTuple):
    """A person of the people list, checked, kept as small as it can be: a catalogue of
    100,000 films has some 300,000 of them, held while its films are read."""

    name: str
    name_ko: str
    other_names: tuple[str, ...]
    birth_date: date | None
    death_date: date | None
    biography: str
    biography_ko: str
    ids: tuple[tuple[str, str], ...]
    photo_url: str

    def record(self, key: str) -> PersonRecord:
        return PersonRecord(
            source=SOURCE,
            source_id=key,
            ids=dict(self.ids),
            name=self.name,
            name_ko=self.name_ko,
            other_names=list(self.other_names),
            birth_date=self.birth_date,
            death_date=self.death_date,
            biography=self.biography,
            biography_ko=self.biography_ko,
            photo_url=self.photo_url,
        )


class _Catalogue:
    """What a JSON file has said so far that its films refer to."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.header: dict[str, Any] = {}
        self.checked = False
        self.genres: set[str] = set(GENRES)
        self.people: dict[str, _Person | str] = {}  # key -> the person, or why refused
        self.films: dict[str, str] = {}  # source id -> where it was first given

    def header_problem(self) -> str | None:
        found = self.header.get("format")
        if found != schema.FORMAT:
            return (
                f'{self.name}: not a kcinema catalogue: it must begin with "format": '
                f'"{schema.FORMAT}" and "version" (found "format": {json.dumps(found)})'
            )
        version = self.header.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            return f'{self.name}: "version" must be a whole number (found {json.dumps(version)})'
        if version > schema.VERSION:
            return (
                f"{self.name}: this file is version {version} of kcinema's catalogue format, "
                f"newer than this kcinema reads (version {schema.VERSION} and older): update "
                f"kcinema to import it"
            )
        return None


def _read_json(text: TextIO, name: str) -> Iterator[FilmRecord | BadRecord]:
    catalogue = _Catalogue(name)
    try:
        for key, index, value in _JSONReader(text).members(streamed={"genres", "people", "films"}):
            if key in ("format", "version"):
                catalogue.header[key] = value
                continue
            if key not in ("genres", "people", "films"):
                continue  # a member this version does not know: ignored, as the format says
            if not catalogue.checked:
                if problem := catalogue.header_problem():
                    yield BadRecord(problem)
                    return
                catalogue.checked = True
            if index is None:
                yield BadRecord(f"{name}: {key!r} must be a list")
            elif key == "genres":
                yield from _read_json_genre(value, index, catalogue)
            elif key == "people":
                yield from _read_json_person(value, index, catalogue)
            else:
                yield _read_json_film(value, index, catalogue)
    except _BrokenJSON as broken:
        yield BadRecord(
            f"{name}: broken JSON at line {broken.line}, column {broken.column}: "
            f"{broken.message}; nothing after it was read"
        )
        return
    if not catalogue.checked and (problem := catalogue.header_problem()):
        yield BadRecord(problem)


def _read_json_genre(value: Any, index: int, catalogue: _Catalogue) -> Iterator[BadRecord]:
    try:
        slug, _names = _genre(value)
    except BadRecord as error:
        yield BadRecord(f"genres[{index}]: {error}")
        return
    catalogue.genres.add(slug)


def _genre(value: Any) -> tuple[str, tuple[str, str]]:
    if not isinstance(value, dict):
        raise BadRecord("a genre must be an object with slug, name and name_ko")
    fields = _Fields()
    slug = fields.text(value.get("slug"), "slug", 60)
    if not _GENRE_SLUG.match(slug):
        fields.refuse(f"bad slug {slug!r}: use lower-case letters, digits and hyphens")
    names = (
        fields.text(value.get("name"), "name", 60),
        fields.text(value.get("name_ko"), "name_ko", 60),
    )
    if not names[0]:
        fields.refuse("no name")
    fields.raise_any("")
    return slug, names


def _read_json_person(value: Any, index: int, catalogue: _Catalogue) -> Iterator[BadRecord]:
    key = value.get("key") if isinstance(value, dict) else None
    where = f"people[{index}]" + (f" {key!r}" if isinstance(key, str) else "")
    if not isinstance(key, str) or not key.strip():
        yield BadRecord(f"{where}: no key (the person's slug, which credits refer to)")
        return
    key = key.strip()
    if key in catalogue.people:
        yield BadRecord(f"{where}: the key {key!r} is given to another person before")
        return
    try:
        catalogue.people[key] = _person(value)
    except BadRecord as error:
        catalogue.people[key] = f"{where} was refused"
        yield BadRecord(f"{where}: {error}")


def _person(value: Any) -> _Person:
    if not isinstance(value, dict):
        raise BadRecord("a person must be an object")
    fields = _Fields()
    name = fields.text(value.get("name"), "name", 150)
    name_ko = fields.text(value.get("name_ko"), "name_ko", 150)
    if not (name or name_ko):
        fields.refuse("no name (give name, name_ko or both)")
    birth_date = fields.date_value(value.get("birth_date"), "birth_date", any_year=True)
    death_date = fields.date_value(value.get("death_date"), "death_date", any_year=True)
    if birth_date and death_date and death_date < birth_date:
        fields.refuse("death_date is before birth_date")
    person = _Person(
        name=name,
        name_ko=name_ko,
        other_names=tuple(fields.text_list(value.get("other_names"), "other_names", 150)),
        birth_date=birth_date,
        death_date=death_date,
        biography=fields.text(value.get("biography"), "biography", one_line=False),
        biography_ko=fields.text(value.get("biography_ko"), "biography_ko", one_line=False),
        ids=tuple(fields.ids(value, PERSON_ID_VALIDATORS).items()),
        photo_url=fields.web_address(value.get("photo"), "photo"),
    )
    fields.raise_any("")
    return person


def _read_json_film(value: Any, index: int, catalogue: _Catalogue) -> FilmRecord | BadRecord:
    where = f"films[{index}]"
    if not isinstance(value, dict):
        return BadRecord(f"{where}: a film must be an object")
    fields = _Fields()
    film = _film(value, fields)
    where += _label(film)
    slug = _film_slug(value.get("slug"), fields)
    film.countries = fields.codes(
        value.get("countries"), "countries", catalog.country_codes, str.upper
    )
    film.languages = fields.codes(
        value.get("languages"), "languages", catalog.language_codes, str.lower
    )
    film.genres = fields.text_list(value.get("genres"), "genres", 60)
    for genre in film.genres:
        if genre not in catalogue.genres:
            fields.refuse(f"unknown genre {genre!r} (not in the file's genres list)")
    film.popularity = fields.whole_number(value.get("popularity"), "popularity", 0, 2**31 - 1)
    if poster := fields.web_address(value.get("poster"), "poster"):
        film.poster = ImageRecord(url=poster)
    film.alternative_titles = _alternative_titles(value.get("alternative_titles"), fields)
    film.credits = _json_credits(value.get("credits"), fields, catalogue)
    return _finished(film, fields, where, slug, catalogue.films)


def _alternative_titles(value: Any, fields: "_Fields") -> list[TitleRecord]:
    titles = []
    for index, entry in enumerate(fields.items(value, "alternative_titles")):
        name = f"alternative_titles[{index}]"
        if not isinstance(entry, dict):
            fields.refuse(f"{name} must be an object with title, language and kind")
            continue
        title = fields.text(entry.get("title"), f"{name}.title", 200)
        language = fields.text(entry.get("language"), f"{name}.language", 16)
        kind = fields.text(entry.get("kind"), f"{name}.kind") or "other"
        if not title:
            fields.refuse(f"{name} has no title")
        fields.check(language, f"{name}.language", catalog.language_tag)
        if kind not in TITLE_KINDS:
            kinds = ", ".join(TITLE_KINDS)
            fields.refuse(f"{name}: unknown kind {kind!r} (one of {kinds})")
        titles.append(TitleRecord(title=title, language=language, kind=kind))
    return titles


def _json_credits(value: Any, fields: "_Fields", catalogue: _Catalogue) -> list[CreditRecord]:
    credits = []
    for index, entry in enumerate(fields.items(value, "credits")):
        name = f"credits[{index}]"
        if not isinstance(entry, dict):
            fields.refuse(f"{name} must be an object with person and role")
            continue
        person = _credited_person(entry.get("person"), name, fields, catalogue)
        role = entry.get("role")
        if role not in ROLES:
            roles = ", ".join(ROLES)
            fields.refuse(f"{name}: unknown role {role!r} (one of {roles})")
        credit = CreditRecord(
            person=person or PersonRecord(source=SOURCE),
            role=role if isinstance(role, str) else "",
            character=fields.text(entry.get("character"), f"{name}.character", 150),
            character_ko=fields.text(entry.get("character_ko"), f"{name}.character_ko", 150),
            order=fields.whole_number(entry.get("order"), f"{name}.order", 0, 32767) or 0,
        )
        if entry.get("order") is None:
            credit.order = index
        credits.append(credit)
    return sorted(credits, key=lambda credit: credit.order)


def _credited_person(
    value: Any, name: str, fields: "_Fields", catalogue: _Catalogue
) -> PersonRecord | None:
    if isinstance(value, dict):  # written out in the credit, as a hand-written file may
        try:
            return _person(value).record(str(value.get("key") or ""))
        except BadRecord as error:
            fields.refuse(f"{name}.person: {error}")
            return None
    if not isinstance(value, str):
        fields.refuse(f"{name}: no person (the key of one in the people list)")
        return None
    person = catalogue.people.get(value)
    if person is None:
        fields.refuse(
            f"{name}: the person {value!r} is not in the people list (which comes before the films)"
        )
        return None
    if isinstance(person, str):
        fields.refuse(f"{name}: the person {value!r} cannot be imported ({person})")
        return None
    return person.record(value)


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(text: TextIO, name: str) -> Iterator[FilmRecord | BadRecord]:
    first_line = text.readline()
    delimiter = max(",\t;", key=first_line.count)
    header = [
        column.strip().lower() for column in next(csv.reader([first_line], delimiter=delimiter))
    ]
    if problem := _header_problem(header):
        yield BadRecord(f"{name}: {problem}")
        return
    seen: dict[str, str] = {}
    rows = csv.reader(text, delimiter=delimiter)
    number = 1
    while True:
        number += 1
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            yield BadRecord(
                f"{name}: row {number} cannot be read as CSV ({error}); nothing after it was read"
            )
            return
        if not any(cell.strip() for cell in cells):
            continue  # the empty rows spreadsheets leave at the end
        yield _csv_film(header, cells, number, seen)


def _header_problem(header: list[str]) -> str | None:
    unknown = [column for column in header if column not in schema.CSV_COLUMNS]
    if unknown:
        return f"unknown column {unknown[0]!r} in the header row; the columns are " + ", ".join(
            schema.CSV_COLUMNS
        )
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        return f"the column {repeated[0]!r} is given twice in the header row"
    if "title" not in header and "original_title" not in header:
        return "the header row needs a title or an original_title column (or both)"
    if "year" not in header and "release_date" not in header:
        return "the header row needs a year or a release_date column"
    return None


def _csv_film(
    header: list[str], cells: list[str], number: int, seen: dict[str, str]
) -> FilmRecord | BadRecord:
    values = dict(zip(header, cells, strict=False))
    fields = _Fields()
    if len(cells) > len(header):
        fields.refuse(f"the row has {len(cells)} cells, the header {len(header)}")
    film = _film(values, fields)
    where = f"row {number}" + _label(film)
    film.genres = [
        slug for cell in _cell_list(values.get("genres")) if (slug := _genre_slug(cell, fields))
    ]
    order = 0
    for column, role in (
        ("directors", catalog.Credit.Role.DIRECTOR.value),
        ("cast", catalog.Credit.Role.CAST.value),
    ):
        for cell in _cell_list(values.get(column)):
            name_ko, name = schema.split_person_cell(cell)
            if len(name) > 150 or len(name_ko) > 150:
                fields.refuse(f"{column}: the name {cell[:40]!r}… is longer than 150 characters")
            person = PersonRecord(source=SOURCE, name=name, name_ko=name_ko)
            film.credits.append(CreditRecord(person=person, role=role, order=order))
            order += 1
    return _finished(film, fields, where, _film_slug(values.get("slug"), fields), seen)


def _cell_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(schema.CSV_LIST_SEPARATOR) if part.strip()]


def _genre_slug(text: str, fields: "_Fields") -> str:
    """The genre slug for a slug, an English name or a Korean name of importers.genres."""
    wanted = text.casefold()
    for slug, (name, name_ko) in GENRES.items():
        if wanted in (slug, name.casefold(), name_ko.casefold()):
            return slug
    fields.refuse(f"unknown genre {text!r} (see the genres in docs/import-format.md)")
    return ""


# --- Both forms ---------------------------------------------------------------------------


def _film(values: Mapping[str, Any], fields: "_Fields") -> FilmRecord:
    """The fields the two forms share, checked."""
    texts = {
        name: fields.text(values.get(name), name, max_length, one_line=name.endswith("title"))
        for name, max_length in _MAX_LENGTHS.items()
    }
    film = FilmRecord(source=SOURCE, source_id="", **texts)
    film.year = fields.whole_number(
        values.get("year"), "year", catalog.FIRST_FILM_YEAR, catalog.LAST_FILM_YEAR, what="year"
    )
    film.release_date = fields.date_value(values.get("release_date"), "release_date")
    if film.year is None and film.release_date:
        film.year = film.release_date.year
    if values.get("year") in (None, "") and values.get("release_date") in (None, ""):
        fields.refuse("no year (give year or release_date)")
    film.runtime = fields.runtime(values.get("runtime"))
    film.certificate = fields.certificate(values.get("certificate"))
    film.ids = fields.ids(values, FILM_ID_VALIDATORS)
    return film


def _finished(
    film: FilmRecord, fields: "_Fields", where: str, slug: str, seen: dict[str, str]
) -> FilmRecord | BadRecord:
    if not (film.title or film.original_title):
        fields.refuse("no title (give title, original_title or both)")
    film.source_id = slug or f"{film.original_title or film.title}|{film.year}"
    if not fields.reasons and film.source_id in seen:
        fields.refuse(
            f"the same film as {seen[film.source_id]} ({film.source_id}); two films of one "
            "title and year need a slug each to tell them apart"
        )
    if fields.reasons:
        return BadRecord(f"{where}: " + "; ".join(fields.reasons))
    seen[film.source_id] = where
    return film


def _film_slug(value: Any, fields: "_Fields") -> str:
    slug = fields.text(value, "slug", 140)
    if slug and not _FILM_SLUG.match(slug):
        fields.refuse(f"bad slug {slug!r}: use letters, digits and hyphens")
    return slug


def _label(film: FilmRecord) -> str:
    title = film.original_title or film.title
    if not title:
        return ""
    return f" ({title}, {film.year})" if film.year else f" ({title})"


_MAX_LENGTHS = {
    name: catalog.Film._meta.get_field(name).max_length for name in schema.FILM_TEXT_FIELDS
}


class _Fields:
    """Reads values of one record, checking each and gathering why they are refused, so that
    the report names every reason a film is skipped at once."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def refuse(self, reason: str) -> None:
        self.reasons.append(reason)

    def raise_any(self, where: str) -> None:
        if self.reasons:
            raise BadRecord(where + "; ".join(self.reasons))

    def text(
        self, value: Any, name: str, max_length: int | None = None, *, one_line: bool = True
    ) -> str:
        if value is None or value == "":
            return ""
        if value.__class__ is not str:
            self.refuse(f"{name} must be text")
            return ""
        value = " ".join(value.split()) if one_line else value.strip()
        if max_length and len(value) > max_length:
            self.refuse(f"{name} is longer than {max_length} characters")
        return value

    def items(self, value: Any, name: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.refuse(f"{name} must be a list")
            return []
        return value

    def text_list(self, value: Any, name: str, max_length: int) -> list[str]:
        texts = [
            self.text(item, f"{name}[{index}]", max_length)
            for index, item in enumerate(self.items(value, name))
        ]
        return [text for text in texts if text]

    def whole_number(
        self, value: Any, name: str, low: int, high: int, *, what: str = ""
    ) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            self.refuse(f"{name} {value!r} is not a whole number")
            return None
        if not low <= value <= high:
            kind = f"impossible {what}" if what else f"{name} out of range:"
            self.refuse(f"{kind} {value} (from {low} to {high})")
            return None
        return value

    def runtime(self, value: Any) -> int | None:
        if isinstance(value, str) and (match := _RUNTIME.match(value.strip())):
            value = match[1]  # "108분", "108 min"
        return self.whole_number(value, "runtime", 1, catalog.MAX_RUNTIME_MINUTES)

    def date_value(self, value: Any, name: str, *, any_year: bool = False) -> date | None:
        if value is None or value == "":
            return None
        match = _DATE.match(value.strip()) if isinstance(value, str) else None
        try:
            if not match:
                raise ValueError
            found = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            self.refuse(f"bad {name} {value!r}: not a date (write it as YYYY-MM-DD)")
            return None
        if not any_year and not catalog.FIRST_FILM_YEAR <= found.year <= catalog.LAST_FILM_YEAR:
            low, high = catalog.FIRST_FILM_YEAR, catalog.LAST_FILM_YEAR
            self.refuse(f"impossible {name} {found.isoformat()} (years from {low} to {high})")
            return None
        return found

    def certificate(self, value: Any) -> str:
        label = self.text(value, "certificate")
        if not label or label in CERTIFICATES:
            return label
        if found := certificate_of_label(label):
            return found
        values = ", ".join(CERTIFICATES)
        self.refuse(
            f"unknown certificate {label!r} (one of {values}, or a Korean label such as "
            "15세이상관람가)"
        )
        return ""

    def ids(self, values: Mapping[str, Any], validators: Mapping[str, Callable]) -> dict[str, str]:
        ids = {}
        for name in ID_FIELDS:
            value = values.get(name)
            if value is None or value == "":
                continue
            if name == "tmdb_id":
                number = self.whole_number(value, name, 1, 2**31 - 1)
                if number is not None:
                    ids[name] = str(number)
                continue
            if isinstance(value, str) and self.check(value.strip(), name, validators[name]):
                ids[name] = value.strip()
            elif not isinstance(value, str):
                self.refuse(f"{name} must be text")
        return ids

    def codes(
        self, value: Any, name: str, validator: Callable, case: Callable[[str], str]
    ) -> list[str]:
        codes = [case(code) for code in self.text_list(value, name, 3)]
        if codes and self.check(",".join(codes), name, validator):
            return codes
        return []

    def web_address(self, value: Any, name: str) -> str:
        address = self.text(value, name, 2000)
        if address and not self.check(address, name, _WEB_ADDRESS):
            return ""
        return address

    def check(self, value: str, name: str, validator: Callable[[str], None]) -> bool:
        """Whether a catalog.models validator accepts the value (its message, in English,
        in the reason when not)."""
        try:
            validator(value)
        except ValidationError as error:
            with translation.override("en"):
                message = " ".join(str(text) for text in error.messages)
            self.refuse(f"bad {name} {value!r}: {message}")
            return False
        return True
