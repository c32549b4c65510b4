"""The TMDB reader against TMDB's answers as recorded (fixtures/tmdb/README.md says whence),
replayed through the real SourceClient by httpx.MockTransport: nothing here reaches TMDB."""

import json
import logging
from datetime import date
from pathlib import Path

import httpx
import pytest

from importers.http import SourceError
from importers.records import BadRecord, Source
from importers.sources import Scope, tmdb

FIXTURES = Path(__file__).parent / "fixtures" / "tmdb"
KEY = "0123456789abcdef0123456789abcdef"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJl"


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class TMDB:
    """A stand-in for api.themoviedb.org: answers each path (discover's by window and page, or
    by window for any page) from the recordings, queued answers in turn, 404 otherwise; keeps
    every request it was sent and every wait the client made."""

    def __init__(self, answers: dict[str, list[tuple[int, dict]]]):
        self.answers = answers
        self.requests: list[httpx.Request] = []
        self.slept: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        keys = [request.url.path]
        if request.url.path == "/3/discover/movie":
            params = request.url.params
            window = params.get("primary_release_year") or (
                f"{params['primary_release_date.gte']}..{params['primary_release_date.lte']}"
            )
            keys = [f"{keys[0]}?{window}&page={params['page']}", f"{keys[0]}?{window}"]
        queued = next((self.answers[key] for key in keys if key in self.answers), None)
        if not queued:
            return httpx.Response(404, json=recorded("error-404.json"))
        status, body = queued.pop(0) if len(queued) > 1 else queued[0]
        return httpx.Response(status, json=body)

    def client(self):
        return tmdb.client(transport=httpx.MockTransport(self), sleep=self.slept.append)


@pytest.fixture(autouse=True)
def _key(settings):
    settings.TMDB_API_KEY = KEY


def tmdb_with(answers) -> TMDB:
    return TMDB(answers)


def parasite_server() -> TMDB:
    return tmdb_with({"/3/movie/496243": [(200, recorded("movie-496243.json"))]})


# --- the key ---


def test_a_missing_key_stops_with_the_setting_to_set(settings):
    settings.TMDB_API_KEY = ""
    with pytest.raises(SourceError, match="TMDB_API_KEY"):
        tmdb.client()


def test_a_v3_key_is_sent_as_api_key_and_never_shown(caplog):
    server = tmdb_with({"/3/movie/496243": [(401, recorded("error-401.json"))]})
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SourceError) as raised:
        tmdb.fetch_one(server.client(), "496243")
    assert server.requests[0].url.params["api_key"] == KEY
    assert "Authorization" not in server.requests[0].headers
    assert KEY not in str(raised.value) and KEY not in caplog.text


