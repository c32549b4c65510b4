"""Cost tests: every public page's queries are planned through an index, never by reading a whole
catalogue table, so a page's cost does not grow with the catalogue (measured by
scripts/bench-pages; here it is the plans that are checked, with no timing).

Each page is rendered from a small catalogue made by the factories with every query recorded;
each query is then explained: on SQLite `EXPLAIN QUERY PLAN`, failing on a `SCAN` of a catalogue
table that reads no index; on PostgreSQL `EXPLAIN` with sequential scans priced out (its
planner would rightly scan tables this small), failing on a `Seq Scan` of a catalogue table.
An index read on a column that matches a share of the catalogue (every published film) fails too
when the query does not stop early: on SQLite, no LIMIT or a sort of what was read; on
PostgreSQL, a Sort above it that remains when sorts are priced out as well, or an index read
with no condition that no LIMIT stops. (A sort of every published film reads them all, even for
the first twelve.)
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
            plan, scanned = postgresql_plan(cursor, sql, params)
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


def postgresql_plan(cursor, sql: str, params) -> tuple[list[str], list[str]]:
    """The plan's outline and the tables it reads whole. Sequential scans are priced out (the
    planner would rightly scan tables this small). A plan that sorts a share of the catalogue is
    planned again with sorts priced out too: on tables this small, sorting a few rows is
    cheapest, but where an index gives the order the planner walks it at scale; only a sort that
    no index can spare remains. A trigram or full-text match bounds a search query by its
    matches (as MATCH does on SQLite): at this size the planner reads the `kind` index instead."""
    cursor.execute("SET LOCAL enable_seqscan = off")
    plan = postgresql_explain(cursor, sql, params)
    matched = re.search(r" LIKE | %> | @@ ", sql) is not None
    if postgresql_whole_reads(plan, matched=matched):
        cursor.execute("SET LOCAL enable_sort = off")
        plan = postgresql_explain(cursor, sql, params)
        cursor.execute("SET LOCAL enable_sort = on")
    return postgresql_outline(plan), postgresql_whole_reads(plan, matched=matched)


def postgresql_explain(cursor, sql: str, params) -> dict:
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    return cursor.fetchone()[0][0]["Plan"]


def postgresql_outline(node: dict, depth: int = 0) -> list[str]:
    """The plan as lines: `Limit`, `  Index Scan on catalog_film using … (published = true)`."""
    line = "  " * depth + node["Node Type"]
    if "Relation Name" in node:
        line += f" on {node['Relation Name']}"
    if "Index Name" in node:
        line += f" using {node['Index Name']}"
    if "Index Cond" in node:
        line += f" {node['Index Cond']}"
    lines = [line]
    for child in node.get("Plans", []):
        lines += postgresql_outline(child, depth + 1)
    return lines


# Plan nodes that read all their input before giving a first row: a LIMIT above them does not
# stop the reads below them early.
POSTGRESQL_BLOCKING = {"Sort", "Hash", "Aggregate", "Materialize", "SetOp", "WindowAgg"}
INDEX_READS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}


def postgresql_whole_reads(
    node: dict,
    *,
    limited: bool = False,
    sorting: bool = False,
    matched: bool = False,
    table: str = "",
) -> list[str]:
    """Tables the plan reads whole: a `Seq Scan`; an index read with no condition that no LIMIT
    stops early (with nothing between them that reads all its input first); an index read on
    UNBOUNDED_COLUMNS alone below a Sort (unless `matched`), which sorts that whole share of the
    catalogue however few rows are asked for. (Incremental Sort sorts the index's groups of
    equal leading keys one at a time, and a LIMIT stops it. An index read on those columns below
    no sort is what the planner picks for tables this small, not at scale: not reported.)"""
    kind = node["Node Type"]
    limited = (limited or kind == "Limit") and kind not in POSTGRESQL_BLOCKING
    sorting = sorting or (kind == "Sort" and not matched)
    table = node.get("Relation Name", table)  # a Bitmap Index Scan reads its heap parent's table
    columns = index_columns(node.get("Index Cond", ""))
    whole_index = kind in INDEX_READS and (
        (not columns and not limited) or (sorting and columns <= UNBOUNDED_COLUMNS)
    )
    reads = [table] if kind == "Seq Scan" or whole_index else []
    for child in node.get("Plans", []):
        # A subquery's own plan runs apart from the LIMIT or the sort above it.
        own = child.get("Parent Relationship") in ("InitPlan", "SubPlan")
        reads += postgresql_whole_reads(
            child,
            limited=limited and not own,
            sorting=sorting and not own,
            matched=matched,
            table=table,
        )
    return reads


def index_columns(condition: str) -> set[str]:
    """The columns an index condition compares: `((kind)::text = 'film'::text)` -> {"kind"}."""
    condition = re.sub(r"'(?:[^']|'')*'", "''", condition)  # literals, which may look like names
    condition = re.sub(r"::[\w ]+", "", condition)  # casts
    return set(re.findall(r"(\w+)\)?\s*(?:=|<>|<=|>=|<|>|~~|%>|@@|IS\b)", condition))


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


def test_a_sort_of_every_published_film_is_caught(catalogue):
    """Twelve films, but in an order no index gives: every published film is read and sorted."""
    with recorded_queries() as queries:
        list(Film.objects.published().order_by("synopsis", "pk")[:12])
    assert any("catalog_film" in read for sql, params in queries
               for read in whole_table_reads(sql, params))  # fmt: skip


def test_the_first_films_in_an_indexs_order_are_no_whole_read(catalogue):
    with recorded_queries() as queries:
        list(Film.objects.published().newest_first()[:12])
        list(Film.objects.published().order_by("-year", "title")[:24])
    assert not [read for sql, params in queries for read in whole_table_reads(sql, params)]


@pytest.mark.parametrize(
    ("condition", "columns"),
    [
        ("(published = true)", {"published"}),
        ("((kind)::text = 'film'::text)", {"kind"}),
        ("((published = true) AND (year = 2001))", {"published", "year"}),
        ("(film_id = f.id)", {"film_id"}),
        ("(names %> 'year = 1'::text)", {"names"}),
        ("", set()),
    ],
)
def test_postgresql_index_conditions_are_read_for_their_columns(condition, columns):
    assert index_columns(condition) == columns


def test_indexing_some_people_reads_their_credits_through_indexes(catalogue):
    """An editor's save of one person, an import's batch of people: their standing is read
    from their own credits, not from every published film (which the planners would start from
    if the credits and films were joined)."""
    from search.indexing import index_people

    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:2])
    with recorded_queries() as queries:
        index_people(people)
    failures = [read for sql, params in queries for read in whole_table_reads(sql, params)]
    assert not failures, "\n".join(failures)
