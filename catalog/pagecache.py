"""The page cache for anonymous visitors: whole pages kept in the shared cache, each under its
language and canonical address with the *generations* of what it shows; writes give what they
changed a new generation (`invalidate`), so every language's page on every server is stale at
once. The one mechanism for every cached page (the catalogue's, the film page, search results).

A page names what it shows (`film:<slug>`, `person:<slug>`, `genre:<slug>`, `year:<n>`,
`decade:<n>`, `lists` for the home page and the genre index, `search` for pages read from the
search index) and `menu`, the genre menu of every page's header. Each name has a generation in
the shared cache; a kept page carries the generations it was made under and is served only while
they are still current, so a page and its generations are read in one round trip (`get_many`).
A missing generation (evicted, or a cache emptied) is given a new unique one, never an old one:
no page made before can match it. A write gives `menu` the fingerprint of the menu itself (a
page made under a fingerprint showed that very menu), so only a write that changes the menu
makes every page stale.

Visitors whose page may be their own (a session, a message waiting, a comment of theirs waiting
for moderation: PAGE_CACHE_PERSONAL_COOKIES) get the page made for them, never kept and never
public. Kept pages set no cookie and hold nothing of one visitor: a page whose making touched
the session or asked for a CSRF token is not kept.

The cache going away never makes an error: its failures are logged and the page is made as if
nothing were kept (kcinema.cachebackends keeps the rest of the site up the same way)."""

import hashlib
import logging
import re
import secrets
import zlib
from collections.abc import Callable, Iterable
from functools import partial, wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import get_language

from catalog.models import Credit, Film, Genre, Person
from catalog.similarity import films_listing

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
Names = Callable[..., Iterable[str]]
GENERATION_PREFIX = "pagegen:"
PAGE_PREFIX = "page:"
MENU = "menu"
LISTS = "lists"
SEARCH = "search"
# What `X-Kcinema-Cache` says: served from the cache, made and kept, or made for this visitor.
HIT, MISS, BYPASS = "hit", "miss", "bypass"
RESPONSE_ATTRIBUTE = "_kcinema_page_cache"
# Headers the view sets that a kept page keeps; the rest (cookies, caching, Vary) are made anew.
KEPT_HEADERS = {"content-type", "content-language", "x-robots-tag", "link"}


# Generations ------------------------------------------------------------------------------


def generation_key(name: str) -> str:
    return GENERATION_PREFIX + name


def new_generation() -> str:
    return secrets.token_hex(8)


def current_generations(names: Iterable[str], extra_keys: Iterable[str] = ()) -> dict[str, Any]:
    """The generations of these names (made when missing) and whatever is kept under
    extra_keys, in one round trip to the cache when every generation is there."""
    keys = [generation_key(name) for name in names]
    found = cache.get_many([*keys, *extra_keys])
    missing = [key for key in keys if key not in found]
    for key in missing:
        value = new_generation()
        # add: of two processes that find it missing, the first one's generation is everyone's.
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
        found[key] = value
    return found


def menu_fingerprint() -> str:
    """The genre menu's generation: a digest of what it shows (every page shows it)."""
    shown = Genre.objects.with_published_films().values_list("pk", "slug", "name", "name_ko")
    return hashlib.blake2b(repr(list(shown)).encode(), digest_size=8).hexdigest()


def invalidate(names: Iterable[str]) -> None:
    """Make every kept page that shows one of these names stale, in every language and on every
    server: once the writing transaction commits (the page made next must see the write).
    `menu` is given its fingerprint anew, the others a new generation."""
    names = set(names)
    if names:
        transaction.on_commit(partial(_bump, names))


def _bump(names: set[str]) -> None:
    try:
        # Only names some kept page may carry: a name with no generation in the cache has no
        # page made under it, and the next page to show it gives it a new one. (A large import
        # names thousands of new people and films that no page has shown yet.)
        kept = cache.get_many([generation_key(name) for name in names - {MENU}])
        generations = {key: new_generation() for key in kept}
        if MENU in names:
            generations[generation_key(MENU)] = menu_fingerprint()
        cache.set_many(generations, timeout=None)
    except Exception:
        # A page kept before the write may be served until PAGE_CACHE_SECONDS have passed.
        logger.exception("The page cache could not be invalidated for %s", sorted(names))


