"""sitemap.xml: films, people and genres in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Film, Genre, Person


class CatalogueSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 2500  # URLs per sitemap page; each item appears once per language


class FilmSitemap(CatalogueSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Film.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, film: Film):
        return film.updated_at


class PersonSitemap(CatalogueSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, person: Person):
        return person.updated_at


class GenreSitemap(CatalogueSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Genre.objects.with_published_films().only("slug").order_by("pk")


class PageSitemap(CatalogueSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["catalog:home", "catalog:genres", "about"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "genres": GenreSitemap,
}
