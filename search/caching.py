"""Search answers kept in the shared cache until the index changes: keys, and the index
version each answer is kept under (search.indexing changes it with the index), for the
suggestions' payloads; and cached_page, the decorator that keeps whole results pages.
SEARCH_CACHE_SECONDS is how long an answer is kept; with 0, none is.

Not Django's cache_page: its keys cannot follow the index version, and it would tell
browsers to keep a page as long as the shared cache does."""

import hashlib
import zlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from search.indexing import VERSION_KEY, index_version

PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

View = Callable[..., HttpResponse]


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


def cached_page(
    browser_max_age: int, canonical: Callable[[QueryDict], QueryDict] | None = None
) -> Callable[[View], View]:
    """For a view whose address shows the same page to everyone until the index changes: its
    pages are kept in the shared cache under the index version, and browsers may keep them
    browser_max_age seconds. Only 200s are kept and made public; a refusal or an error is
    passed on as the view made it. A visitor with a cookie that may make the page their own
    gets the view's page as it is, neither kept nor public.

    `canonical` puts a query string in the form the page depends on (the parameters the view
    reads, in one order and spelling): the page is kept under that address, and the view is
    given the request as if made at it, so nothing on the page (its pagination, its links in
    other languages) can differ between the addresses that share it, and unknown parameters
    (`?utm_source=...`) cannot fill the cache with copies."""

    def decorator(view: View) -> View:
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if canonical is not None:
                request.GET = canonical(request.GET)
                request.META["QUERY_STRING"] = request.GET.urlencode()
            if any(name in request.COOKIES for name in PERSONAL_COOKIES):
                return view(request, *args, **kwargs)  # a message or a session
            # Links on the page are absolute, so the host is part of the address.
            key = cache_key("page-zlib", request.get_host() + request.get_full_path())
            version, content = cached(key)
            if content is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                # Compressed: a fifth of the size to store and to read back (a page is ~20 KB).
                keep(key, version, zlib.compress(response.content, 1))
            else:
                response = HttpResponse(zlib.decompress(content))
            patch_cache_control(response, public=True, max_age=browser_max_age)
            return response

        return cached_view

    return decorator
