"""The results page and the suggestions endpoint, as a browser or a bot would call them."""

import hashlib
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from catalog import pagecache
from search.indexing import index_version
from shield.models import Counter
from tests.factories import FilmFactory, GenreFactory, PersonFactory, miracle_in_cell_no_7
from tests.shield.reads import FIREWALL_QUERIES

pytestmark = pytest.mark.django_db

COUNTER = Counter._meta.db_table


def test_results_page_shows_films_and_people(client):
    miracle_in_cell_no_7()
    html = client.get("/search/", {"q": "류승룡"}).text
    assert "Miracle in Cell No. 7" in html
    assert 'href="/people/ryu-seung-ryong/"' in html
    assert "1 film" in html


def test_korean_results_page(client):
    miracle_in_cell_no_7()
    html = client.get("/ko/search/", {"q": "ㅂㅂㅇㅅㅁ"}).text
    assert "7번방의 선물" in html
    assert 'lang="ko"' in html


def test_a_corrected_query_says_so(client):
    miracle_in_cell_no_7()
    html = client.get("/search/", {"q": "miracel"}).text
    assert "Showing results for “miracle”" in html
    assert "Miracle in Cell No. 7" in html


def test_nothing_found_is_a_normal_page_with_suggestions(client):
    FilmFactory(title="Parasite", original_title="기생충", popularity=10)
    response = client.get("/search/", {"q": "qqqqzzzz"})
    assert response.status_code == 200
    assert "No film found." in response.text
    assert "Popular films" in response.text
    assert "Parasite" in response.text


def test_filters_each_have_their_own_address(client):
    miracle = miracle_in_cell_no_7()
    FilmFactory(title="Miracle on Ice", year=1999)
    html = client.get("/search/", {"q": "miracle", "genre": "drama", "sort": "newest"}).text
    assert "Miracle in Cell No. 7" in html and "Miracle on Ice" not in html
    html = client.get("/search/", {"decade": "1990"}).text
    assert "Miracle on Ice" in html and miracle.title not in html
    ryu = miracle.credits.get(person__name="Ryu Seung-ryong").person
    html = client.get("/search/", {"person": ryu.slug}).text
    assert "Films with Ryu Seung-ryong" in html and miracle.title in html


def test_pagination_keeps_the_query_and_filters(client):
    drama = GenreFactory(slug="drama")
    for number in range(25):
        FilmFactory(title=f"Summer {number}", genres=[drama])
    html = client.get("/search/", {"q": "summer", "genre": "drama"}).text
    assert 'href="?q=summer&amp;genre=drama&amp;page=2"' in html
    second = client.get("/search/", {"q": "summer", "genre": "drama", "page": "2"}).text
    assert "Page 2 of 2" in second


