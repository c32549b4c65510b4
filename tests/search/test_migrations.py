"""The search migrations write their SQL and data steps out; these tests run them both ways on
the database under test and hold what they wrote to what the index code expects today."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection

from search import indexing, text
from search.backends import current_backend
from search.engine import search
from search.models import SearchEntry, SearchWord
from tests.factories import FilmFactory, VideoSourceFactory

full_text = importlib.import_module("search.migrations.0002_full_text_indexes")
story_words = importlib.import_module("search.migrations.0003_story_words")


def normal(statement: str) -> str:
    return " ".join(statement.split())


def test_a_rebuild_puts_back_what_the_migration_installed():
    """A rebuild drops and recreates triggers (SQLite) and indexes (PostgreSQL): they must be
    the migration's own, or a rebuild would change the schema. Changing them takes a new
    migration as well as a change of search.backends."""
    backend = current_backend()
    installed = {normal(statement) for statement in full_text.STATEMENTS[backend.vendor][0]}
    recreated = backend.triggers if backend.vendor == "sqlite" else backend.indexes
    assert {normal(statement) for statement in recreated} <= installed


@pytest.mark.parametrize(
    "story",
    [
        "a man and his daughter in cell no 7",
        "7번방의 선물 딸 예승",
        "café au lait — naïve 사랑",
        "x" * 120,
    ],
)
def test_the_migration_splits_story_words_as_the_index_does(story):
    """Were the index to split words otherwise, existing sites would need a migration that
    fills the vocabulary anew."""
    normalised = text.normalise(story)
    assert story_words.story_words(normalised) == text.story_words(normalised)


@pytest.mark.django_db(transaction=True)
def test_the_full_text_migrations_run_backwards_and_forwards():
    film = FilmFactory(title="Miracle in Cell No. 7", synopsis="A father and his daughter.")
    SearchWord.objects.all().delete()
    try:
        call_command("migrate", "search", "0001", verbosity=0)
        call_command("migrate", "search", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)  # never leave the test database half migrated
    if connection.vendor == "sqlite":  # the copied entry table has the planner's statistics
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'search_searchentry'")
            assert cursor.fetchone()[0] > 0
    # The vocabulary was filled from the stories already indexed, by the migration alone.
    assert {"father", "daughter"} <= set(SearchWord.objects.values_list("word", flat=True))
    indexing.rebuild()  # the full-text tables came back empty
    assert [found.pk for found in search("miracle cell").films] == [film.pk]
    assert [found.pk for found in search("daughter").films] == [film.pk]


@pytest.mark.django_db(transaction=True)
def test_the_playable_migration_fills_the_entries_and_keeps_the_index_working():
    film = FilmFactory(title="Mother", original_title="마더")
    VideoSourceFactory(film=film, subtitle_languages="ko,en")
    VideoSourceFactory(film=film, subtitle_languages="ja", hidden_by_takedown=True)
    try:
        call_command("migrate", "search", "0003", verbosity=0)
        call_command("migrate", "search", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)
    entry = SearchEntry.objects.get(film=film)
    assert (entry.has_full_film, entry.subtitles) == (True, ",en,ko,")
    # On SQLite the entry table was copied: its triggers must still keep names searchable.
    other = FilmFactory(title="Poetry", original_title="시")
    assert [found.pk for found in search("poetry").films] == [other.pk]
    film.title = "Mother Again"
    film.save()
    assert [found.pk for found in search("again").films] == [film.pk]
