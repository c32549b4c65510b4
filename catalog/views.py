"""Catalogue pages: each view reads its page from catalog.pages and renders it, kept for
anonymous visitors by the page cache under the names of what it shows. The film page, which
other apps fill too, is composed by the project (kcinema.views.film_detail)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog import pages
from catalog.pagecache import LISTS, cached_page, only

paginated = only("page")


@cached_page(lambda request: [LISTS])
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/home.html", pages.home_page())


@cached_page(lambda request, slug: [f"person:{slug}"])
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "catalog/person_detail.html", pages.person_page(slug))


@cached_page(lambda request: [LISTS])
def genre_index(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/genre_index.html", pages.genre_index_page())


@cached_page(lambda request, slug: [f"genre:{slug}"], canonical=paginated)
def genre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    context = pages.genre_page(slug, request.GET.get("page"))
    return render(request, "catalog/genre_detail.html", context)


@cached_page(lambda request, year: [f"year:{year}"], canonical=paginated)
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    context = pages.year_page(year, request.GET.get("page"))
    return render(request, "catalog/year_detail.html", context)


@cached_page(lambda request, decade: [f"decade:{decade}"], canonical=paginated)
def decade_detail(request: HttpRequest, decade: int) -> HttpResponse:
    context = pages.decade_page(decade, request.GET.get("page"))
    return render(request, "catalog/decade_detail.html", context)
