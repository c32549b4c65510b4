"""What the editors' pages of imports show (importers.admin): a review's waiting record beside
its candidates, a film's or a person's field sources, an import's preview and a run's report,
with values written as an editor reads them. Reads only; the decisions are in
importers.reviews and importers.previews."""

from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from catalog.models import AlternativeTitle, Credit, Film, Person
from importers.apply import field_sources
from importers.models import ImportRun, Review, SourceChoices
from importers.previews import Preview
from importers.records import ID_FIELDS, FilmRecord, PersonRecord, film_from_json
from importers.runs import KINDS

# What each kind of outcome counts, in a run's report (importers.runs.KINDS).
OUTCOME_LABELS = {
    "created": _("new films"),
    "updated": _("films updated"),
    "unchanged": _("films unchanged"),
    "merged": _("films merged into one already there"),
    "uncertain": _("films waiting for review"),
    "skipped": _("records skipped"),
}
ID_LABELS = {
    "wikidata_id": "Wikidata",
    "tmdb_id": "TMDB",
    "kobis_id": "KOBIS",
    "kmdb_id": "KMDb",
    "imdb_id": "IMDb",
}


def source_label(source: str) -> str:
    if source == "merged":
        return str(_("every source, merged"))
    return str(SourceChoices(source).label) if source in SourceChoices.values else source


def field_label(model: type[Film] | type[Person], name: str) -> str:
    if name == "alternative_titles":
        return capfirst(AlternativeTitle._meta.verbose_name_plural)
    if name == "credits":
        return capfirst(Credit._meta.verbose_name_plural)
    return capfirst(model._meta.get_field(name).verbose_name)


