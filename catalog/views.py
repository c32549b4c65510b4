"""Catalogue pages: each view reads its page from catalog.pages and renders it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog import pages
from catalog.structured_data import film_json_ld
from community.sharing import sharing_context
from community.views import comments_context


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/home.html", pages.home_page())


def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    context = pages.film_page(slug, request.GET.get("source"))
    film, absolute = context["film"], request.build_absolute_uri
    context |= comments_context(film, request)
    context |= sharing_context(film, absolute)
    context["structured_data"] = film_json_ld(context, absolute)
    if picture := film.poster_picture:
        context["social_image_url"] = absolute(picture.largest_src)
    return render(request, "catalog/film_detail.html", context)


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "catalog/person_detail.html", pages.person_page(slug))


def genre_index(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/genre_index.html", pages.genre_index_page())


def genre_detail(request: HttpRequest, slug: str) -> HttpResponse:
    context = pages.genre_page(slug, request.GET.get("page"))
    return render(request, "catalog/genre_detail.html", context)


def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    context = pages.year_page(year, request.GET.get("page"))
    return render(request, "catalog/year_detail.html", context)


def decade_detail(request: HttpRequest, decade: int) -> HttpResponse:
    context = pages.decade_page(decade, request.GET.get("page"))
    return render(request, "catalog/decade_detail.html", context)
