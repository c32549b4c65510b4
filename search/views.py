"""The results page and the suggestions the header's search box asks for as you type."""

import hashlib
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.images import thumbnail
from search.engine import Query, Suggestions, search, suggest
from search.forms import SORT_CHOICES, SearchForm, read_search
from search.indexing import VERSION_KEY, index_version
from shield.ratelimits import allow_request

SUGGESTIONS_MAX_AGE = 300  # in browsers
RESULTS_BROWSER_MAX_AGE = 60
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """The same address shows the same page to everyone until the index changes: pages are
    kept in the shared cache under the index version, and browsers may keep them a minute."""
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return _render_results(request)  # a message or a session may make the page personal
    # Links on the page are absolute, so the host is part of the address.
    key = _cache_key("page-zlib", request.get_host() + request.get_full_path())
    version, content = _cached(key)
    if content is None:
        response = _render_results(request)
        # Compressed: a fifth of the size to store and to read back (a page is ~20 KB).
        _keep(key, version, zlib.compress(response.content, 1))
    else:
        response = HttpResponse(zlib.decompress(content))
    patch_cache_control(response, public=True, max_age=RESULTS_BROWSER_MAX_AGE)
    return response


def _cache_key(kind: str, text: str) -> str:
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"search:{kind}:{get_language()}:{digest}"


def _cached(key: str) -> tuple[int, object | None]:
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


def _keep(key: str, version: int, value: object) -> None:
    """Keep value under key for this index version (not at all when SEARCH_CACHE_SECONDS is 0)."""
    if settings.SEARCH_CACHE_SECONDS:
        cache.set(key, (version, value), settings.SEARCH_CACHE_SECONDS)


def _render_results(request: HttpRequest) -> HttpResponse:
    query, filters, page, notes = read_search(request.GET)
    found = search(query, filters, page)
    context = {
        "query": found.query.text,
        "raw_query": query,
        "results": found,
        "page": found.films,
        "filters": filters,
        "notes": notes,
        "form": SearchForm(request.GET),
        "sort_choices": SORT_CHOICES,
    }
    return render(request, "search/results.html", context)


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    query = Query.of(request.GET.get("q"))
    key = _cache_key("suggest", query.text)
    version, payload = _cached(key)
    if payload is None:
        # Only answers that reach the database count against the limit; cached ones are cheap.
        per_minute = settings.SEARCH_SUGGESTIONS_PER_MINUTE
        if not allow_request(request, "search-suggest", per_minute, 60):
            return JsonResponse(
                {"error": _("Too many requests; try again in a minute.")}, status=429
            )
        payload = _payload(suggest(query.text))
        _keep(key, version, payload)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=SUGGESTIONS_MAX_AGE)
    return response


def _payload(found: Suggestions) -> dict:
    searched = found.corrected or found.query
    films = []
    for entry in found.films:
        film = entry.film
        poster = thumbnail(film.poster, film.poster_width, film.poster_height)
        films.append(
            {
                "title": film.display_title,
                "subtitle": film.secondary_title,
                "year": film.year,
                "url": film.get_absolute_url(),
                "poster": poster
                and {"src": poster.src, "width": poster.width, "height": poster.height},
                "tone": film.placeholder_tone,
            }
        )
    people = []
    for entry in found.people:
        person, known_for = entry.person, entry.known_for
        people.append(
            {
                "name": person.display_name,
                "subtitle": person.secondary_name,
                "known_for": f"{known_for.display_title} ({known_for.year})" if known_for else "",
                "url": person.get_absolute_url(),
            }
        )
    return {
        "query": found.query.text,
        "corrected": found.corrected.text if found.corrected else None,
        "search_url": reverse("search:results") + "?" + urlencode({"q": searched.text}),
        "films": films,
        "people": people,
    }
