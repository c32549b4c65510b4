"""sitemap.xml: films, people and genres in both languages, with hreflang alternates.

Films and people are paged by ranges of ids (IdRangePages), not by Django's paginator, which
builds the list of every item in every language to cut one page out of it, and reads every
item again for the index's last change: at 100,000 films and 300,000 people each sitemap page
read the whole table. A page here reads one range of the primary key, the index reads the
highest id and the latest change through indexes, so both cost the same at any size (the index
lists one more page for every 1,250 ids)."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, QuerySet
from django.urls import reverse

from catalog.models import Film, Genre, Person


class CatalogueSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 2500  # URLs per sitemap page; each item appears once per language


@dataclass
class IdRangePage:
    object_list: list[tuple[Any, str]]


class IdRangePages:
    """The pages of a sitemap of model rows: page n holds the rows with ids from
    (n - 1) * span + 1 to n * span, each once per language (span = limit / languages). Ids
    that were deleted or unpublished leave a page shorter, never a row out."""

    def __init__(self, items: QuerySet, languages: list[str], limit: int) -> None:
        self.items = items
        self.languages = languages
        self.span = max(1, limit // max(1, len(languages)))

    @cached_property
    def num_pages(self) -> int:
        # The highest id of the whole table: the primary key's last entry, whatever the filter.
        highest = self.items.model._base_manager.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.span))

    def page(self, number: Any) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        first = (number - 1) * self.span
        rows = self.items.filter(pk__gt=first, pk__lte=first + self.span).order_by("pk")
        return IdRangePage([(row, language) for row in rows for language in self.languages])


class RowSitemap(CatalogueSitemap):
    """A sitemap of one table's rows, paged by id ranges, whose last change is read from the
    end of an index on updated_at."""

    @property
    def paginator(self) -> IdRangePages:  # type: ignore[override]
        return IdRangePages(self.items(), self._languages(), self.limit)

    def _items(self) -> Iterable:
        raise NotImplementedError("Paged by IdRangePages: never list every row")

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, row):
        return row.updated_at


class FilmSitemap(RowSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Film.objects.published().only("slug", "updated_at")


class PersonSitemap(RowSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Person.objects.only("slug", "updated_at")


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
