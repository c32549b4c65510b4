"""Films and people as one source describes them, in kcinema's terms: what every source's
reader yields (importers.sources) and what importers.apply merges into the catalogue.

A reader fills what its source gives and leaves the rest empty ("" / None / []): empty means
"this source says nothing", never "clear this field". Values are already cleaned and mapped
(hangul titles without stray spaces, genres as kcinema genre slugs, certificates as
catalog.models.Film.Certificate values, dates as dates); a reader that cannot read a record
raises BadRecord, and the import skips it with the reason in its report."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Source(StrEnum):
    """Where a value came from. The order of ranking per field is in importers.ranking."""

    WIKIDATA = "wikidata"
    KOBIS = "kobis"
    KMDB = "kmdb"
    TMDB = "tmdb"
    FILE = "file"  # kcinema's own CSV/JSON schema (importers.sources.files)


# The external ids a record can carry, by the name of the catalogue's field that keeps each.
# IMDb ids are stored and linked to, never used to fetch anything (IMDb's data is not ours).
ID_FIELDS = ("wikidata_id", "tmdb_id", "kobis_id", "kmdb_id", "imdb_id")


class BadRecord(ValueError):
    """A record the import skips: no title, an impossible year, a line that is not JSON... The
    message is the reason the report gives, in English (the import's report is for operators)."""


@dataclass
class PersonRecord:
    source: Source
    # The person's id in that source, "" when the source gives none (KOBIS credits).
    source_id: str = ""
    ids: dict[str, str] = field(default_factory=dict)  # ID_FIELDS name -> value
    name: str = ""  # Latin letters, family name first for Koreans
    name_ko: str = ""  # hangul
    other_names: list[str] = field(default_factory=list)
    birth_date: date | None = None
    death_date: date | None = None
    biography: str = ""
    biography_ko: str = ""
    photo_url: str = ""

    @property
    def label(self) -> str:
        return self.name_ko or self.name or self.source_id


@dataclass
class CreditRecord:
    person: PersonRecord
    role: str  # a catalog.models.Credit.Role value
    character: str = ""
    character_ko: str = ""
    order: int = 0


@dataclass
class TitleRecord:
    """An alternative title (catalog.models.AlternativeTitle)."""

    title: str
    language: str  # a language tag: ko, en, ja, ko-Latn
    kind: str = "other"  # a catalog.models.AlternativeTitle.Kind value


@dataclass
class ImageRecord:
    """A poster or photo the source offers: downloaded and stored only when `may_copy` (the
    source's terms let a site re-host it), linked to otherwise."""

    url: str
    licence: str = ""  # e.g. "CC BY-SA 4.0", "TMDB terms of use"
    may_copy: bool = False
    credit: str = ""  # who made it, where the licence asks for it


@dataclass
class FilmRecord:
    source: Source
    source_id: str  # the film's id in that source (Q-id, movieCd, DOCID, TMDB id, our slug)
    ids: dict[str, str] = field(default_factory=dict)  # ID_FIELDS name -> value
    title: str = ""  # English or Latin letters
    original_title: str = ""  # hangul
    romanised_title: str = ""
    year: int | None = None
    release_date: date | None = None
    runtime: int | None = None  # minutes
    countries: list[str] = field(default_factory=list)  # ISO 3166 alpha-2, upper case
    languages: list[str] = field(default_factory=list)  # ISO 639-1 (or -3), lower case
    certificate: str = ""  # a catalog.models.Film.Certificate value
    genres: list[str] = field(default_factory=list)  # kcinema genre slugs (importers.genres)
    synopsis: str = ""
    synopsis_ko: str = ""
    plot: str = ""
    plot_ko: str = ""
    alternative_titles: list[TitleRecord] = field(default_factory=list)
    credits: list[CreditRecord] = field(default_factory=list)  # in billing order
    poster: ImageRecord | None = None
    popularity: int | None = None
    url: str = ""  # the record's page at its source, for the provenance and the admin

    @property
    def label(self) -> str:
        title = self.original_title or self.title or self.source_id
        return f"{title} ({self.year})" if self.year else title

    def directors(self) -> list[PersonRecord]:
        return [credit.person for credit in self.credits if credit.role == "director"]


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def film_to_json(record: FilmRecord) -> dict:
    """The record as JSON-ready data (kept by a Review until an editor decides)."""
    return _plain(record)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _person(data: dict) -> PersonRecord:
    return PersonRecord(
        **{
            **data,
            "source": Source(data["source"]),
            "birth_date": _date(data.get("birth_date")),
            "death_date": _date(data.get("death_date")),
        }
    )


def film_from_json(data: dict) -> FilmRecord:
    poster = data.get("poster")
    return FilmRecord(
        **{
            **data,
            "source": Source(data["source"]),
            "release_date": _date(data.get("release_date")),
            "alternative_titles": [TitleRecord(**title) for title in data["alternative_titles"]],
            "credits": [
                CreditRecord(**{**credit, "person": _person(credit["person"])})
                for credit in data["credits"]
            ],
            "poster": ImageRecord(**poster) if poster else None,
        }
    )