def test_a_read_access_token_is_sent_as_a_bearer_header(settings):
    settings.TMDB_API_KEY = TOKEN
    server = parasite_server()
    tmdb.fetch_one(server.client(), "496243")
    request = server.requests[0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert "api_key" not in request.url.params


def test_a_refused_key_says_what_tmdb_said_and_what_to_check():
    server = tmdb_with({"/3/movie/496243": [(401, recorded("error-401.json"))]})
    with pytest.raises(SourceError) as raised:
        tmdb.fetch_one(server.client(), "496243")
    message = str(raised.value)
    assert raised.value.status == 401
    assert "Invalid API key: You must be granted a valid key." in message
    assert "TMDB_API_KEY" in message


def test_too_many_requests_is_waited_out_and_asked_again():
    server = tmdb_with(
        {
            "/3/movie/496243": [
                (429, recorded("error-429.json")),
                (200, recorded("movie-496243.json")),
            ]
        }
    )
    film = tmdb.fetch_one(server.client(), "496243")
    assert film.source_id == "496243"
    assert len(server.requests) == 2
    assert len(server.slept) == 1


# --- one film ---


def test_the_film_is_asked_for_in_korean_with_everything_appended():
    server = parasite_server()
    tmdb.fetch_one(server.client(), "https://www.themoviedb.org/movie/496243-parasite")
    params = server.requests[0].url.params
    assert params["language"] == "ko-KR"
    assert params["append_to_response"].split(",") == [
        "credits",
        "translations",
        "alternative_titles",
        "external_ids",
        "release_dates",
        "images",
    ]


def test_a_korean_film_reads_as_the_catalogue_keeps_it():
    film = tmdb.fetch_one(parasite_server().client(), "496243")
    assert film.source == Source.TMDB and film.source_id == "496243"
    assert film.ids == {"tmdb_id": "496243", "imdb_id": "tt6751668", "wikidata_id": "Q61448040"}
    assert (film.title, film.original_title) == ("Parasite", "기생충")
    assert film.synopsis.startswith("All unemployed, Ki-taek's family")
    assert film.synopsis_ko == "전원백수로 살 길 막막하지만 사이는 좋은 기택 가족."
    assert (film.release_date, film.year, film.runtime) == (date(2019, 5, 30), 2019, 133)
    assert film.certificate == "15"
    assert film.genres == ["comedy", "thriller", "drama"]
    assert film.countries == ["KR"]
    assert film.languages == ["ko", "en", "de"]
    assert film.popularity == 75
    assert film.url == "https://www.themoviedb.org/movie/496243"


def test_alternative_titles_are_tagged_by_script_and_country():
    film = tmdb.fetch_one(parasite_server().client(), "496243")
    titles = {(t.title, t.language, t.kind) for t in film.alternative_titles}
    # The US and German "Parasite" is the title already; Brazil has no entry in the table.
    assert titles == {
        ("Gisaengchung", "ko-Latn", "romanised"),
        ("パラサイト 半地下の家族", "ja", "translated"),
        ("寄生虫", "zh-CN", "translated"),
    }


def test_credits_keep_the_jobs_kcinema_shows_and_one_person_per_tmdb_id():
    film = tmdb.fetch_one(parasite_server().client(), "496243")
    roles = [(c.role, c.person.name, c.character, c.order) for c in film.credits]
    assert roles == [
        ("director", "Bong Joon-ho", "", 0),
        ("writer", "Bong Joon-ho", "", 0),
        ("composer", "Jung Jae-il", "", 0),
        ("cast", "Song Kang-ho", "Kim Ki-taek", 0),
        ("cast", "Lee Sun-kyun", "Park Dong-ik", 1),
        ("cast", "Cho Yeo-jeong", "Yeon-kyo", 2),
        ("cast", "Choi Woo-shik", "Ki-woo", 3),
    ]
    director, writer = film.credits[0].person, film.credits[1].person
    assert director is writer
    assert (director.source, director.source_id, director.ids) == (
        Source.TMDB,
        "21684",
        {"tmdb_id": "21684"},
    )
    assert director.name_ko == ""  # TMDB gives no hangul for him: none is made up
    song = film.credits[3].person
    assert song.photo_url == "https://image.tmdb.org/t/p/h632/dyWUKQlNyr7SUAjo58VZXvPODkr.jpg"


def test_hangul_names_and_characters_go_to_the_korean_fields():
    movie = recorded("movie-496243.json")
    movie["credits"] = {
        "cast": [
            {"id": 20738, "name": "Song Kang-ho", "original_name": "송강호", "character": "기택"},
            {"id": 7, "name": "박소담", "original_name": "박소담", "character": "Ki-jung"},
        ],
        "crew": [],
    }
    song, park = tmdb.film_record(movie).credits
    assert (song.person.name, song.person.name_ko) == ("Song Kang-ho", "송강호")
    assert (song.character, song.character_ko) == ("", "기택")
    assert (park.person.name, park.person.name_ko) == ("", "박소담")
    assert (park.character, park.character_ko) == ("Ki-jung", "")


def test_the_poster_is_linked_at_tmdb_and_never_copied():
    film = tmdb.fetch_one(parasite_server().client(), "496243")
    assert film.poster.url == "https://image.tmdb.org/t/p/w780/7IiTTgloJzvGI1TAYymCfbfl3vT.jpg"
    assert (film.poster.licence, film.poster.may_copy) == ("TMDB", False)


def test_without_a_poster_path_the_images_list_gives_one():
    movie = recorded("movie-496243.json")
    movie["poster_path"] = None
    movie["images"]["posters"][0]["file_path"] = "/other.jpg"
    assert tmdb.film_record(movie).poster.url.endswith("/w780/other.jpg")


def test_without_a_korean_release_the_films_own_date_is_taken():
    movie = recorded("movie-496243.json")
    movie["release_dates"]["results"] = movie["release_dates"]["results"][:1]  # France only
    movie["release_date"] = "2019-05-21"
    film = tmdb.film_record(movie)
    assert (film.release_date, film.certificate) == (date(2019, 5, 21), "")


def test_an_unknown_film_is_a_bad_record_not_a_stopped_import():
    server = tmdb_with({})
    with pytest.raises(BadRecord, match="TMDB has no film 1"):
        tmdb.fetch_one(server.client(), "1")


def test_a_film_without_any_title_is_a_bad_record():
    movie = recorded("movie-496243.json")
    movie["original_title"] = movie["title"] = ""
    movie["translations"]["translations"] = []
    with pytest.raises(BadRecord, match="no English or Korean title"):
        tmdb.film_record(movie)


# --- many films ---


def discover_server() -> TMDB:
    return tmdb_with(
        {
            "/3/discover/movie?2019&page=1": [(200, recorded("discover-2019-page-1.json"))],
            "/3/discover/movie?2019&page=2": [(200, recorded("discover-2019-page-2.json"))],
            "/3/movie/496243": [(200, recorded("movie-496243.json"))],
        }
    )


def test_a_year_is_read_page_by_page_and_skipped_films_are_not_asked_for():
    server = discover_server()
    have = {"9000001", "9000002"}
    films = list(tmdb.fetch(server.client(), Scope(years=(2019,)), skip=have.__contains__))
    assert [film.source_id for film in films] == ["496243"]
    discover = [r.url.params for r in server.requests if r.url.path == "/3/discover/movie"]
    pages = [(params["page"], params["with_original_language"]) for params in discover]
    assert pages == [("1", "ko"), ("2", "ko")]
    assert not any(r.url.path.startswith("/3/movie/9") for r in server.requests)


def test_films_tmdb_does_not_know_any_more_are_reported_and_the_run_goes_on():
    server = discover_server()
    found = list(tmdb.fetch(server.client(), Scope(years=(2019,)), skip=lambda _id: False))
    assert [type(item).__name__ for item in found] == ["FilmRecord", "BadRecord", "BadRecord"]
    assert "9000001" in str(found[1])  # ids in order, whatever order the pages gave


def test_a_year_of_more_than_500_pages_is_read_in_halves():
    crowded = recorded("discover-2019-page-2.json") | {"total_pages": 501}
    half = recorded("discover-2019-page-1.json") | {"total_pages": 1}
    server = tmdb_with(
        {
            "/3/discover/movie?2019&page=1": [(200, crowded)],
            "/3/discover/movie?2019-01-01..2019-07-02&page=1": [(200, half)],
            "/3/discover/movie?2019-07-03..2019-12-31&page=1": [
                (200, recorded("discover-2019-page-2.json") | {"total_pages": 1})
            ],
        }
    )
    ids = list(tmdb._ids_in(server.client(), Scope(years=(2019,))))
    assert ids == ["496243", "9000002", "9000001"]


def test_a_single_day_of_more_than_500_pages_says_what_was_left_out():
    crowded = recorded("discover-2019-page-2.json") | {"total_pages": 600}
    server = tmdb_with({"/3/discover/movie?2019-05-30..2019-05-30": [(200, crowded)]})
    found = list(tmdb._discovered(server.client(), date(2019, 5, 30), date(2019, 5, 30)))
    assert len(server.requests) == 500
    assert isinstance(found[0], BadRecord) and found[1:] == ["9000001"]


def test_since_reads_the_films_released_from_that_day():
    server = tmdb_with(
        {
            "/3/discover/movie?2019-11-01..2019-12-31&page=1": [
                (200, recorded("discover-2019-page-2.json") | {"total_pages": 1})
            ]
        }
    )
    scope = Scope(years=(2019,), since=date(2019, 11, 1))
    assert list(tmdb._ids_in(server.client(), scope)) == ["9000001"]


def test_ids_in_scope_are_fetched_and_wrong_ones_reported():
    server = parasite_server()
    scope = Scope(ids=("https://www.themoviedb.org/movie/496243-parasite", "oldboy"))
    found = list(tmdb.fetch(server.client(), scope, skip=lambda _id: False))
    assert found[0].source_id == "496243"
    assert isinstance(found[1], BadRecord) and "oldboy" in str(found[1])


# --- ids ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("496243", "496243"),
        (" 496243 ", "496243"),
        ("https://www.themoviedb.org/movie/496243-parasite", "496243"),
        ("https://www.themoviedb.org/movie/496243-gisaengchung?language=ko", "496243"),
        ("https://www.themoviedb.org/movie/496243/cast", "496243"),
        ("www.themoviedb.org/movie/496243", "496243"),
        ("http://themoviedb.org/movie/496243-parasite", "496243"),
        ("https://www.themoviedb.org/tv/1396-breaking-bad", None),
        ("https://www.themoviedb.org/person/21684-bong-joon-ho", None),
        ("https://example.org/movie/496243", None),
        ("tt6751668", None),
        ("0", None),
        ("", None),
    ],
)
def test_parse_id(text, expected):
    assert tmdb.parse_id(text) == expected