ODD_QUERIES = [
    "",
    "   ",
    "\t\n",
    "x" * 10_000,
    "가" * 10_000,
    "\x00\x1f\x7f",
    "'; DROP TABLE catalog_film; --",
    "1 OR 1=1",
    '"',
    '"unbalanced',
    "*",
    "NEAR(a b)",
    "a AND b OR NOT c",
    "-miracle",
    "^miracle",
    "miracle:*",
    "%",
    "_",
    "\\",
    "|",
    "ㄱ",
    "<b>",
    "<script>alert(1)</script>",
    "\U0001f3ac\U0001f600",
    "\ufeff\u200b",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_get_a_normal_page(client, query):
    miracle_in_cell_no_7()
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    suggestions = client.get("/search/suggest/", {"q": query})
    assert suggestions.status_code == 200
    assert suggestions.json()["films"] is not None


@pytest.mark.parametrize(
    "address",
    [
        "/search/?q=%FF%FE",  # not UTF-8
        "/search/?q=%C0%AF",  # overlong UTF-8
        "/search/?q=miracle&page=0",
        "/search/?q=miracle&page=-1",
        "/search/?q=miracle&page=abc",
        "/search/?q=miracle&page=99999999999999999999",
        "/search/?year_from=1800&year_to=99999",
        "/search/?year_from=abc",
        "/search/?decade=1995",
        "/search/?decade=-10",
        "/search/?runtime_min=-5&runtime_max=100000",
        "/search/?genre=no-such-genre",
        "/search/?person=nobody",
        "/search/?sort=drop",
        "/search/?q=a&q=b",
        "/search/suggest/?q=%FF",
    ],
)
def test_bad_parameters_are_left_out_not_errors(client, address):
    miracle_in_cell_no_7()
    response = client.get(address)
    assert response.status_code == 200


def test_a_bad_filter_is_named_and_the_rest_still_applies(client):
    miracle_in_cell_no_7()
    html = client.get("/search/", {"q": "miracle", "year_from": "abc", "genre": "drama"}).text
    assert "could not be used" in html
    assert "From year" in html
    assert "Miracle in Cell No. 7" in html


def test_years_given_backwards_are_swapped(client):
    miracle_in_cell_no_7()
    html = client.get("/search/", {"year_from": "2020", "year_to": "2010"}).text
    assert "Miracle in Cell No. 7" in html


def test_suggestions_answer_json_for_the_search_box(client):
    film = miracle_in_cell_no_7()
    response = client.get("/search/suggest/", {"q": "7번방"})
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    answer = response.json()
    assert answer["films"][0] == {
        "title": "Miracle in Cell No. 7",
        "subtitle": "7번방의 선물",
        "year": 2013,
        "url": film.get_absolute_url(),
        "poster": None,
        "tone": film.placeholder_tone,
    }
    assert answer["search_url"] == "/search/?q=7%EB%B2%88%EB%B0%A9"
    people = client.get("/ko/search/suggest/", {"q": "류승"}).json()["people"]
    assert people[0]["name"] == "류승룡"
    assert people[0]["known_for"] == "7번방의 선물 (2013)"


def test_suggestions_follow_an_edit_at_once(client, django_capture_on_commit_callbacks):
    film = miracle_in_cell_no_7()
    assert client.get("/search/suggest/", {"q": "wonder"}).json()["films"] == []
    film.title = "Wonder in Cell No. 7"
    with django_capture_on_commit_callbacks(execute=True):  # the edit's transaction commits
        film.save()
    assert client.get("/search/suggest/", {"q": "wonder"}).json()["films"][0]["url"]


def test_suggestions_are_served_from_the_cache(client, django_assert_num_queries):
    miracle_in_cell_no_7()
    client.get("/search/suggest/", {"q": "miracle"})
    version = index_version()
    kept = [cache.get(f"search:suggest:en:{digest}") for digest in _digests()]
    assert kept[0][0] == version
    with django_assert_num_queries(_cache_queries()):
        client.get("/search/suggest/", {"q": "miracle"})


def _digests():
    yield hashlib.blake2b(b"miracle", digest_size=16).hexdigest()


def _cache_queries() -> int:
    """The database cache reads the version and the answer in one query, and the firewall's
    lists and blocks in another; Redis in none."""
    return 2 * FIREWALL_QUERIES


def test_suggestions_are_rate_limited_per_address(client, settings):
    settings.SEARCH_SUGGESTIONS_PER_MINUTE = 3
    answers = [client.get("/search/suggest/", {"q": f"query {n}"}).status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    # Answers already cached are not refused: they cost nothing.
    assert client.get("/search/suggest/", {"q": "query 0"}).status_code == 200


def test_suggestions_never_carry_markup_as_html(client):
    FilmFactory(title="<img src=x onerror=alert(1)>", original_title="시험")
    body = client.get("/search/suggest/", {"q": "img src"}).content.decode()
    assert json.loads(body)["films"][0]["title"] == "<img src=x onerror=alert(1)>"
    html = client.get("/search/", {"q": "img src"}).text
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("size", [1, 30])
def test_results_page_query_count_does_not_grow(client, size):
    drama = GenreFactory(slug="drama")
    person = PersonFactory(name="Song Kang-ho", name_ko="송강호")
    for number in range(size):
        film = FilmFactory(title=f"Memories {number}", genres=[drama], popularity=number)
        film.credits.create(person=person, order=0)
    # the people so named (and their credits, when there are any); the films matched by name,
    # in rank order (which counts them too); by story alone: the first ids (and the ranked
    # rest, when there are any); the entries shown, their films (and people); the genre menu
    # (the cache aside). At most 10, whatever the size of the catalogue.
    assert page_queries(client, {"q": "memories"}) == 6
    # A person's name: + their credits and the people shown.
    assert page_queries(client, {"q": "song kang-ho"}) == 8
    # + the genre and the person named in the filters; no people strip when filtering
    assert page_queries(client, {"q": "memories", "genre": "drama", "person": person.slug}) == 8


def page_queries(client, params) -> int:
    """The database queries a results page costs, given its parameters or its whole address:
    the cache's own, the rate limit's counter (a constant few, none with Redis; its cleanup
    runs now and then) and savepoints aside."""
    with CaptureQueriesContext(connection) as queries:
        address = params if isinstance(params, str) else f"/search/?{urlencode(params)}"
        assert client.get(address).status_code == 200
    return sum(
        1
        for query in queries.captured_queries
        if not any(aside in query["sql"] for aside in ("kcinema_cache", COUNTER, "SAVEPOINT"))
    )


def test_a_results_page_is_served_from_the_cache_until_the_index_changes(
    client, django_capture_on_commit_callbacks
):
    film = FilmFactory(title="Sunny", original_title="써니")
    assert "Sunny" in client.get("/search/", {"q": "sunny"}).text
    assert page_queries(client, {"q": "sunny"}) == 0
    response = client.get("/search/", {"q": "sunny"})
    assert "public" in response["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        film.title = "Sunny Days"
        film.save()
    assert "Sunny Days" in client.get("/search/", {"q": "sunny"}).text


def test_a_visitor_with_a_session_gets_a_page_of_their_own(client):
    FilmFactory(title="Sunny", original_title="써니")
    client.get("/search/", {"q": "sunny"})
    client.cookies["messages"] = "anything"
    assert page_queries(client, {"q": "sunny"}) == 6


@pytest.mark.parametrize("size", [1, 30])
def test_suggestions_query_count_does_not_grow(client, django_assert_num_queries, size):
    person = PersonFactory(name="Song Kang-ho", name_ko="송강호")
    for number in range(size):
        film = FilmFactory(title=f"Memories {number}", popularity=number)
        film.credits.create(person=person, order=0)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/suggest/", {"q": "memo"}).json()["films"]
    searching = [q for q in queries.captured_queries if "search_searchentry" in q["sql"]]
    # the people so named (none), the films ranked, then loaded (the cache aside)
    assert len(searching) == 3


def test_with_no_cache_time_every_answer_comes_from_the_index(client, settings):
    """SEARCH_CACHE_SECONDS=0 (a benchmark of the engine): nothing is kept, so each page and
    each suggestion asks the database again, and an edit shows without a version bump."""
    settings.SEARCH_CACHE_SECONDS = 0
    FilmFactory(title="Sunny", original_title="써니")
    for _visit in range(2):
        assert page_queries(client, {"q": "sunny"}) > 0
        assert "Sunny" in client.get("/search/", {"q": "sunny"}).text
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/suggest/", {"q": "sunny"}).json()["films"]
        assert any("search_searchentry" in query["sql"] for query in queries.captured_queries)
    digest = hashlib.blake2b(b"sunny", digest_size=16).hexdigest()
    assert cache.get(f"search:suggest:en:{digest}") is None


def kept_page_keys(monkeypatch) -> list[str]:
    """The keys the results page is kept under, as the cache is asked to keep them."""
    keys = []
    original = pagecache.keep
    monkeypatch.setattr(
        pagecache, "keep", lambda key, *rest: keys.append(key) or original(key, *rest)
    )
    return keys


def test_unknown_parameters_do_not_fill_the_cache(client, monkeypatch):
    FilmFactory(title="Sunny", original_title="써니")
    keys = kept_page_keys(monkeypatch)
    for number in range(1000):
        response = client.get("/search/", {"q": "sunny", f"utm_{number}": "x", "x": number})
        assert response.status_code == 200
    assert len(keys) == 1


def test_the_same_search_spelt_otherwise_is_the_same_page(client, monkeypatch):
    miracle_in_cell_no_7()
    keys = kept_page_keys(monkeypatch)
    client.get("/search/?q=miracle&genre=drama&sort=newest&page=1")
    for address in [
        "/search/?sort=newest&page=1&genre=drama&q=miracle",
        "/search/?page=01&q=++Miracle!&genre=drama&sort=newest&utm_source=feed",
        "/search/?q=other&q=MIRACLE&genre=drama&sort=newest&page=1",  # the last q counts
    ]:
        assert page_queries(client, address) == 0, address
    assert len(keys) == 1


def test_unknown_parameters_are_not_carried_into_the_page(client):
    for number in range(25):
        FilmFactory(title=f"Summer {number}")
    html = client.get("/search/", {"q": "Summer", "utm_source": "feed"}).text
    assert 'href="?q=summer&amp;page=2"' in html
    assert "utm_source" not in html


def test_junk_in_a_known_parameter_is_one_page(client, monkeypatch):
    miracle_in_cell_no_7()
    keys = kept_page_keys(monkeypatch)
    for junk in ("abc", "xyz", "1e9x"):
        html = client.get("/search/", {"q": "miracle", "year_from": junk, "sort": junk}).text
        assert "could not be used" in html and "Miracle in Cell No. 7" in html
    assert len(keys) == 1


def test_results_are_rate_limited_per_address_and_cached_pages_are_free(client, settings):
    settings.SEARCH_RESULTS_PER_MINUTE = 3
    FilmFactory(title="Sunny", original_title="써니")
    answers = [client.get("/search/", {"q": f"sunny {n}"}).status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    assert client.get("/search/", {"q": "sunny 0"}).status_code == 200


def test_a_refused_search_is_never_kept(client, settings):
    settings.SEARCH_RESULTS_PER_MINUTE = 1
    FilmFactory(title="Sunny", original_title="써니")
    assert client.get("/search/", {"q": "one"}).status_code == 200
    refused = client.get("/search/", {"q": "sunny"})
    assert refused.status_code == 429
    assert "Too many searches" in refused.text
    assert refused["Retry-After"] == "60"
    assert "public" not in refused["Cache-Control"] and "no-store" in refused["Cache-Control"]
    settings.SEARCH_RESULTS_PER_MINUTE = 100
    response = client.get("/search/", {"q": "sunny"})
    assert response.status_code == 200 and "Sunny" in response.text


def test_the_refusal_is_in_korean_on_the_korean_site(client, settings):
    settings.SEARCH_RESULTS_PER_MINUTE = 1
    client.get("/ko/search/", {"q": "one"})
    refused = client.get("/ko/search/", {"q": "two"})
    assert refused.status_code == 429 and 'lang="ko"' in refused.text
