"""The shared cache in a SQLite table (no Redis) is read by its key, whatever statistics the
planner was given while the table was small (kcinema.cachebackends): SQLite only."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from kcinema.cachebackends import forget_cache_table_statistics
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_table():
    if (
        connection.vendor != "sqlite"
        or "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]
    ):
        pytest.skip("the database cache on SQLite")
    cache.set_many({"first": 1, "second": 2})
    return settings.CACHES["default"]["LOCATION"]


def lookup_plan(table: str) -> list[str]:
    """The plan of DatabaseCache.get_many for two keys (the firewall's, the page cache's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN QUERY PLAN SELECT cache_key, value, expires FROM {table} "  # noqa: S608
            "WHERE cache_key IN (%s, %s)",
            [":1:first", ":1:second"],
        )
        return [row[3] for row in cursor.fetchall()]


def statistics_of(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl, idx FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchall()


def test_setup_forgets_statistics_that_would_have_the_cache_table_read_whole(cache_table):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # while it holds two entries
    assert lookup_plan(cache_table) == [f"SCAN {cache_table}"]
    forget_cache_table_statistics()
    assert statistics_of(cache_table) == []
    assert lookup_plan(cache_table) == [
        f"SEARCH {cache_table} USING INDEX sqlite_autoindex_{cache_table}_1 (cache_key=?)"
    ]


def test_rebuilding_the_search_index_analyses_the_models_tables_but_not_the_cache(cache_table):
    from search import indexing

    FilmFactory.create_batch(3)
    indexing.rebuild()
    assert statistics_of("catalog_film")
    assert statistics_of(cache_table) == []
