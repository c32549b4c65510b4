"""Addresses: English pages at /, Korean ones under /ko/ (the admin too); media outside both."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from two_factor.urls import urlpatterns as two_factor_urls

from catalog import urls as catalog_urls
from catalog.sitemaps import SITEMAPS
from kcinema import views
from search import views as search_views

SITEMAP_CACHE_SECONDS = 3600

film_page = path("films/<uslug:slug>/", views.film_detail, name="film")
# The index of every film (catalog:films), which the search engine reads from its index.
film_index = path("films/", search_views.film_index, name="films")

urlpatterns = [
    re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    path("robots.txt", views.robots, name="robots"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("favicon.ico", views.favicon),
]
# Staff sign-in in two steps and enrolment of an authenticator (two_factor), under the admin's
# address: /admin/account/login/, /admin/account/two_factor/setup/, ... (not its profile pages,
# which would let a staff member switch the second factor off).
two_factor_core, two_factor_namespace = two_factor_urls
two_factor_core = [
    pattern for pattern in two_factor_core if pattern.name not in {"profile", "disable"}
]

urlpatterns += i18n_patterns(
    path("admin/", include((two_factor_core, two_factor_namespace))),
    path("admin/", admin.site.urls),
    # The film page keeps its catalogue name (catalog:film) although the project composes it,
    # and so does the film index (catalog:films), which the search app serves.
    path(
        "",
        include(([film_index, film_page, *catalog_urls.urlpatterns], catalog_urls.app_name)),
    ),
    path("", include("search.urls")),
    path("", include("watch.urls")),
    path("", include("community.urls")),
    path("about/", views.about, name="about"),
    prefix_default_language=False,
)
