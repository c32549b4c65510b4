"""The search results page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.pages import paginate
from search.queries import matching_films, matching_people, normalise_query


def results(request: HttpRequest) -> HttpResponse:
    query = normalise_query(request.GET.get("q"))
    context = {
        "query": query,
        "page": paginate(matching_films(query), request.GET.get("page")),
        "people": matching_people(query),
    }
    return render(request, "search/results.html", context)
