"""The demo catalogue: real Korean films (facts only, synopses written for kcinema), loaded
in one transaction through the catalogue's own write functions, with their "more like this"
lists, and safe to load again."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from catalog.editing import (
    replace_alternative_titles,
    replace_credits,
    save_film,
    save_genre,
    save_person,
)
from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from catalog.pagecache import invalidate_films
from catalog.similarity import refresh_similar_films
from search.indexing import deferred as search_index_deferred
from watch.models import Offer
from watch.offers import replace_offers
from watch.sources import save_source

DEMO_FILE = Path(__file__).parent / "demo" / "catalogue.json"


@dataclass(frozen=True)
class LoadResult:
    films: int
    people: int
    genres: int


def catalogue_is_empty() -> bool:
    return not Film.objects.exists()


def read_catalogue(path: Path = DEMO_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_demo_catalogue(path: Path = DEMO_FILE) -> LoadResult:
    """Create or update every genre, person and film of the demo file; any invalid record
    raises ValidationError and nothing at all is written."""
    catalogue = read_catalogue(path)
    genres = {
        entry["slug"]: save_genre(slug=entry["slug"], name=entry["name"], name_ko=entry["name_ko"])
        for entry in catalogue["genres"]
    }
    people: dict[str, Person] = {}
    film_ids = []
    with search_index_deferred():
        for entry in catalogue["films"]:
            film = _save_film(entry, genres)
            _save_credits(film, entry["credits"], people)
            _save_alternative_titles(film, entry.get("alternative_titles", []))
            _save_sources(film, entry.get("sources", []))
            _save_offers(film, entry.get("offers", []))
            film_ids.append(film.pk)
    # Here and now rather than queued (films_changed): the demo's pages show the lists at once.
    refresh_similar_films(film_ids)
    invalidate_films(film_ids)  # pages a running site keeps of them (a --reset, a reload)
    return LoadResult(films=len(catalogue["films"]), people=len(people), genres=len(genres))


def _save_film(entry: dict[str, Any], genres: dict[str, Genre]) -> Film:
    film = Film.objects.filter(title=entry["title"], year=entry["year"]).first() or Film()
    film.title = entry["title"]
    film.original_title = entry["original_title"]
    film.year = entry["year"]
    film.release_date = date.fromisoformat(entry["release_date"]) if entry["release_date"] else None
    film.runtime = entry["runtime"]
    film.popularity = entry.get("popularity", 0)
    film.countries = ",".join(entry["countries"])
    film.languages = ",".join(entry["languages"])
    film.certificate = entry["certificate"] or ""
    for field in ("synopsis", "synopsis_ko", "plot", "plot_ko"):
        setattr(film, field, entry[field])
    return save_film(film, genres=[genres[slug] for slug in entry["genres"]])


def _save_credits(film: Film, entries: list[dict[str, Any]], people: dict[str, Person]) -> None:
    credits = []
    for order, entry in enumerate(entries):
        person = people.get(entry["name"])
        if person is None:
            person = Person.objects.filter(name=entry["name"]).first() or Person(name=entry["name"])
            person.name_ko = entry.get("name_ko") or person.name_ko
            # Other names come with the public page they were confirmed from (other_names_source).
            person.other_names = "\n".join(entry.get("other_names", [])) or person.other_names
            people[person.name] = save_person(person)
        credit = Credit(
            person=person,
            role=entry["role"],
            character=entry.get("character") or "",
            character_ko=entry.get("character_ko") or "",
            order=order,
        )
        credits.append(credit)
    replace_credits(film, credits)


def _save_alternative_titles(film: Film, entries: list[dict[str, Any]]) -> None:
    titles = [
        AlternativeTitle(title=entry["title"], language=entry["language"], kind=entry["kind"])
        for entry in entries
    ]
    replace_alternative_titles(film, titles)


def _save_sources(film: Film, entries: list[dict[str, Any]]) -> None:
    """The film's videos, each cited in the demo file by the public page its id was read from
    ("citation"), which stays in the file: kcinema embeds them and hosts nothing."""
    for order, entry in enumerate(entries):
        save_source(
            film,
            entry["url"],
            kind=entry["kind"],
            uploader=entry["uploader"],
            source_note=entry.get("source_note", ""),
            language=entry.get("language", "ko"),
            subtitle_languages=",".join(entry.get("subtitle_languages", [])),
            title=entry.get("title", ""),
            order=order,
        )


def _save_offers(film: Film, entries: list[dict[str, Any]]) -> None:
    """Where the film can be watched legally, as the cited page ("citation") said on the date
    it was published ("last_checked"). Their links are left empty: no cited page gives the
    film's own address on the service, so the service's home is linked."""
    offers = [
        Offer(
            service=entry["service"],
            country=entry["country"],
            kind=entry["kind"],
            last_checked=date.fromisoformat(entry["last_checked"]),
        )
        for entry in entries
    ]
    replace_offers(film, offers)
