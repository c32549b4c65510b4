"""Deleting from the admin: a film with everything other apps keep about it, a person and a
genre, through Django's confirmation page (run on SQLite and on PostgreSQL by the suite)."""

import pytest
from django.db import connection

from catalog.models import Credit, Film, Genre, Person, SimilarFilm
from catalog.similarity import write_lists
from community.models import Comment
from search.models import SearchEntry
from tests.factories import (
    AlternativeTitleFactory,
    CommentFactory,
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    VideoSourceFactory,
)
from watch import takedowns
from watch.models import ProblemReport, TakedownEvent, TakedownNotice, VideoSource
from watch.reports import file_report

pytestmark = pytest.mark.django_db


def film_with_everything() -> Film:
    """A film with credits, a title, a source reported and taken down, comments and a reply,
    on another film's "more like this" list and with its own."""
    drama = GenreFactory(slug="drama", name="Drama")
    film = FilmFactory(title="The Host", genres=[drama])
    other = FilmFactory(title="Mother", genres=[drama])
    director = PersonFactory(name="Bong Joon-ho", name_ko="봉준호")
    CreditFactory(film=film, person=director, role=Credit.Role.DIRECTOR, character="")
    CreditFactory(film=film, person=PersonFactory(name="Song Kang-ho"))
    CreditFactory(film=other, person=director, role=Credit.Role.DIRECTOR, character="")
    AlternativeTitleFactory(film=film, title="Gwoemul")
    source = VideoSourceFactory(film=film)
    file_report(source, reason="does_not_play")
    notice = TakedownNotice(
        claimant_name="Kim Rights",
        email="rights@example.org",
        postal_address="Seoul",
        work="The Host",
        urls=f"/watch/{source.pk}/",
        good_faith=True,
        accurate=True,
        signature="Kim Rights",
    )
    takedowns.confirm_claimant_email(
        takedowns.file_notice(notice, [("watch:play", {"pk": source.pk})])
    )
    comment = CommentFactory(film=film)
    CommentFactory(film=film, parent=comment)
    write_lists({film.pk: [(other.pk, 1.0)], other.pk: [(film.pk, 1.0)]})
    return film


def test_the_confirmation_page_lists_what_goes_with_a_film(admin_client):
    film = film_with_everything()
    page = admin_client.get(f"/admin/catalog/film/{film.pk}/delete/")
    assert page.status_code == 200
    html = page.text
    for goes in ("Bong Joon-ho", "Gwoemul", "Video source", "Problem report", "Comment"):
        assert goes in html
    assert "Kim Rights" not in html  # the notice stays: it is the record of a claim
    # The site's own bookkeeping (search index, "more like this") goes too, unlisted.
    for bookkeeping in ("Search entry", "Search prefix", "Search story", "Similar film"):
        assert bookkeeping not in html
    summary = page.context["model_count"]
    assert "search entries" not in dict(summary) and "credits" in dict(summary)


def test_deleting_a_film_with_credits_deletes_what_hangs_on_it(admin_client, client):
    film = film_with_everything()
    response = admin_client.post(f"/admin/catalog/film/{film.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    # What the commit would check: no row is left pointing at the film (the search index's
    # entry was written anew by the deleted credits' signals, and failed here).
    connection.check_constraints()
    assert not Film.objects.filter(pk=film.pk).exists()
    for model in (Credit, VideoSource, Comment):
        assert not model.objects.filter(film_id=film.pk).exists()
    assert not ProblemReport.objects.exists()
    assert not SearchEntry.objects.filter(film_id=film.pk).exists()
    assert not SimilarFilm.objects.filter(similar_id=film.pk).exists()
    # The people stay, found by search with the films they still have.
    director = Person.objects.get(name="Bong Joon-ho")
    assert SearchEntry.objects.get(person=director).known_for.title == "Mother"
    assert Person.objects.filter(name="Song Kang-ho").exists()
    # The notice and its audit trail stay; the trail says which sources it hid.
    notice = TakedownNotice.objects.get()
    assert notice.sources.count() == 0 and TakedownEvent.objects.filter(notice=notice).exists()
    assert client.get("/search/?q=host").status_code == 200


def test_deleting_films_in_bulk_from_the_list(admin_client):
    film = film_with_everything()
    second = FilmFactory()
    CreditFactory(film=second)
    response = admin_client.post(
        "/admin/catalog/film/",
        {"action": "delete_selected", "_selected_action": [film.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    connection.check_constraints()
    assert list(Film.objects.values_list("title", flat=True)) == ["Mother"]
    assert SearchEntry.objects.filter(kind="film").count() == 1


def test_a_credited_person_cannot_be_deleted_and_the_page_says_why(admin_client):
    credit = CreditFactory(person=PersonFactory(name="Song Kang-ho"))
    url = f"/admin/catalog/person/{credit.person.pk}/delete/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.text
    assert credit.film.title in page.text
    assert admin_client.post(url, {"post": "yes"}).status_code == 200
    assert Person.objects.filter(pk=credit.person.pk).exists()


def test_deleting_a_person_without_credits(admin_client):
    person = PersonFactory()
    assert SearchEntry.objects.filter(person=person).exists()
    url = f"/admin/catalog/person/{person.pk}/delete/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    connection.check_constraints()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not SearchEntry.objects.filter(kind="person").exists()


def test_deleting_a_genre_leaves_its_films(admin_client):
    genre = GenreFactory(slug="noir", name="Noir")
    film = FilmFactory(genres=[genre])
    url = f"/admin/catalog/genre/{genre.pk}/delete/"
    page = admin_client.get(url)
    assert page.status_code == 200 and "Film-genre relationships: 1" in page.text
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    connection.check_constraints()
    assert not Genre.objects.filter(pk=genre.pk).exists()
    assert list(Film.objects.get(pk=film.pk).genres.all()) == []
