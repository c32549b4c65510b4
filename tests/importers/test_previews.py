"""What importing a record would change, found without writing anything (importers.previews)."""

import pytest

from catalog.models import Credit, Film, Genre, Person
from importers import previews
from importers.models import Provenance, Review, SourceRecord
from search.models import SearchEntry, SearchWord
from tests.factories import CreditFactory, FilmFactory, PersonFactory
from tests.importers.records import BONG_KO, memories

pytestmark = pytest.mark.django_db

# The catalogue's rows, the imports' and the search index's.
TABLES = (Film, Person, Credit, Genre, SourceRecord, Provenance, Review, SearchEntry, SearchWord)


def rows() -> dict:
    return {model: list(model.objects.order_by("pk").values()) for model in TABLES}


def test_a_preview_leaves_the_database_as_it_was():
    kept = FilmFactory(original_title="살인의 추억", year=2003, title="Memories", runtime=100)
    CreditFactory(film=kept, person=PersonFactory(name="Bong Joon-ho", name_ko=BONG_KO))
    Credit.objects.update(role="director")
    before = rows()

    preview = previews.preview(memories())

    assert preview.outcome.kind == "merged"
    assert preview.film == kept
    changes = {change.name: (change.old, change.new) for change in preview.changes}
    assert changes["kobis_id"] == (None, "20030301")
    assert "runtime" not in changes  # the editor's 100 stays
    assert rows() == before


def test_the_preview_of_a_new_film_names_its_people_and_leaves_nothing():
    preview = previews.preview(memories())
    assert preview.outcome.kind == "created"
    assert preview.film is None
    changes = {change.name: (change.old, change.new) for change in preview.changes}
    assert changes["runtime"] == (None, 131)
    assert changes["credits"] == (
        None,
        [f"Bong Joon-ho ({BONG_KO}): Director", "Song Kang-ho (송강호): Cast, Park Doo-man"],
    )
    assert not any(rows().values())


def test_importing_a_record_writes_the_film_and_indexes_it(client):
    outcome = previews.import_record(memories())
    assert outcome.kind == "created"
    assert Film.objects.get().kobis_id == "20030301"
    assert "SALINUI CHUEOK" in client.get("/search/", {"q": "살인의 추억"}).text