def test_find_turns_an_imdb_id_into_tmdb_film_ids():
    server = tmdb_with({"/3/find/tt6751668": [(200, recorded("find-tt6751668.json"))]})
    assert tmdb.find(server.client(), "tt6751668") == ["496243"]
    assert server.requests[0].url.params["external_source"] == "imdb_id"


def test_find_asks_for_a_wikidata_id_as_such():
    server = tmdb_with({"/3/find/Q61448040": [(200, recorded("find-tt6751668.json"))]})
    assert tmdb.find(server.client(), "Q61448040") == ["496243"]
    assert server.requests[0].url.params["external_source"] == "wikidata_id"


def test_find_refuses_what_is_no_external_id():
    with pytest.raises(ValueError, match="neither"):
        tmdb.find(tmdb_with({}).client(), "496243")


# --- synopses ---


def test_a_long_synopsis_keeps_whole_sentences_within_600_characters():
    sentence = "Ki-taek's family takes peculiar interest in the wealthy Parks. "
    text = sentence * 12
    kept = tmdb.whole_sentences(text)
    assert len(kept) <= 600 and kept.endswith("Parks.")
    assert kept == (sentence * (600 // len(sentence))).strip()


def test_a_first_sentence_longer_than_600_characters_is_cut_at_a_word():
    kept = tmdb.whole_sentences("word " * 200)
    assert len(kept) <= 600 and kept.endswith("word…")
