"""Slugs for the films and people an import makes, many at a time: catalog.naming's bases
("kim-ji-hoon", "parasite-2019") made unique with -2, -3, ... as the admin does, but found
with exact look-ups through the slug's unique index (a prefix search reads the whole table on
SQLite), and remembering, per base, how far the numbers are taken: 300,000 people share a few
thousand names. The unique constraint still guards against another writer at the same time."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

from catalog.models import Film, Person
from catalog.naming import film_slug, person_slug

WINDOW = 25
MAX_LENGTH = 140

_next_number: ContextVar[dict | None] = ContextVar("next_slug_number", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within a run: what the numbers of each base have reached."""
    token = _next_number.set({})
    try:
        yield
    finally:
        _next_number.reset(token)


def _numbered(base: str, number: int) -> str:
    if number == 1:
        return base
    suffix = f"-{number}"
    return base[: MAX_LENGTH - len(suffix)] + suffix


def unique_slugs(model: type[models.Model], bases: list[str]) -> list[str]:
    """A free slug for each base, distinct from each other."""
    known = _next_number.get()
    reached = known if known is not None else {}
    found: list[str] = [""] * len(bases)
    chosen: set[str] = set()
    waiting = list(range(len(bases)))
    while waiting:
        candidates = {
            index: [
                (number, _numbered(bases[index], number))
                for number in range(reached.get((model, bases[index]), 1), 10**9)[:WINDOW]
            ]
            for index in waiting
        }
        wanted = {slug for pairs in candidates.values() for _number, slug in pairs}
        taken = set(model._default_manager.filter(slug__in=wanted).values_list("slug", flat=True))
        still = []
        for index in waiting:
            key = (model, bases[index])
            for number, slug in candidates[index]:
                if slug not in taken and slug not in chosen:
                    found[index] = slug
                    chosen.add(slug)
                    reached[key] = number + 1
                    break
            else:
                reached[key] = candidates[index][-1][0] + 1
                still.append(index)
        waiting = still
    return found


def for_film(film: Film) -> str:
    return unique_slugs(Film, [film_slug(film.title, film.original_title, film.year)])[0]


def for_person(person: Person) -> str:
    return unique_slugs(Person, [person_slug(person.name, person.name_ko)])[0]
