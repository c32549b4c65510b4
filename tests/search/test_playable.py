"""Searching by what can be played: a full film, subtitles in a language. The index keeps it
on each film's entry, following every edit of a source and every takedown at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import indexing
from search.engine import Query, SearchFilters, search
from search.engine.ranking import Namesakes, film_lists
from search.models import SearchEntry
from search.sql import SQL, fetch_all
from tests.factories import FilmFactory, VideoSourceFactory
from tests.search.test_views import page_queries
from watch import takedowns
from watch.models import TakedownNotice, VideoSource

pytestmark = pytest.mark.django_db

FULL_FILM = SearchFilters(full_film=True)
ENGLISH = SearchFilters(subtitle_language="en")


def entry(film) -> SearchEntry:
    return SearchEntry.objects.get(film=film)


def found(filters: SearchFilters, query: str = "") -> list[str]:
    return [film.title for film in search(query, filters).films.object_list]


def test_the_entry_says_what_can_be_played():
    film = FilmFactory(title="Mother")
    VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER, subtitle_languages="fr")
    VideoSourceFactory(film=film, subtitle_languages="ko,en")
    VideoSourceFactory(film=film, subtitle_languages="ja,en")
    assert (entry(film).has_full_film, entry(film).subtitles) == (True, ",en,ja,ko,")
    trailer_only = FilmFactory(title="Poetry")
    VideoSourceFactory(film=trailer_only, kind=VideoSource.Kind.TRAILER, subtitle_languages="en")
    assert (entry(trailer_only).has_full_film, entry(trailer_only).subtitles) == (False, "")


def test_a_rebuild_gives_what_the_edits_gave():
    film = FilmFactory(title="Mother")
    VideoSourceFactory(film=film, subtitle_languages="en")
    VideoSourceFactory(film=film, subtitle_languages="ja", active=False)
    before = (entry(film).has_full_film, entry(film).subtitles)
    indexing.rebuild()
    assert (entry(film).has_full_film, entry(film).subtitles) == before == (True, ",en,")


def test_filters_follow_edits_of_sources_at_once():
    film = FilmFactory(title="Mother")
    FilmFactory(title="Poetry")
    assert found(FULL_FILM) == []
    source = VideoSourceFactory(film=film, subtitle_languages="")
    assert found(FULL_FILM) == ["Mother"] and found(ENGLISH) == []
    source.subtitle_languages = "en"
    source.save()
    assert found(ENGLISH) == ["Mother"]
    source.active = False  # as a health check switches it off
    source.save()
    assert found(FULL_FILM) == [] and found(ENGLISH) == []
    source.active = True
    source.save()
    source.delete()
    assert found(FULL_FILM) == []


def test_a_confirmed_takedown_hides_the_film_from_the_filter_and_a_rejection_restores_it():
    source = VideoSourceFactory(film=FilmFactory(title="Mother"), subtitle_languages="en")
    notice = TakedownNotice(
        claimant_name="Kim Rights",
        email="rights@example.org",
        postal_address="1 Film Street, Seoul",
        work="Mother (2009)",
        urls=source.get_absolute_url(),
        good_faith=True,
        accurate=True,
        signature="Kim Rights",
    )
    takedowns.file_notice(notice, [("watch:play", {"pk": source.pk})])
    assert found(FULL_FILM) == ["Mother"]  # nothing is hidden before the claimant confirms
    takedowns.confirm_claimant_email(notice)
    assert found(FULL_FILM) == [] and found(ENGLISH) == []
    takedowns.reject_notice(notice)
    assert found(FULL_FILM) == ["Mother"] and found(ENGLISH) == ["Mother"]


def test_a_film_with_sources_can_be_deleted():
    film = FilmFactory(title="Mother")
    VideoSourceFactory(film=film)
    film.delete()
    assert not SearchEntry.objects.exists()


def test_filters_with_a_query_and_with_none():
    mother = FilmFactory(title="Mother", popularity=1)
    FilmFactory(title="Mother Tongue", popularity=9)
    VideoSourceFactory(film=mother, subtitle_languages="en")
    assert found(FULL_FILM, "mother") == ["Mother"]
    assert found(ENGLISH, "mother") == ["Mother"]
    assert found(SearchFilters(full_film=True, sort="newest"), "mother") == ["Mother"]
    assert found(SearchFilters(subtitle_language="ja")) == []


def test_results_page_filters_and_shows_badges(client):
    mother = FilmFactory(title="Mother")
    FilmFactory(title="Mother Tongue")
    VideoSourceFactory(film=mother, subtitle_languages="en")
    html = client.get("/search/", {"q": "mother", "full_film": "on"}).text
    assert "Mother Tongue" not in html and ">Mother<" in html
    assert '<span class="badge">Full film</span>' in html
    assert '<span class="badge">English subtitles</span>' in html
    html = client.get("/ko/search/", {"subtitles": "en"}).text
    assert "film-card-badges" in html
    html = client.get("/search/", {"q": "mother"}).text
    assert html.count("film-card-badges") == 1  # Mother Tongue has none


@pytest.mark.parametrize("size", [1, 30])
def test_filtered_results_page_query_count_does_not_grow(client, size):
    for number in range(size):
        film = FilmFactory(title=f"Memories {number}", popularity=number)
        VideoSourceFactory(film=film, subtitle_languages="en,ko")
    # As unfiltered (test_views): the filters are conditions on the entry, read with it.
    assert page_queries(client, {"q": "memories", "full_film": "1", "subtitles": "en"}) == 6
    # no query: the films by popularity; the entries shown, their films; the genre menu
    assert page_queries(client, {"full_film": "1"}) == 4


@pytest.mark.parametrize("size", [2, 10])
def test_indexing_reads_the_sources_in_one_query(size, django_assert_num_queries):
    films = [FilmFactory(title=f"Memories {number}") for number in range(size)]
    for film in films:
        VideoSourceFactory.create_batch(2, film=film, subtitle_languages="en")
    with CaptureQueriesContext(connection) as queries:
        indexing.index_films([film.pk for film in films])
    sources = [q for q in queries.captured_queries if VideoSource._meta.db_table in q["sql"]]
    assert len(sources) == 1


@pytest.mark.parametrize(
    "filters", [FULL_FILM, ENGLISH, SearchFilters(full_film=True, sort="newest")]
)
def test_a_filter_without_a_query_reads_the_playable_films_only(filters):
    """At 100,000 films, a filter without a query must not walk every film: the plan seeks the
    films that can be watched in their own index. The planner's statistics are those a
    rebuild leaves (ANALYZE); PostgreSQL is told not to scan, as it would a table this small."""
    with indexing.deferred():
        for number in range(200):
            film = FilmFactory(
                title=f"Memories {number}", popularity=number, year=1950 + number % 70
            )
            if number % 20 == 0:
                VideoSourceFactory(film=film, subtitle_languages="en")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    [ranked] = film_lists(Query.of(""), filters, "en", Namesakes([]))
    plan = explain(SQL.compose("%(ranked)s LIMIT 20", ranked=ranked.query))
    # By popularity through search_entry_playable; newest first through the year-ordered one.
    assert "search_entry_playable" in plan or "search_entry_full_film_year" in plan, plan
    assert not scans_the_entry_table(plan), plan


def explain(query: SQL) -> str:
    sql, params = query.as_sql()
    if connection.vendor == "sqlite":
        return "\n".join(row[-1] for row in fetch_all(SQL(f"EXPLAIN QUERY PLAN {sql}", params)))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def scans_the_entry_table(plan: str) -> bool:
    table = SearchEntry._meta.db_table
    if connection.vendor == "sqlite":
        # "SEARCH ... USING INDEX (kind=? AND has_full_film=?)" seeks; "SCAN" walks it all.
        return any(line.startswith(f"SCAN {table}") for line in plan.splitlines())
    return f"Seq Scan on {table}" in plan
