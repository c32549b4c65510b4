"""The results page and the suggestions the header's search box asks for as you type."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.images import thumbnail
from catalog.pagecache import SEARCH, cached_page
from search.caching import cache_key, cached, keep
from search.engine import Query, Suggestions, search, suggest
from search.forms import (
    FILM_INDEX_SORT_CHOICES,
    SORT_CHOICES,
    SUBTITLE_CHOICES,
    film_index_params,
    read_film_index,
    read_search,
    search_params,
)
from shield.ratelimits import allow_request

FIRST_INDEX_DECADE = 1920  # the decade of the first Korean feature films
SUGGESTIONS_MAX_AGE = 300  # in browsers
RESULTS_BROWSER_MAX_AGE = 60


@require_GET
@cached_page(
    lambda request: [SEARCH],
    canonical=search_params,
    seconds_setting="SEARCH_CACHE_SECONDS",
    browser_max_age=RESULTS_BROWSER_MAX_AGE,
)
def results(request: HttpRequest) -> HttpResponse:
    """The films and people a query finds, filtered: the same for everyone at an address
    until the index changes, so kept in the shared cache and for a minute in browsers. The
    address it is given is already canonical (search_params)."""
    # Only pages the cache did not have reach here, so only they count against the limit.
    if not allow_request(request, "search-results", settings.SEARCH_RESULTS_PER_MINUTE, 60):
        return too_many_searches(request)
    query, filters, page, notes = read_search(request.GET)
    found = search(query, filters, page)
    context = {
        "query": found.query.text,
        "raw_query": query,
        "results": found,
        "page": found.films,
        "filters": filters,
        "notes": notes,
        "sort_choices": SORT_CHOICES,
        "subtitle_choices": SUBTITLE_CHOICES,
    }
    return render(request, "search/results.html", context)


@require_GET
@cached_page(
    lambda request: [SEARCH],
    canonical=film_index_params,
    seconds_setting="SEARCH_CACHE_SECONDS",
    browser_max_age=RESULTS_BROWSER_MAX_AGE,
)
def film_index(request: HttpRequest) -> HttpResponse:
    """Every film, newest first unless the visitor sorts otherwise, narrowed by genre, decade,
    what can be played and subtitles: the search engine's results for no query, read from
    the index (so at any catalogue size each page walks an index, not the film table)."""
    if not allow_request(request, "film-index", settings.SEARCH_RESULTS_PER_MINUTE, 60):
        return too_many_searches(request)
    filters, page, notes = read_film_index(request.GET)
    found = search("", filters, page)
    context = {
        "results": found,
        "page": found.films,
        "filters": filters,
        "notes": notes,
        "sort_choices": FILM_INDEX_SORT_CHOICES,
        "subtitle_choices": SUBTITLE_CHOICES,
        "filtered": filters.narrows or bool(notes),
        # Every decade of Korean cinema, newest first: a fixed list, no count of the catalogue.
        "index_decades": range(date.today().year // 10 * 10, FIRST_INDEX_DECADE - 1, -10),
    }
    return render(request, "search/film_index.html", context)


def too_many_searches(request: HttpRequest) -> HttpResponse:
    response = render(request, "search/too_many.html", status=429)
    response["Retry-After"] = "60"
    add_never_cache_headers(response)
    return response


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    query = Query.of(request.GET.get("q"))
    key = cache_key("suggest", query.text)
    version, payload = cached(key)
    if payload is None:
        # Only answers that reach the database count against the limit; cached ones are cheap.
        per_minute = settings.SEARCH_SUGGESTIONS_PER_MINUTE
        if not allow_request(request, "search-suggest", per_minute, 60):
            return JsonResponse(
                {"error": _("Too many requests; try again in a minute.")}, status=429
            )
        payload = _payload(suggest(query.text))
        keep(key, version, payload)
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
