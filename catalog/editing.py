"""Writing the catalogue outside the admin's forms: the fields it derives when an editor or an
importer leaves them empty, and whole films, people and genres, validated before they are
saved."""

from collections.abc import Iterable

from catalog.models import AlternativeTitle, Credit, Film, Genre, Person
from catalog.naming import film_slug, person_slug, romanise, unique_slug


def fill_in_film(film: Film) -> Film:
    """Give a film its romanised title and a unique slug when it has none."""
    if not film.romanised_title and film.original_title:
        film.romanised_title = romanise(film.original_title)[:200]
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
# first and raises ValidationError before anything is written; callers hold the transaction.


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
