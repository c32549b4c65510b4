"""The catalogue's own pages. The film page ("catalog:film", films/<slug>/) joins them in the
project's urls: it is composed there from several apps."""

from django.urls import path, register_converter

from catalog import views
from catalog.converters import DecadeConverter, UnicodeSlugConverter
from catalog.feeds import NewFilmsAtomFeed, NewFilmsFeed

register_converter(UnicodeSlugConverter, "uslug")
register_converter(DecadeConverter, "decade")

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/<uslug:slug>/", views.person_detail, name="person"),
    path("genres/", views.genre_index, name="genres"),
    path("genres/<slug:slug>/", views.genre_detail, name="genre"),
    path("years/<int:year>/", views.year_detail, name="year"),
    path("decades/<decade:decade>/", views.decade_detail, name="decade"),
    path("feeds/films.rss", NewFilmsFeed(), name="feed-rss"),
    path("feeds/films.atom", NewFilmsAtomFeed(), name="feed-atom"),
]
