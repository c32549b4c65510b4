"""RSS and Atom feeds of the films most recently added to the catalogue."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from catalog.models import Film

FILMS_IN_FEED = 30


class NewFilmsFeed(Feed):
    title = _("kcinema: new films")
    description = _("Korean films newly added to the catalogue.")

    def link(self) -> str:
        return reverse("catalog:home")

    def items(self):
        return Film.objects.published().order_by("-created_at", "-pk")[:FILMS_IN_FEED]

    def item_title(self, film: Film) -> str:
        return f"{film.display_title} ({film.year})"

    def item_description(self, film: Film) -> str:
        # Readers take an RSS description (and Atom's summary, which Django marks type="html")
        # as HTML: the synopsis, plain text, goes out escaped so that it reads as typed and no
        # markup an editor typed can run in a reader. Titles are text fields and go out as is.
        return escape(film.display_synopsis)

    def item_pubdate(self, film: Film):
        return film.created_at

    def item_updateddate(self, film: Film):
        return film.updated_at


class NewFilmsAtomFeed(NewFilmsFeed):
    feed_type = Atom1Feed
    subtitle = NewFilmsFeed.description
