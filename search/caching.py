"""Search answers kept in the shared cache until the index changes: keys, and the index
version each answer is kept under (search.indexing changes it with the index), for the
suggestions' payloads. SEARCH_CACHE_SECONDS is how long an answer is kept; with 0, none is.
Whole results pages are kept by the page cache (catalog.pagecache), under the `search` name
that search.indexing makes stale with the index."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from search.indexing import VERSION_KEY, index_version


def cache_key(kind: str, text: str) -> str:
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"search:{kind}:{get_language()}:{digest}"


def cached(key: str) -> tuple[int, object | None]:
    """The index version and what is kept under key, if it was kept for that version: one
    round trip to the cache for both. Nothing when SEARCH_CACHE_SECONDS is 0."""
    if not settings.SEARCH_CACHE_SECONDS:
        return 0, None
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or index_version()
    kept = found.get(key)
    if kept is None or kept[0] != version:
        return version, None
    return version, kept[1]


def keep(key: str, version: int, value: object) -> None:
    """Keep value under key for this index version (not at all when SEARCH_CACHE_SECONDS is 0)."""
    if settings.SEARCH_CACHE_SECONDS:
        cache.set(key, (version, value), settings.SEARCH_CACHE_SECONDS)