def readable(name: str, value: Any, people: dict[int, str] | None = None) -> str:
    """A value in the form of importers.apply's values as an editor reads it: lists joined,
    a rating by its name, credits by their people's names (`people`: id -> name)."""
    if value in (None, "", []):
        return "—"
    if name == "certificate" and value in Film.Certificate.values:
        return str(Film.Certificate(value).label)
    if name == "alternative_titles":
        return "; ".join(f"{title} ({language})" for title, language, _kind in value)
    if name == "credits":
        return "; ".join(_credit(row, people or {}) for row in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if name in ("countries", "languages"):
        return value.replace(",", ", ")
    return str(value)


def _credit(row: Any, people: dict[int, str]) -> str:
    if isinstance(row, str):
        return row  # already named (importers.previews.credit_line)
    person_id, role, character, character_ko = row
    shown = people.get(person_id, f"#{person_id}")
    role_label = Credit.Role(role).label if role in Credit.Role.values else role
    character = character or character_ko
    return f"{shown}: {role_label}, {character}" if character else f"{shown}: {role_label}"


def field_sources_panel(instance: Film | Person) -> list[dict[str, Any]]:
    """The rows of the panel of field sources on a film's or a person's admin page: each
    imported field, its value now, who set it, and each source's value (with whether it is the
    value the field holds). One more query than importers.apply.field_sources, for the names
    of the people credits name."""
    sources = field_sources(instance)
    person_ids = {
        row[0]
        for found in sources
        if found.name == "credits"
        for rows in [found.value, *(offer.value for offer in found.offers)]
        for row in rows
    }
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    return [
        {
            "name": found.name,
            "label": field_label(type(instance), found.name),
            "value": readable(found.name, found.value, people),
            "edited": found.edited,
            "source": source_label(found.source) if found.source else "",
            "at": found.at,
            "offers": [
                {
                    "source": offer.source,
                    "label": source_label(offer.source),
                    "value": readable(found.name, offer.value, people),
                    "url": offer.url,
                    "fetched_at": offer.fetched_at,
                    "current": offer.value == found.value,
                }
                for offer in found.offers
            ],
        }
        for found in sources
    ]


def review_page(review: Review) -> dict[str, Any]:
    """A review's waiting record, as an editor compares it, and its candidates with their
    years, directors and ids (a fixed number of queries, whatever the candidates)."""
    record = film_from_json(review.record)
    context: dict[str, Any] = {"record": _record_summary(record)}
    if review.kind == Review.Kind.PERSON:
        credit = record.credits[review.person_index or 0]
        context["person"] = {
            **_person_summary(credit.person),
            "role": Credit.Role(credit.role).label if credit.role in Credit.Role.values else "",
            "character": credit.character or credit.character_ko,
        }
        context["film"] = review.film
        context["film_url"] = (
            reverse("admin:catalog_film_change", args=[review.film_id]) if review.film_id else ""
        )
        context["candidates"] = _candidate_people(review)
    else:
        context["candidates"] = _candidate_films(review)
    return context


def _ids(ids: dict[str, Any]) -> list[tuple[str, str]]:
    return [(ID_LABELS[name], str(ids[name])) for name in ID_FIELDS if ids.get(name)]


def _record_summary(record: FilmRecord) -> dict[str, Any]:
    return {
        "title": record.title,
        "original_title": record.original_title,
        "year": record.year,
        "release_date": record.release_date,
        "runtime": record.runtime,
        "ids": _ids(record.ids),
        "directors": [_person_name(person) for person in record.directors()],
        "url": record.url,
        "source": source_label(record.source.value),
        "source_id": record.source_id,
    }


def _person_name(person: PersonRecord) -> str:
    """As the catalogue names people (catalog.models.Person.__str__): "Bong Joon-ho (봉준호)"."""
    if person.name and person.name_ko:
        return f"{person.name} ({person.name_ko})"
    return person.label


def _person_summary(person: PersonRecord) -> dict[str, Any]:
    return {
        "name": person.name,
        "name_ko": person.name_ko,
        "birth_date": person.birth_date,
        "ids": _ids(person.ids),
    }


def _candidate_films(review: Review) -> list[dict[str, Any]]:
    directors = Prefetch(
        "credits",
        queryset=Credit.objects.filter(role=Credit.Role.DIRECTOR).select_related("person"),
        to_attr="directing",
    )
    films = review.candidate_films.order_by("year", "pk").prefetch_related(directors)
    return [
        {
            "pk": film.pk,
            "title": film.title,
            "original_title": film.original_title,
            "year": film.year,
            "release_date": film.release_date,
            "runtime": film.runtime,
            "url": reverse("admin:catalog_film_change", args=[film.pk]),
            "directors": [str(credit.person) for credit in film.directing],
            "ids": _ids({name: getattr(film, name) for name in ID_FIELDS}),
        }
        for film in films
    ]


# How many of a candidate's films the review page lists, the latest first.
FILMS_SHOWN = 5


def _candidate_people(review: Review) -> list[dict[str, Any]]:
    credits = Prefetch(
        "credits",
        queryset=Credit.objects.select_related("film").order_by("-film__year", "film__title"),
        to_attr="all_credits",
    )
    people = review.candidate_people.order_by("name", "pk").prefetch_related(credits)
    found = []
    for person in people:
        films = list({credit.film_id: credit.film for credit in person.all_credits}.values())
        found.append(
            {
                "pk": person.pk,
                "name": person.name,
                "name_ko": person.name_ko,
                "birth_date": person.birth_date,
                "url": reverse("admin:catalog_person_change", args=[person.pk]),
                "ids": _ids({name: getattr(person, name) for name in ID_FIELDS}),
                "films": [str(film) for film in films[:FILMS_SHOWN]],
                "more_films": max(0, len(films) - FILMS_SHOWN),
            }
        )
    return found


def preview_rows(preview: Preview) -> list[dict[str, str]]:
    """The fields an import would change, old value beside new, as an editor reads them."""
    return [
        {
            "label": field_label(Film, change.name),
            "old": readable(change.name, change.old),
            "new": readable(change.name, change.new),
        }
        for change in preview.changes
    ]


def run_counts(run: ImportRun) -> list[tuple[str, int]]:
    """A run's counts, each kind of outcome by its name, in the report's order."""
    return [(str(OUTCOME_LABELS[kind]), run.counts.get(kind, 0)) for kind in KINDS]
