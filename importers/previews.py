"""Importing one film by its id or address at a source, as the admin's "Import from an id" does
it: which source the text names, the film fetched through that source's reader, what importing
it would change (the import run and rolled back), then the import for real.

Reads go through each reader's own client (importers.sources), with the response cache under
DATA_DIR/import-cache, so that the preview and the import read one answer. Tests set
`TRANSPORT` to an httpx.MockTransport replaying recorded answers."""

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction

from catalog.editing import films_changed
from catalog.models import Credit, Film
from importers.apply import Outcome, film_values, import_film
from importers.records import FilmRecord
from search.indexing import deferred

# The readers that fetch one film by its id, in the order a choice between them is offered.
NETWORK_READERS = ("wikidata", "kobis", "kmdb", "tmdb")

# The HTTP transport readers' clients use: None for the network; tests set a MockTransport.
TRANSPORT: httpx.BaseTransport | None = None


def readers() -> dict[str, ModuleType]:
    """The network readers this site has, by source name."""
    found = {}
    for name in NETWORK_READERS:
        module = f"importers.sources.{name}"
        try:
            found[name] = importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    return found


def sources_accepting(text: str) -> dict[str, str]:
    """The sources whose reader reads `text` as one of their films' ids or addresses: source
    name -> its id there. A bare number may be a film at several."""
    accepted = {}
    for name, reader in readers().items():
        if source_id := reader.parse_id(text.strip()):
            accepted[name] = source_id
    return accepted


def fetch(source: str, source_id: str) -> FilmRecord:
    """The film as the source gives it now. Raises importers.http.SourceError (no key, the
    source unreachable or refusing) and importers.records.BadRecord (no such film, a record
    the reader cannot read), each with a message for the editor."""
    reader = readers()[source]
    cache = Path(settings.DATA_DIR) / "import-cache"
    with reader.client(cache_dir=cache, transport=TRANSPORT) as client:
        return reader.fetch_one(client, source_id)


@dataclass
class Change:
    name: str
    old: Any
    new: Any


@dataclass
class Preview:
    """What importing a record would do: its outcome (created, merged, updated, unchanged,
    uncertain with the reason, skipped with the reason), the film it would join (None: a new
    film) and, field by field, the values that would change."""

    outcome: Outcome
    film: Film | None = None
    changes: list[Change] = field(default_factory=list)


class _RolledBack(Exception):
    pass


def preview(record: FilmRecord) -> Preview:
    """What import_film would do with the record, found by doing it in a transaction that is
    rolled back: nothing is written (no film, person, review, source record or index entry)."""
    after: dict[str, Any] = {}
    outcome = None
    try:
        with transaction.atomic(), deferred():
            outcome = import_film(record)
            if outcome.film_id and outcome.kind != "unchanged":
                after = shown_values(Film.objects.get(pk=outcome.film_id))
            raise _RolledBack
    except _RolledBack:
        pass
    film = Film.objects.filter(pk=outcome.film_id).first() if outcome.film_id else None
    before = shown_values(film) if film else {}
    changes = [
        Change(name, before.get(name), value)
        for name, value in after.items()
        if value != before.get(name)
    ]
    return Preview(outcome, film, changes)


def shown_values(film: Film) -> dict[str, Any]:
    """The film's fields in the form of importers.apply.film_values, but for its credits, which
    name their people (a person the preview made is gone once it is rolled back); the empty
    ones left out."""
    values = film_values(film)
    credits = film.credits.select_related("person").order_by("order", "id")
    values["credits"] = [credit_line(credit) for credit in credits]
    return {name: value for name, value in values.items() if value not in (None, "", [], 0)}


def credit_line(credit: Credit) -> str:
    """ "Song Kang-ho (송강호): actor, Park Doo-man" """
    line = f"{credit.person}: {credit.get_role_display()}"
    character = credit.character or credit.character_ko
    return f"{line}, {character}" if character else line


def import_record(record: FilmRecord) -> Outcome:
    """Import the record for real, in one transaction, with the search index and the pages
    that show the film brought up to date."""
    with transaction.atomic(), deferred():
        outcome = import_film(record)
        if outcome.film_id and outcome.kind != "unchanged":
            films_changed([outcome.film_id])
    return outcome
