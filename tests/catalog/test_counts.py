"""The film counts the database keeps (catalog.counts): every way a film or its genres change
moves them, and `count_films` mends them."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from catalog import counts
from catalog.models import Film, Genre, YearCount
from catalog.pages import decades_with_films
from tests.factories import FilmFactory, GenreFactory

pytestmark = pytest.mark.django_db


def genre_count(genre: Genre) -> int:
    return Genre.objects.values_list("film_count", flat=True).get(pk=genre.pk)


def year_count(year: int) -> int:
    return YearCount.objects.filter(year=year).values_list("film_count", flat=True).first() or 0


def test_the_migration_installs_every_trigger():
    assert counts.installed_triggers(connection) == counts.trigger_names(connection)


def test_counts_follow_films_as_they_are_made_published_moved_and_deleted():
    drama, war = GenreFactory(slug="drama", name="Drama"), GenreFactory(slug="war", name="War")
    film = FilmFactory(year=2013, genres=[drama, war])
    FilmFactory(year=2013, genres=[drama])
    FilmFactory(year=2013, genres=[drama], published=False)
    assert (genre_count(drama), genre_count(war), year_count(2013)) == (2, 1, 2)

    film.published = False
    film.save()
    assert (genre_count(drama), genre_count(war), year_count(2013)) == (1, 0, 1)
    film.published = True
    film.year = 1999
    film.save()
    assert (genre_count(drama), genre_count(war)) == (2, 1)
    assert (year_count(2013), year_count(1999)) == (1, 1)
    assert decades_with_films() == [2010, 1990]

    film.genres.remove(war)
    assert genre_count(war) == 0
    film.genres.add(war)
    assert genre_count(war) == 1
    film.delete()
    assert (genre_count(drama), genre_count(war), year_count(1999)) == (1, 0, 0)
    assert decades_with_films() == [2010]


def test_counts_follow_bulk_writes_that_bypass_the_models():
    drama = GenreFactory(slug="drama", name="Drama")
    films = Film.objects.bulk_create(
        Film(slug=f"film-{number}", title=f"Film {number}", year=2000 + number % 2)
        for number in range(10)
    )
    Film.genres.through.objects.bulk_create(
        Film.genres.through(film_id=film.pk, genre_id=drama.pk) for film in films
    )
    assert (genre_count(drama), year_count(2000), year_count(2001)) == (10, 5, 5)
    Film.objects.filter(year=2001).update(published=False)
    assert (genre_count(drama), year_count(2001)) == (5, 0)
    Film.genres.through.objects.filter(genre=drama).delete()
    assert genre_count(drama) == 0


def test_count_films_mends_counts_and_lost_triggers():
    drama = GenreFactory(slug="drama", name="Drama")
    FilmFactory.create_batch(3, year=2013, genres=[drama])
    Genre.objects.update(film_count=99)
    YearCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER catalog_count_genre_insert"
            if connection.vendor == "sqlite"
            else "DROP TRIGGER catalog_count_genre_write ON catalog_film_genres"
        )
    output = io.StringIO()
    call_command("count_films", stdout=output)
    assert "Counted the films of 1 genres and 1 years." in output.getvalue()
    assert (genre_count(drama), year_count(2013)) == (3, 3)
    assert counts.installed_triggers(connection) == counts.trigger_names(connection)
    FilmFactory(year=2013, genres=[drama])
    assert genre_count(drama) == 4


def test_a_lost_trigger_is_put_back_after_migrating():
    drama = GenreFactory(slug="drama", name="Drama")
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER catalog_count_film_insert"
            if connection.vendor == "sqlite"
            else "DROP TRIGGER catalog_count_film_write ON catalog_film"
        )
    FilmFactory(year=2013, genres=[drama])  # not counted: no trigger
    assert year_count(2013) == 0
    assert counts.ensure_counted(connection) is True
    assert year_count(2013) == 1
    assert counts.ensure_counted(connection) is False  # nothing missing now
