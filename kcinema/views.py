"""Site-wide pages that belong to no domain app (about, robots.txt, uploaded media), and the film
page, which several apps fill."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.static import serve

from catalog.pagecache import cached_page, only
from importers.attribution import tmdb_attribution_needed
from kcinema import pages
from watch.player import frames_players

MEDIA_MAX_AGE = 7 * 24 * 3600


@frames_players  # outside the cache: a kept page is sent with the player's policy too
@cached_page(
    lambda request, slug: [f"film:{slug}"],
    # What the player, the offers and the comments read; other values they would ignore.
    canonical=only(
        source=r"\d{1,12}",
        country=(r"[A-Za-z]{2}", "?"),  # any other value: one page, which says it is not known
        comments=r"oldest|newest",
        cpage=r"\d{1,6}",
    ),
)
def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "kcinema/film_detail.html", pages.film_page(request, slug))


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "kcinema/about.html", {"tmdb_attribution": tmdb_attribution_needed()})


def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every page but the admin and what each app keeps out (its AppConfig's
    `crawlers_keep_out`), in every language."""
    kept_out = ["/admin/"] + [
        path
        for config in apps.get_app_configs()
        for path in getattr(config, "crawlers_keep_out", ())
    ]
    prefixes = [""] + [
        f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {prefix}{path}" for path in kept_out for prefix in prefixes),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return redirect(static("kcinema/favicon.svg"), permanent=True)


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded posters and photos. Upload names never repeat, so browsers may keep them a week;
    a large site lets its web server or CDN serve MEDIA_ROOT instead."""
    response = serve(request, path, document_root=Path(settings.MEDIA_ROOT))
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
