import pytest
from django.urls import reverse
from django.utils import translation

from catalog.models import Credit
from tests.factories import (
    AlternativeTitleFactory,
    CommentFactory,
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    miracle_in_cell_no_7,
)
from tests.shield.reads import FIREWALL_QUERIES

pytestmark = pytest.mark.django_db

# The film, its genres, credits with people, alternative titles, "more like this", the video
# sources, the offers (where to watch), the comment count, the page of threads (count, threads,
# their replies), the menu; and the firewall's read of the shared cache.
# (A film without comments skips the last two: it has no threads to read.)
FILM_PAGE_QUERIES = 12 + FIREWALL_QUERIES


def film_url(film, language="en"):
    with translation.override(language):
        return reverse("catalog:film", args=[film.slug])


def test_film_page_shows_title_year_hangul_summary_and_facts(client):
    film = miracle_in_cell_no_7()
    html = client.get(film_url(film)).text
    assert (
        '<h1>Miracle in Cell No. 7 <span class="year">(<a href="/years/2013/">2013</a>)</span></h1>'
        in html
    )
    assert '<p class="secondary-title" lang="ko">7번방의 선물</p>' in html
    assert (
        "Miracle in Cell No. 7 (2013) is a South Korean comedy drama film directed by "
        "Lee Hwan-kyung, starring Ryu Seung-ryong and Kal So-won." in html
    )
    assert "127 minutes" in html
    assert '<a href="/genres/comedy/">Comedy</a>' in html
    assert "7beonbangui seonmul" in html
    assert 'id="watch"' in html
    assert "never hosts or downloads video" in html


def test_cast_links_to_person_pages_with_character_names(client):
    film = miracle_in_cell_no_7()
    html = client.get(film_url(film)).text
    assert '<a href="/people/ryu-seung-ryong/">Ryu Seung-ryong</a>' in html
    assert "as Lee Yong-gu" in html
    assert '<a href="/people/lee-hwan-kyung/">Lee Hwan-kyung</a>' in html


def test_korean_film_page_leads_with_the_hangul_title_and_korean_text(client):
    film = miracle_in_cell_no_7()
    html = client.get(film_url(film, "ko")).text
    assert '<html lang="ko">' in html
    assert (
        '<h1>7번방의 선물 <span class="year">(<a href="/ko/years/2013/">2013</a>)</span></h1>'
        in html
    )
    assert '<p class="secondary-title" lang="en">Miracle in Cell No. 7</p>' in html
    assert "《7번방의 선물》은 2013년에 개봉한 한국의 코미디 드라마 영화로" in html
    assert '<a href="/ko/people/ryu-seung-ryong/">류승룡</a>' in html
    assert "이용구" in html


def test_film_page_links_both_languages_with_hreflang(client):
    film = miracle_in_cell_no_7()
    html = client.get(film_url(film)).text
    assert (
        '<link rel="alternate" hreflang="ko" '
        'href="http://testserver/ko/films/miracle-in-cell-no-7-2013/">' in html
    )
    assert '<link rel="alternate" hreflang="x-default"' in html


def test_unpublished_film_is_not_found(client):
    film = FilmFactory(published=False)
    assert client.get(film_url(film)).status_code == 404


def test_hangul_slug_resolves(client):
    film = FilmFactory(slug="기생충-2019", title="", original_title="기생충", year=2019)
    response = client.get(film_url(film))
    assert response.status_code == 200
    assert "기생충" in response.text


def test_visitor_text_is_escaped(client):
    film = FilmFactory(title='<script>alert("x")</script>', plot="<b>bold</b>")
    html = client.get(film_url(film)).text
    assert "<script>alert" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def build_large_catalogue(film):
    """Many credits and comments on the film, and many films sharing its genres."""
    for _ in range(12):
        CreditFactory(film=film, person=PersonFactory())
    CreditFactory(film=film, person=PersonFactory(), role=Credit.Role.WRITER)
    AlternativeTitleFactory(film=film)
    for _ in range(40):
        FilmFactory(genres=list(film.genres.all()))
    for _ in range(30):
        reply = CommentFactory(film=film, parent=CommentFactory(film=film))
        CommentFactory(film=film, parent=reply)


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
def test_film_page_query_count_is_constant(client, django_assert_num_queries, large):
    film = miracle_in_cell_no_7()
    CommentFactory(film=film)
    GenreFactory.create_batch(5)
    if large:
        build_large_catalogue(film)
    with django_assert_num_queries(FILM_PAGE_QUERIES):
        response = client.get(film_url(film))
    assert response.status_code == 200
