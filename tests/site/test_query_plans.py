"""Cost tests: every public page's queries are planned through an index, never by reading a whole
catalogue table, so a page's cost does not grow with the catalogue (measured by
scripts/bench-pages; here it is the plans that are checked, with no timing).

Each page is rendered from a small catalogue made by the factories with every query recorded;
each query is then explained: on SQLite `EXPLAIN QUERY PLAN`, failing on a `SCAN` of a catalogue
table that reads no index; on PostgreSQL `EXPLAIN` with sequential scans priced out (its
planner would rightly scan tables this small), failing on a `Seq Scan` of a catalogue table.
Small tables whose size does not follow the catalogue's (genres, the counts per year) may be
read whole."""

import re
from contextlib import contextmanager

import pytest
from django.db import connection

from catalog.models import Film, Genre, Person
from tests.factories import CreditFactory, FilmFactory, GenreFactory, PersonFactory

pytestmark = pytest.mark.django_db

# Tables that grow with the catalogue: films, people and everything hanging from them.
CATALOGUE_TABLES = re.compile(r"^(catalog|search|watch|community)_")
SMALL_TABLES = {"catalog_genre", "catalog_yearcount"}  # one row per genre, per year
# Columns whose one value matches a share of the whole catalogue (every published film, every
# film of a genre, every film entry of the search index): an index read on them alone reads
# that share, unless the query stops early (a LIMIT, in index order, with nothing to sort).
UNBOUNDED_COLUMNS = {"published", "genre_id", "kind"}
SORTS = (
    "USE TEMP B-TREE FOR ORDER BY",
    "USE TEMP B-TREE FOR DISTINCT",
    "USE TEMP B-TREE FOR GROUP",
)
HOST = "127.0.0.1"


@pytest.fixture
def catalogue(settings):
    settings.ALLOWED_HOSTS = [HOST]
    settings.SEARCH_CACHE_SECONDS = 0  # the pages' own queries, not the cache's copy
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    genres = [GenreFactory(slug=slug, name=slug.title()) for slug in ("drama", "war", "horror")]
    people = PersonFactory.create_batch(6)
    films = []
    for number in range(60):
        film = FilmFactory(
            title=f"Film {number}",
            year=1990 + number % 25,
            genres=[genres[number % 3], genres[(number + 1) % 3]],
            published=number % 10 != 0,
        )
        CreditFactory(film=film, person=people[number % 6])
        films.append(film)
    from search import indexing

    indexing.rebuild()
    middle = Film.objects.published().order_by("pk")[30]
    person = Person.objects.order_by("pk")[3]
    genre = Genre.objects.get(slug="war")
    return {
        "film": middle.get_absolute_url(),
        "film (ko)": "/ko" + middle.get_absolute_url(),
        "person": person.get_absolute_url(),
        "genre": genre.get_absolute_url(),
        "genre p2": genre.get_absolute_url() + "?page=2",
        "year": f"/years/{middle.year}/",
        "decade": f"/decades/{middle.year - middle.year % 10}s/",
        "home": "/",
        "genre index": "/genres/",
        "films index": "/films/",
        "films index p2": "/films/?page=2",
        "search results": "/search/?q=Film",
        "feed (RSS)": "/feeds/films.rss",
        "feed (Atom)": "/feeds/films.atom",
        "sitemap index": "/sitemap.xml",
        "sitemap films": "/sitemap-films.xml",
        "sitemap people": "/sitemap-people.xml",
        "robots.txt": "/robots.txt",
    }


@contextmanager
def recorded_queries():
    """Every query the block runs, with its parameters (to explain it as it was run)."""
    queries: list[tuple[str, object]] = []

    def record(execute, sql, params, many, context):
        if not many:
            queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield queries


def table_aliases(sql: str) -> dict[str, str]:
    """Aliases the ORM gives tables in subqueries ("catalog_film" "U0"), to their tables."""
    return {alias: table for table, alias in re.findall(r'"(\w+)"\s+(?:AS\s+)?"?(U\d+)"?\b', sql)}


def whole_table_reads(sql: str, params) -> list[str]:
    """The catalogue tables the query's plan reads whole."""
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return []
    aliases = table_aliases(sql)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            scanned = [m for line in plan for m in re.findall(r"Seq Scan on (\w+)", line)]
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[3] for row in cursor.fetchall()]
            scanned = [
                match.group(1)
                for line in plan
                if (match := re.match(r"SCAN (\w+)", line))
                and "USING INDEX" not in line
                and "USING COVERING INDEX" not in line
                and "VIRTUAL TABLE INDEX" not in line
            ]
            scanned += sqlite_share_reads(sql, plan)
    tables = {aliases.get(name, name) for name in scanned}
    return sorted(
        f"{table}: {sql[:200]} -> {plan}"
        for table in tables
        if CATALOGUE_TABLES.match(table) and table not in SMALL_TABLES
    )


def sqlite_share_reads(sql: str, plan: list[str]) -> list[str]:
    """Tables read through an index on UNBOUNDED_COLUMNS alone by a query that does not stop
    early: it has no LIMIT, or it sorts what it read. (MAX() of an index's last column after
    its equality prefix is read from the index's end: SQLite's min/max optimisation. A full-text
    MATCH bounds a search query by its matches: without statistics, which a catalogue this small
    cannot give, SQLite plans it from the other end.)"""
    stops_early = " LIMIT " in sql.upper() and not any(line.startswith(SORTS) for line in plan)
    if (
        stops_early
        or " MATCH " in sql
        or re.match(r"SELECT MAX\([^)]*\) AS \"\w+\" FROM \"\w+\" WHERE", sql)
    ):
        return []
    reads = []
    for line in plan:
        match = re.match(r"SEARCH (\w+) USING (?:COVERING )?INDEX \w+ \((.*)\)$", line)
        if match:
            columns = {term.split("=")[0].split(">")[0].split("<")[0] for term in
                       match.group(2).split(" AND ")}  # fmt: skip
            if columns <= UNBOUNDED_COLUMNS:
                reads.append(match.group(1))
    return reads


def test_catalogue_tables_are_read_through_indexes(client, catalogue, monkeypatch):
    # Every genre page of this small catalogue walks the list's index, as a large genre's does
    # (a genre of up to GENRE_SORTED_FILMS films sorts its own rows: bounded by that number).
    monkeypatch.setattr("catalog.pages.GENRE_SORTED_FILMS", 0)
    failures = []
    for name, path in catalogue.items():
        client.get(path, HTTP_HOST=HOST)  # what a first request makes (the firewall's lists)
        with recorded_queries() as queries:
            response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, (name, path, response.status_code)
        assert queries, f"{name}: no query recorded"
        failures += [f"{name} ({path}): {read}" for sql, params in queries for read in
                     whole_table_reads(sql, params)]  # fmt: skip
    assert not failures, "\n".join(failures)


def test_a_whole_table_read_is_caught(catalogue):
    """The check itself: a query that must read every film is reported."""
    with recorded_queries() as queries:
        list(Film.objects.filter(synopsis__contains="x").values_list("pk", flat=True))
    assert any("catalog_film" in read for sql, params in queries
               for read in whole_table_reads(sql, params))  # fmt: skip
