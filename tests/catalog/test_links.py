"""Links out to the film databases, and from a film's dates to its year."""

import re

import pytest

from tests.factories import FilmFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_film_links_to_the_databases_that_know_it(client):
    film = FilmFactory(
        kmdb_id="K00633",
        kobis_id="19610004",
        wikidata_id="Q483437",
        imdb_id="tt0232019",
        tmdb_id=496243,
    )
    html = client.get(film.get_absolute_url()).text
    links = re.findall(r'<a href="([^"]+)" rel="noopener" target="_blank">([^<]+)</a>', html)
    assert links == [
        ("https://www.kmdb.or.kr/db/kor/detail/movie/K/00633", "KMDb"),
        (
            "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieDtl.do?code=19610004",
            "KOBIS",
        ),
        ("https://www.wikidata.org/wiki/Q483437", "Wikidata"),
        ("https://www.imdb.com/title/tt0232019/", "IMDb"),
        ("https://www.themoviedb.org/movie/496243", "TMDB"),
    ]


def test_a_film_with_no_known_ids_has_no_elsewhere_row(client):
    html = client.get(FilmFactory().get_absolute_url()).text
    assert "Elsewhere" not in html


def test_a_person_links_to_the_databases_that_know_them(client):
    person = PersonFactory(wikidata_id="Q495740", imdb_id="nm0814280", tmdb_id=20738)
    html = client.get(person.get_absolute_url()).text
    assert 'href="https://www.wikidata.org/wiki/Q495740"' in html
    assert 'href="https://www.imdb.com/name/nm0814280/"' in html
    assert 'href="https://www.themoviedb.org/person/20738"' in html
    assert "Elsewhere" not in client.get(PersonFactory().get_absolute_url()).text


@pytest.mark.parametrize("release_date", [None, "2013-01-23"])
def test_the_year_and_the_release_date_link_to_the_year_page(client, release_date):
    film = FilmFactory(year=2013, release_date=release_date)
    html = client.get(film.get_absolute_url()).text
    assert '(<a href="/years/2013/">2013</a>)</span></h1>' in html
    released = html.split("Released</dt>", 1)[1].split("</dd>", 1)[0]
    assert '<a href="/years/2013/">' in released
    if release_date:
        assert '<time datetime="2013-01-23">' in released
