"""Writing the catalogue outside the admin's forms: the fields it derives when an editor or an
importer leaves them empty, whole films, people and genres, validated before they are saved,
and `films_changed`, which whoever wrote films (the admin, a loader) calls once at the end."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from catalog.naming import film_slug, person_slug, romanised_title, unique_slug
from catalog.pagecache import LISTS, MENU, SEARCH, invalidate, invalidate_films
from catalog.tasks import refresh_similar_films_of


def fill_in_film(film: Film) -> Film:
    """Give a film its romanised title and a unique slug when it has none."""
    if not film.romanised_title and film.original_title:
        film.romanised_title = romanised_title(film.original_title)[:200]
    if not film.slug:
        film.slug = unique_slug(
            Film, film_slug(film.title, film.original_title, film.year), film.pk
        )
    return film


def fill_in_person(person: Person) -> Person:
    if not person.slug:
        person.slug = unique_slug(Person, person_slug(person.name, person.name_ko), person.pk)
    return person


# Writes of whole records, for loaders outside the admin (the demo, importers). Each validates
# first and raises ValidationError before anything is written; callers hold the transaction,
# and call films_changed with the ids of the films they wrote once they are done.


def save_genre(*, slug: str, name: str, name_ko: str) -> Genre:
    """The genre of this slug, created or given these names."""
    genre, _created = Genre.objects.update_or_create(
        slug=slug, defaults={"name": name, "name_ko": name_ko}
    )
    return genre


def save_film(film: Film, *, genres: Iterable[Genre]) -> Film:
    """Fill in what was left empty, validate and save a film, and set its genres."""
    fill_in_film(film)
    film.full_clean()
    film.save()
    film.genres.set(genres)
    return film


def save_person(person: Person) -> Person:
    fill_in_person(person)
    person.full_clean()
    person.save()
    return person


def replace_credits(film: Film, credits: Iterable[Credit]) -> None:
    """The film's credits become these (unsaved, in billing order)."""
    film.credits.all().delete()
    for credit in credits:
        credit.film = film
        credit.full_clean()
        credit.save()


def replace_alternative_titles(film: Film, titles: Iterable[AlternativeTitle]) -> None:
    film.alternative_titles.all().delete()
    for title in titles:
        title.film = film
        title.full_clean()
        title.save()


@transaction.atomic
def clear_catalogue() -> dict[str, int]:
    """Delete every film (with all that hangs from it: credits, titles, and other apps' rows
    such as video sources and comments), person and genre. For starting a site over."""
    deleted = {
        "films": Film.objects.count(),
        "people": Person.objects.count(),
        "genres": Genre.objects.count(),
    }
    Film.objects.all().delete()
    Person.objects.all().delete()
    Genre.objects.all().delete()
    # Every page shows the menu, which is now empty: every kept page is stale.
    invalidate({MENU, LISTS, SEARCH})
    return deleted


def films_changed(film_ids: Iterable[int]) -> None:
    """After writing these films (their facts, genres, credits, publication, or deleting
    them): make the kept pages that show them stale, and queue one background refresh of
    their "more like this" lists and their neighbours', for when the transaction commits (the
    worker must see the writes).

    Called once by whoever wrote, rather than by save_film and replace_credits themselves: a
    loader writes a film in several steps and many films in one transaction, and one job for
    all of them does each film's work once; the demo computes its lists itself instead."""
    ids = sorted(set(film_ids))
    if ids:
        transaction.on_commit(partial(refresh_similar_films_of.enqueue, ids))
    # The pages that show them as they are now, kept by the page cache, are made anew.
    invalidate_films(ids)