def invalidate_films(film_ids: Iterable[int], *, also: Iterable[str] = ()) -> None:
    """After writing these films: once committed, the pages that show them as they are now
    (`pages_showing_films`), and `also` (the names they were shown under before the write, for
    writers that know them: a film that left a genre leaves the genre's page)."""
    ids = sorted(set(film_ids))
    also = set(also)
    if ids or also:
        transaction.on_commit(lambda: _bump(pages_showing_films(ids) | also))


def pages_showing_films(film_ids: Iterable[int]) -> set[str]:
    """The names of every page that shows one of these films: its own page, its people's,
    genres', year's and decade's, the lists, the menu, search results, and the pages of the
    films that list it under "more like this". A few queries, whatever the number of films."""
    ids = list(film_ids)
    if not ids:
        return set()
    names = {MENU, LISTS, SEARCH}
    for slug, year in Film.objects.filter(pk__in=ids).values_list("slug", "year"):
        names |= {f"film:{slug}", f"year:{year}", f"decade:{year - year % 10}"}
    names |= film_pages(films_listing(ids))
    people = Credit.objects.filter(film_id__in=ids).values_list("person_id", flat=True)
    people_slugs = Person.objects.filter(pk__in=people).values_list("slug", flat=True)
    names |= {f"person:{slug}" for slug in people_slugs}
    genres = Genre.objects.filter(films__in=ids).values_list("slug", flat=True)
    names |= {f"genre:{slug}" for slug in genres}
    return names


def film_pages(film_ids: Iterable[int]) -> set[str]:
    """The names of these films' own pages (what a comment or a video source changes)."""
    slugs = Film.objects.filter(pk__in=film_ids).values_list("slug", flat=True)
    return {f"film:{slug}" for slug in slugs}


def invalidate_film_pages(film_ids: Iterable[int]) -> None:
    """After a write that changes only these films' own pages (comments, video sources)."""
    ids = sorted(set(film_ids))
    if ids:
        transaction.on_commit(lambda: _bump(film_pages(ids)))


# Kept pages -------------------------------------------------------------------------------


def cache_seconds(setting: str) -> int:
    return int(getattr(settings, setting))


def is_personal(request: HttpRequest) -> bool:
    """A visitor whose page may differ from everyone else's: a session (staff), a message
    waiting, a comment of their own awaiting moderation."""
    return any(name in request.COOKIES for name in settings.PAGE_CACHE_PERSONAL_COOKIES)


def only(*parameters: str, **patterns: str | tuple[str, str]) -> Callable[[QueryDict], QueryDict]:
    """A canonical form for a page that reads these query parameters: the last value of each, in
    this order, non-empty; any other parameter (`?utm_source=...`) dropped. A parameter given a
    pattern keeps only a value that wholly matches it: any other is dropped (the page ignores
    it), or becomes the stand-in given with the pattern (`(pattern, stand_in)`, for a page that
    says the value was wrong), so that junk values are one page, not one each."""
    names = [*parameters, *patterns]

    def canonical(query: QueryDict) -> QueryDict:
        kept = QueryDict(mutable=True)
        for name in names:
            value = query.get(name, "").strip()
            if value and name in patterns:
                pattern, stand_in = (
                    patterns[name] if isinstance(patterns[name], tuple) else (patterns[name], "")
                )
                value = value if re.fullmatch(pattern, value) else stand_in
            if value:
                kept[name] = value
        kept._mutable = False
        return kept

    return canonical


def page_key(request: HttpRequest) -> str:
    # Links on a page are absolute (canonical, hreflang, sharing), so the host is part of it.
    address = f"{get_language()}|{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()


