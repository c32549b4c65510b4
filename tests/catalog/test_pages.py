import pytest
from django.urls import reverse

from tests.factories import CreditFactory, FilmFactory, GenreFactory, PersonFactory
from tests.shield.reads import FIREWALL_QUERIES

pytestmark = pytest.mark.django_db


def test_home_lists_new_films_genres_and_decades(client):
    drama = GenreFactory(slug="drama", name="Drama", name_ko="드라마")
    FilmFactory(title="Parasite", year=2019, genres=[drama])
    FilmFactory(title="The Housemaid", year=1960, genres=[drama])
    FilmFactory(title="Hidden", year=2020, published=False)
    html = client.get("/").text
    assert "Parasite" in html and "The Housemaid" in html
    assert "Hidden" not in html
    assert '<a href="/genres/drama/">Drama <span class="count">2</span></a>' in html
    assert '<a href="/decades/2010s/">2010s</a>' in html
    assert '<a href="/decades/1960s/">1960s</a>' in html


def test_korean_home_shows_korean_interface(client):
    FilmFactory(genres=[GenreFactory(slug="drama", name="Drama", name_ko="드라마")])
    html = client.get("/ko/").text
    assert "새 영화" in html
    assert "드라마" in html
    assert 'href="http://testserver/" hreflang="en" lang="en">English</a>' in html


def test_person_page_lists_films_with_characters(client):
    person = PersonFactory(name="Song Kang-ho", name_ko="송강호")
    CreditFactory(person=person, film=FilmFactory(title="The Host", year=2006), character="Gang-du")
    CreditFactory(person=person, film=FilmFactory(title="Unreleased", published=False))
    html = client.get(person.get_absolute_url()).text
    assert "<h1>Song Kang-ho</h1>" in html
    assert "송강호" in html
    assert "The Host" in html and "as Gang-du" in html
    assert "Unreleased" not in html


def test_genre_page_lists_only_its_published_films(client):
    drama = GenreFactory(slug="drama", name="Drama")
    FilmFactory(title="In Drama", genres=[drama])
    FilmFactory(title="Not Drama")
    html = client.get("/genres/drama/").text
    assert "In Drama" in html and "Not Drama" not in html
    assert "1 film" in html


def test_genre_page_paginates(client):
    drama = GenreFactory(slug="drama", name="Drama")
    FilmFactory.create_batch(30, genres=[drama])
    first, second = client.get("/genres/drama/"), client.get("/genres/drama/?page=2")
    assert 'rel="next" href="?page=2"' in first.text
    assert second.text.count('class="film-card"') == 6


def test_year_and_decade_pages(client):
    FilmFactory(title="Oldboy", year=2003)
    FilmFactory(title="Mother", year=2009)
    FilmFactory(title="Poetry", year=2010)
    year = client.get("/years/2003/").text
    assert "Oldboy" in year and "Mother" not in year
    decade = client.get(reverse("catalog:decade", args=[2000])).text
    assert "Oldboy" in decade and "Mother" in decade and "Poetry" not in decade


def test_about_page_states_the_embed_only_policy(client):
    html = client.get("/about/").text
    assert "never hosts, downloads or re-streams video" in html
    assert 'id="takedown"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/films/no-such-film-1999/",
        "/people/nobody/",
        "/genres/no-such-genre/",
        "/years/1800/",
        "/years/99999/",
        "/decades/1995s/",
        "/decades/1800s/",
        "/xx/films/anything/",
        "/en/",
        "/ko/films/no-such-film/",
        "/genres/drama/?page=abc",
        "/genres/drama/?page=999",
    ],
)
def test_bad_addresses_get_the_sites_404(client, path):
    GenreFactory(slug="drama", name="Drama")
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text or "페이지를 찾을 수 없습니다" in response.text
    assert 'class="site-header"' in response.text


def test_korean_404_is_in_korean(client):
    assert "페이지를 찾을 수 없습니다" in client.get("/ko/films/nothing/").text


@pytest.mark.parametrize(
    ("path", "queries"),
    [("/", 4), ("/genres/drama/", 3), ("/years/2013/", 3), ("/decades/2010s/", 3)],
)
def test_list_page_query_counts_do_not_grow(client, django_assert_num_queries, path, queries):
    drama = GenreFactory(slug="drama", name="Drama")
    for size in (3, 30):
        FilmFactory.create_batch(size, genres=[drama])
        with django_assert_num_queries(queries + FIREWALL_QUERIES):
            assert client.get(path).status_code == 200


def test_person_page_query_count_does_not_grow(client, django_assert_num_queries):
    person = PersonFactory()
    for size in (2, 20):
        CreditFactory.create_batch(size, person=person)
        with django_assert_num_queries(3 + FIREWALL_QUERIES):
            assert client.get(person.get_absolute_url()).status_code == 200


def test_genre_menu_leaves_out_genres_without_published_films(client):
    FilmFactory(genres=[GenreFactory(slug="drama", name="Drama")])
    FilmFactory(genres=[GenreFactory(slug="war", name="War")], published=False)
    GenreFactory(slug="fantasy", name="Fantasy")
    menu = client.get("/about/").text.split('class="genre-menu"', 1)[1].split("</details>", 1)[0]
    assert "Drama" in menu
    assert "War" not in menu and "Fantasy" not in menu


@pytest.mark.parametrize("sorted_films", [500, 2])
def test_genre_page_lists_the_same_films_either_way_it_reads_them(
    client, monkeypatch, sorted_films
):
    """A small genre is read from its own rows and sorted, a large one by walking the list's
    index (catalog.pages.films_of_genre): the same films in the same order either way."""
    monkeypatch.setattr("catalog.pages.GENRE_SORTED_FILMS", sorted_films)
    drama, war = GenreFactory(slug="drama", name="Drama"), GenreFactory(slug="war", name="War")
    for year in (2001, 2003, 2002):
        for title in ("Beta", "Alpha"):
            FilmFactory(title=f"{title} {year}", year=year, genres=[drama])
    FilmFactory(title="Elsewhere", year=2003, genres=[war])
    FilmFactory(title="Hidden", year=2003, genres=[drama], published=False)
    html = client.get("/genres/drama/").text
    titles = [f"{title} {year}" for year in (2003, 2002, 2001) for title in ("Alpha", "Beta")]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Elsewhere" not in html and "Hidden" not in html
