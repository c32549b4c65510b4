"""Where each field of a film or a person came from: a source and when, or an editor, beside
what each source gives (importers.apply.field_sources)."""

import pytest

from catalog.models import Person
from importers.apply import field_sources
from tests.importers.records import BONG_KO, edited_film, imported, memories

pytestmark = pytest.mark.django_db


def test_field_sources_name_each_fields_source_and_the_editors_changes(
    django_assert_num_queries,
):
    film = edited_film()
    with django_assert_num_queries(5):  # genres, titles, credits, provenance, source records
        found = {field.name: field for field in field_sources(film)}
    runtime = found["runtime"]
    assert (runtime.value, runtime.edited) == (130, True)
    assert [(offer.source, offer.value) for offer in runtime.offers] == [
        ("kobis", 131),  # in the ranking's order: KOBIS first for runtimes
        ("tmdb", 132),
    ]
    title = found["title"]
    assert (title.value, title.edited, title.source) == ("Memories of Murder", False, "tmdb")
    assert title.at is not None
    assert "synopsis" not in found  # no source speaks of it
    assert found["credits"].source == "merged"


def test_field_sources_of_a_person(django_assert_num_queries):
    imported(memories())
    director = Person.objects.get(name_ko=BONG_KO)
    with django_assert_num_queries(2):
        found = {field.name: field for field in field_sources(director)}
    assert found["name_ko"].value == BONG_KO
    assert found["name_ko"].source == "kobis"
    assert not found["name_ko"].edited