def cached_page(
    names: Names,
    *,
    canonical: Callable[[QueryDict], QueryDict] | None = None,
    seconds_setting: str = "PAGE_CACHE_SECONDS",
    browser_max_age: int = 0,
) -> Callable[[View], View]:
    """For a GET view that shows every anonymous visitor the same page at an address:
    `names(request, *args, **kwargs)` says what the page shows (the menu is always added); its
    200s are kept for the setting's seconds and made public for shared caches (s-maxage) while
    browsers revalidate (max-age, by ETag); other answers are passed on as the view made them.

    `canonical` puts the query string in the form the page depends on: the page is kept under
    that address and the view sees the request as if made at it, so parameters the page does not
    read (`?utm_source=...`) cannot fill the cache with copies."""

    def decorator(view: View) -> View:
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if canonical is not None:
                request.GET = canonical(request.GET)
                request.META["QUERY_STRING"] = request.GET.urlencode()
            seconds = cache_seconds(seconds_setting)
            if request.method not in ("GET", "HEAD") or not seconds or is_personal(request):
                return fresh(view(request, *args, **kwargs))
            page_names = sorted({MENU, *names(request, *args, **kwargs)})
            key = page_key(request)
            try:
                found = current_generations(page_names, [key])
            except Exception:
                logger.exception("The page cache could not be read")
                return fresh(view(request, *args, **kwargs))
            generations = tuple(found[generation_key(name)] for name in page_names)
            kept = found.get(key)
            if kept is not None and kept[0] == generations:
                return served(request, kept, HIT, browser_max_age)
            response = view(request, *args, **kwargs)
            if not keepable(request, response):
                return fresh(response) if response.status_code == 200 else response
            entry = entry_of(response, generations)
            keep(key, entry, seconds)
            return served(request, entry, MISS, browser_max_age)

        return cached_view

    return decorator


def keep(key: str, entry: tuple, seconds: int) -> None:
    try:
        cache.set(key, entry, seconds)
    except Exception:
        logger.exception("The page cache could not keep a page")


def keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """A 200 made without anything of this visitor in it: no cookie set, no CSRF token asked
    for, nothing written to the session. (Reading it is no harm: a visitor with a session
    cookie never gets here, so what is read is the empty session of nobody.)"""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def entry_of(response: HttpResponse, generations: tuple) -> tuple:
    """What is kept: the generations, the ETag, the page (deflated: about a fifth of the bytes
    to store and read back) and the headers the view set."""
    content = response.content
    etag = 'W/"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'
    headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
    return (generations, etag, zlib.compress(content, 1), headers)


def served(request: HttpRequest, entry: tuple, state: str, browser_max_age: int) -> HttpResponse:
    _generations, etag, deflated, headers = entry
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(zlib.decompress(deflated))
        for name, value in headers:
            response[name] = value
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Encoding"])  # as kcinema.compression's pages do
    shared = settings.PAGE_CACHE_SHARED_SECONDS
    response["Cache-Control"] = f"public, max-age={browser_max_age}, s-maxage={shared}"
    response["X-Kcinema-Cache"] = state
    setattr(response, RESPONSE_ATTRIBUTE, state)
    return response


def fresh(response: HttpResponse) -> HttpResponse:
    """A page made for this visitor: never kept, by kcinema or anyone else."""
    if response.status_code == 200:
        add_never_cache_headers(response)
    response["X-Kcinema-Cache"] = BYPASS
    return response


class PageCacheMiddleware:
    """Above SessionMiddleware and LocaleMiddleware, which add `Vary: Cookie` (the audit log
    reads who the visitor is on every request) and `Vary: Accept-Language` (to every page
    outside a language prefix): a kept page is made only for visitors without the cookies
    that could change it (PAGE_CACHE_PERSONAL_COOKIES, which a cache in front must pass by
    too), and kcinema's English pages are English whatever the browser asks for (the path
    alone chooses), so kept pages vary on nothing but what compression adds."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, RESPONSE_ATTRIBUTE, None) in (HIT, MISS) and response.has_header(
            "Vary"
        ):
            kept = [
                value.strip()
                for value in response["Vary"].split(",")
                if value.strip().lower() not in ("accept-language", "cookie")
            ]
            del response["Vary"]
            if kept:
                patch_vary_headers(response, kept)
        return response
