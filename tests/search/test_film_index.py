"""The /films/ index: every film, sorted and filtered, read from the search index."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import indexing
from search.engine import Query, SearchFilters
from search.engine.ranking import Namesakes, film_lists
from search.models import SearchEntry
from search.sql import SQL
from tests.factories import FilmFactory, GenreFactory, VideoSourceFactory
from tests.search.test_playable import explain, scans_the_entry_table
from watch.models import VideoSource

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<span class="film-card-title">([^<]*)</span>', html)


@pytest.fixture
def catalogue():
    drama, horror = GenreFactory(slug="drama"), GenreFactory(slug="horror", name="Horror")
    films = {
        "Aimless Bullet": FilmFactory(
            title="Aimless Bullet", original_title="오발탄", year=1961, popularity=5, genres=[drama]
        ),
        "Parasite": FilmFactory(
            title="Parasite", original_title="기생충", year=2019, popularity=90, genres=[drama]
        ),
        "Exhuma": FilmFactory(
            title="Exhuma", original_title="파묘", year=2024, popularity=40, genres=[horror]
        ),
        "The Wailing": FilmFactory(
            title="The Wailing", original_title="곡성", year=2016, popularity=60, genres=[horror]
        ),
    }
    VideoSourceFactory(film=films["Aimless Bullet"], subtitle_languages="en,fr")
    VideoSourceFactory(film=films["Exhuma"], kind=VideoSource.Kind.TRAILER)
    return films


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("/films/", ["Exhuma", "Parasite", "The Wailing", "Aimless Bullet"]),
        ("/films/?sort=popular", ["Parasite", "The Wailing", "Exhuma", "Aimless Bullet"]),
        ("/films/?sort=title", ["Aimless Bullet", "Exhuma", "Parasite", "The Wailing"]),
        ("/films/?sort=oldest", ["Aimless Bullet", "The Wailing", "Parasite", "Exhuma"]),
        ("/films/?genre=horror", ["Exhuma", "The Wailing"]),
        ("/films/?decade=2010", ["Parasite", "The Wailing"]),
        ("/films/?full_film=1", ["Aimless Bullet"]),
        ("/films/?trailer=1", ["Exhuma"]),
        ("/films/?subtitles=en", ["Aimless Bullet"]),
        ("/films/?genre=horror&sort=popular", ["The Wailing", "Exhuma"]),
    ],
)
def test_the_index_sorts_and_filters_every_film(client, catalogue, address, expected):
    response = client.get(address)
    assert response.status_code == 200
    assert titles(response.text) == expected


def test_the_korean_index_sorts_by_the_hangul_title(client, catalogue):
    html = client.get("/ko/films/?sort=title").text
    assert titles(html) == ["곡성", "기생충", "오발탄", "파묘"]


def test_cards_say_what_can_be_watched(client, catalogue):
    html = client.get("/films/").text
    cards = dict(re.findall(r'film-card-title">([^<]*)</span>(.*?)</li>', html, re.S))
    assert "Full film" in cards["Aimless Bullet"] and "English subtitles" in cards["Aimless Bullet"]
    assert "Trailer" in cards["Exhuma"]
    assert "badge" not in cards["Parasite"]


@pytest.mark.parametrize(
    "address",
    [
        "/films/?sort=bogus",
        "/films/?decade=1955",
        "/films/?decade=abc&page=-3",
        "/films/?genre=%3Cscript%3Ealert(1)%3C/script%3E",
        "/films/?page=99999",
        "/films/?subtitles=xx&full_film=maybe",
    ],
)
def test_bad_parameters_are_named_or_ignored_never_an_error(client, catalogue, address):
    response = client.get(address)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert titles(response.text)


def test_a_bad_filter_is_named_and_the_rest_still_applies(client, catalogue):
    html = client.get("/films/?decade=1955&genre=horror").text
    assert "Some of the filters could not be used" in html
    assert "A decade is a year ending in 0" in html
    assert titles(html) == ["Exhuma", "The Wailing"]


def test_nothing_found_says_so_with_a_way_back(client, catalogue):
    html = client.get("/films/?genre=horror&full_film=1").text
    assert titles(html) == []
    assert "No film matches these filters." in html
    assert 'href="/films/">Show all films</a>' in html


def test_pages_link_to_each_other_keeping_the_filters(client):
    drama = GenreFactory(slug="drama")
    with indexing.deferred():
        for number in range(25):
            FilmFactory(title=f"Film {number:02d}", year=2000, popularity=number, genres=[drama])
    first = client.get("/films/?genre=drama&sort=popular").text
    assert len(titles(first)) == 20
    assert 'rel="next" href="?genre=drama&amp;sort=popular&amp;page=2"' in first
    second = client.get("/films/?genre=drama&sort=popular&page=2").text
    assert titles(second) == [f"Film {number:02d}" for number in range(4, -1, -1)]


def test_filtered_pages_are_not_indexed_by_search_engines(client, catalogue):
    assert 'name="robots" content="noindex' not in client.get("/films/").text
    assert 'name="robots" content="noindex' in client.get("/films/?genre=horror").text


def test_home_and_header_link_to_the_index(client, catalogue):
    html = client.get("/").text
    assert 'class="see-all" href="/films/"' in html
    assert '<a href="/ko/films/">' in client.get("/ko/").text


@pytest.mark.parametrize("size", [2, 40])
def test_index_query_count_does_not_grow(client, size):
    drama = GenreFactory(slug="drama")
    with indexing.deferred():
        for number in range(size):
            film = FilmFactory(title=f"Film {number}", popularity=number, genres=[drama])
            if number % 2:
                VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/films/?genre=drama&trailer=1&sort=popular").status_code == 200
    counted = [
        query
        for query in queries.captured_queries
        if not any(aside in query["sql"] for aside in ("kcinema_cache", "shield_", "SAVEPOINT"))
    ]
    # the genre named; the ranked entry ids (counted, then the page); the entries, their
    # films; the genre menu
    assert len(counted) <= 7, [query["sql"][:120] for query in counted]


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (SearchFilters(trailer=True, sort="popular"), "search_entry_trailer"),
        (SearchFilters(trailer=True, sort="newest"), "search_entry_trailer_year"),
        (SearchFilters(full_film=True, sort="newest"), "search_entry_full_film_year"),
        (SearchFilters(sort="popular"), "search_entry_popular"),
        (SearchFilters(sort="newest"), "search_entry_year"),
        (SearchFilters(sort="oldest"), "search_entry_year"),
    ],
)
def test_an_index_page_walks_an_index_not_the_table(filters, index):
    """At 100,000 films a page of the index must seek through an index, not read every row."""
    with indexing.deferred():
        for number in range(200):
            film = FilmFactory(title=f"Film {number}", popularity=number, year=1950 + number % 70)
            if number % 20 == 0:
                VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    [ranked] = film_lists(Query.of(""), filters, "en", Namesakes([]))
    plan = explain(SQL.compose("%(ranked)s LIMIT 20", ranked=ranked.query))
    assert index in plan, plan
    assert not scans_the_entry_table(plan), plan
