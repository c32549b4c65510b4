"""Fields the catalogue derives when an editor or an importer leaves them empty."""

from catalog.models import Film, Person
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
