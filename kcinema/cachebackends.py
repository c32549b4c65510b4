"""The shared cache on Redis, kept out of the way when Redis is: a failed read is a miss and a
failed write is skipped, so a cache server that goes away leaves every page served (uncached,
counters counting nothing) rather than failing, and comes back without a restart.

Django's RedisCache raises the client's errors to every caller; the firewall, the rate limits,
the page cache and search all read it on each request, so one wrapper here rather than a
try in each of them.

Without Redis the shared cache is a table in the database (Django's DatabaseCache); on SQLite,
`forget_cache_table_statistics` keeps its lookups on the table's key index."""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60  # one line a minute per process while Redis is away, not one a request


def _forgiving(fallback: Callable[..., Any]) -> Callable:
    def decorator(method: Callable) -> Callable:
        @wraps(method)
        def forgiving(self: "ResilientRedisCache", *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self.failed(method.__name__, error)
                return fallback(*args, **kwargs)

        return forgiving

    return decorator


def _miss(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _nothing_found(*args, **kwargs) -> dict:
    return {}


def _not_done(*args, **kwargs) -> bool:
    return False


def _counted_from_nothing(key, delta=1, *args, **kwargs):
    # As Django's cache says of a key it does not have: the counters start it afresh.
    raise ValueError(f"Key {key!r} not found (the cache server did not answer)")


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures are logged and answered as a cache without the key would."""

    last_logged = 0.0

    def failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache.last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache.last_logged = now
            logger.error("The shared cache failed (%s): %s; serving without it", operation, error)

    get = _forgiving(_miss)(RedisCache.get)
    get_many = _forgiving(_nothing_found)(RedisCache.get_many)
    set = _forgiving(_nothing)(RedisCache.set)
    set_many = _forgiving(_nothing_found)(RedisCache.set_many)
    # add: as if another process had added it; the counters then find nothing to count.
    add = _forgiving(_not_done)(RedisCache.add)
    touch = _forgiving(_not_done)(RedisCache.touch)
    delete = _forgiving(_not_done)(RedisCache.delete)
    delete_many = _forgiving(_nothing)(RedisCache.delete_many)
    has_key = _forgiving(_not_done)(RedisCache.has_key)
    incr = _forgiving(_counted_from_nothing)(RedisCache.incr)
    clear = _forgiving(_not_done)(RedisCache.clear)


def forget_cache_table_statistics() -> None:
    """SQLite: drop the planner's statistics of the database cache's table. An ANALYZE of the
    whole database made while the table held a few entries (a catalogue built, then analysed)
    tells SQLite that reading the table whole is cheaper than its key index for a lookup of two
    keys or more, which the firewall and the page cache make on every request: about 40 ms a
    lookup once the table holds its 50,000 entries. Without statistics SQLite takes the table
    for a large one and reads it by key, whatever its size. `kcinema setup` calls it."""
    tables = [
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if issubclass(import_string(cache["BACKEND"]), DatabaseCache)
    ]
    if connection.vendor != "sqlite" or not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return  # never analysed
        cursor.executemany("DELETE FROM sqlite_stat1 WHERE tbl = %s", [(t,) for t in tables])
        cursor.execute("ANALYZE sqlite_schema")  # this connection reads the statistics again
