"""The KMDb reader against recorded answers, through the real SourceClient."""

import logging
from datetime import date

import pytest

from importers.certificates import ADULTS, certificate
from importers.http import SourceError
from importers.records import BadRecord, FilmRecord, ImageRecord, Source, TitleRecord
from importers.sources import Scope, kmdb
from tests.importers.replay import Replay

KEY = "KMDB0TEST0KEY0XYZ"
SEARCH = "search_json2.jsp"


@pytest.fixture(autouse=True)
def key(settings):
    settings.KMDB_API_KEY = KEY


@pytest.fixture
def replay():
    return Replay("kmdb")


def reader(replay, cache_dir=None):
    return kmdb.client(cache_dir=cache_dir, transport=replay.transport())


def film(replay, docid, fixture=None):
    replay.answer(SEARCH, fixture or f"movie_{docid}.json", movieId=docid[0], movieSeq=docid[1:])
    return kmdb.fetch_one(reader(replay), docid)


def credits_of(record: FilmRecord, role: str) -> list[tuple[str, str, str]]:
    return [
        (c.person.name_ko, c.person.source_id, c.character_ko)
        for c in record.credits
        if c.role == role
    ]


def test_client_without_a_key_says_what_to_set(settings):
    settings.KMDB_API_KEY = ""
    with pytest.raises(SourceError, match="set KMDB_API_KEY"):
        kmdb.client(cache_dir=None)


@pytest.mark.parametrize(
    ("text", "docid"),
    [
        ("F09210", "F09210"),
        (" k32775 ", "K32775"),
        ("https://www.kmdb.or.kr/db/kor/detail/movie/F/09210", "F09210"),
        ("https://www.kmdb.or.kr/db/kor/detail/movie/K/22692/own/image", "K22692"),
        ("https://www.kmdb.or.kr/db/kor/detail/movie?movieId=F&movieSeq=09210", "F09210"),
    ],
)
def test_parse_id_reads_docids_and_kmdb_film_addresses(text, docid):
    assert kmdb.parse_id(text) == docid


@pytest.mark.parametrize(
    "text",
    ["20124079", "F1234", "FF09210", "https://example.com/db/kor/detail/movie/F/09210", ""],
)
def test_parse_id_refuses_what_is_not_a_kmdb_film(text):
    assert kmdb.parse_id(text) is None


def test_fetch_one_asks_for_the_film_by_movie_id_and_seq_with_every_detail(replay):
    film(replay, "K32143")

    (request,) = replay.requests
    assert request.url.params["collection"] == "kmdb_new2"
    assert request.url.params["detail"] == "Y"
    assert request.url.params["ServiceKey"] == KEY


def test_film_gives_clean_titles_year_dates_runtime_grade_genres_and_address(replay):
    record = film(replay, "K32143")

    assert (record.source, record.source_id, record.ids) == (
        Source.KMDB,
        "K32143",
        {"kmdb_id": "K32143"},
    )
    assert record.original_title == "생각 그런거 없는데요"  # " 생각 그런거 없는데요" as recorded
    assert (record.year, record.release_date, record.runtime) == (2022, date(2023, 1, 24), 79)
    assert (record.countries, record.certificate, record.genres) == (["KR"], "12", ["drama"])
    assert record.url == "https://www.kmdb.or.kr/db/kor/detail/movie/K/32143"


def test_english_and_romanisation_become_two_alternative_titles(replay):
    record = film(replay, "K32143")  # "Think? What's That? (Saenggang geureongeo eomneundeyo)"

    assert (record.title, record.romanised_title) == (
        "Think? What's That?",
        "Saenggang geureongeo eomneundeyo",
    )
    assert record.alternative_titles == [
        TitleRecord("Think? What's That?", "en", "international"),
        TitleRecord("Saenggang geureongeo eomneundeyo", "ko-Latn", "romanised"),
    ]


@pytest.mark.parametrize(
    ("title_eng", "korean", "parts"),
    [
        (
            "Joint Security Area (Gongdonggyeongbiguyeok)",
            True,
            ("Joint Security Area", "Gongdonggyeongbiguyeok"),
        ),
        ("Another Child (Mi-seong-nyeon)", True, ("Another Child", "Mi-seong-nyeon")),
        ("The Host (Director's Cut)", True, ("The Host (Director's Cut)", "")),
        ("Tale (Love story)", True, ("Tale (Love story)", "")),
        ("Shelter (Gongdong)", False, ("Shelter (Gongdong)", "")),
        ("Gangnam Zombie", True, ("Gangnam Zombie", "")),
        ("강남좀비", True, ("", "")),
    ],
)
def test_title_eng_is_split_only_where_the_brackets_hold_a_romanisation(title_eng, korean, parts):
    assert kmdb.split_title(title_eng, korean=korean) == parts


def test_korean_plot_gives_plot_and_synopsis_in_whole_sentences(replay):
    record = film(replay, "K32143")

    assert record.plot_ko.startswith("주말, 스튜디오 촬영 현장. 배우 지우와 PD 하나가 만난다.")
    assert record.synopsis_ko == record.plot_ko  # short enough to be its own synopsis
    assert (record.plot, record.synopsis) == ("", "")


def test_film_with_korean_and_english_plots_gives_both(replay):
    record = film(replay, "F40934")

    assert record.plot_ko.startswith("2045년, 암울한 현실과 달리")
    assert record.plot.startswith("In the year 2045, the real world is a harsh place.")
    # the English plot is longer than a synopsis: its first four sentences
    assert record.synopsis.endswith("to find a worthy heir.")
    assert len(record.synopsis) <= 600 < len(record.plot)


def test_film_rated_twice_takes_its_main_rating(replay):
    record = film(replay, "F40934")  # ratingMain "N||Y", ratingGrade "12세관람가||12세관람가"

    assert record.certificate == "12"
    assert record.runtime == 140


def test_kmdb_spelling_of_the_adult_grade_is_known():
    assert certificate("18세관람가(청소년관람불가)") == ADULTS


def test_foreign_film_title_is_its_english_title_and_genres_are_mapped(replay):
    record = film(replay, "F40934")

    assert (record.original_title, record.title, record.romanised_title) == (
        "레디 플레이어 원",
        "Ready player one",
        "",
    )
    assert record.genres == ["action", "science-fiction", "adventure"]
    assert record.countries == ["US"]


def test_people_keep_their_eight_digit_kmdb_id(replay):
    record = film(replay, "K32143")

    assert credits_of(record, "director") == [("하나", "00210434", "")]
    assert credits_of(record, "cast") == [
        ("서지우", "", ""),  # no KMDb page: no id
        ("하나", "00210434", ""),
        ("김민기", "", ""),
    ]
    assert {c.person.source for c in record.credits} == {Source.KMDB}
    assert {c.person.source_id: c.person.ids for c in record.credits} == {
        "00210434": {"kmdb_id": "00210434"},
        "": {},
    }


def test_staff_list_gives_roles_and_characters_and_the_cast_list_the_rest(replay):
    record = film(replay, "F40934")

    assert credits_of(record, "writer") == [("어니 클라인", "", ""), ("자크 펜", "00124985", "")]
    assert credits_of(record, "cast") == [
        ("마크 라이런스", "00100201", "제임스 도노반 할리데이 / 아노락"),
        ("사이먼 페그", "00116614", "오르젠 모로우 / Og"),
        ("올리비아 쿡", "00185942", "사만다 에벨린 쿡 / 아르테미스"),
        ("타이 쉐리던", "00175987", ""),  # in the actors list only
        ("리나 웨이스", "", ""),
    ]
    assert credits_of(record, "director") == [("스티븐 스필버그", "00048320", "")]
    assert [c.order for c in record.credits if c.role == "cast"] == [0, 1, 2, 3, 4]


def test_staff_roles_kcinema_does_not_credit_are_left_out(replay):
    record = film(replay, "K32143")

    assert credits_of(record, "producer") == [("박지선", "", "")]  # 프로듀서
    assert credits_of(record, "cinematographer") == [("김지현", "", ""), ("박지선", "", "")]
    assert credits_of(record, "editor") == [("하나", "00210434", "")]
    assert not {"양엄지", "김윤지", "이우정", "우리우리"} & {
        c.person.name_ko for c in record.credits
    }


def test_first_poster_is_linked_not_copied(replay):
    record = film(replay, "K32143")

    assert record.poster == ImageRecord(
        "http://file.koreafilm.or.kr/thm/02/99/17/93/tn_DPK020154.jpg",
        licence="KMDb",
        may_copy=False,
    )


def test_highlight_markers_and_stray_spaces_leave_titles(replay):
    record = film(replay, "K32775", "search_highlighted.json")  # "  !HS 강남좀비 !HE "

    assert record.original_title == "강남좀비"


def test_film_kmdb_does_not_have_is_a_bad_record(replay):
    with pytest.raises(BadRecord, match="KMDb has no film K32143"):
        film(replay, "K32143", "empty.json")


def test_fetch_one_refuses_what_is_not_a_docid(replay):
    with pytest.raises(BadRecord, match="not a KMDb id"):
        kmdb.fetch_one(reader(replay), "20124079")
    assert not replay.requests


def test_answer_without_results_stops_the_run_and_is_not_cached(replay, tmp_path):
    replay.answer_body(SEARCH, b'{"error": "something KMDb says"}', movieSeq="32143")
    client = reader(replay, tmp_path)
    with pytest.raises(SourceError, match="without search results"):
        kmdb.fetch_one(client, "K32143")

    replay.routes.clear()
    replay.answer(SEARCH, "movie_K32143.json", movieSeq="32143")
    assert kmdb.fetch_one(client, "K32143").source_id == "K32143"
    assert len(replay.requests) == 2


def test_key_is_sent_but_kept_out_of_errors_logs_and_cache_names(replay, tmp_path, caplog):
    replay.answer(SEARCH, "movie_K32143.json", movieSeq="32143")
    replay.answer_body(SEARCH, b"gone", status=404, movieSeq="32775")
    client = reader(replay, tmp_path)

    with caplog.at_level(logging.DEBUG):
        kmdb.fetch_one(client, "K32143")
        with pytest.raises(SourceError) as raised:
            kmdb.fetch_one(client, "K32775")

    assert replay.requests[0].url.params["ServiceKey"] == KEY
    assert KEY not in str(raised.value)
    assert caplog.records and KEY not in caplog.text
    assert not [path for path in tmp_path.rglob("*") if KEY in str(path)]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(kmdb, "PAGE_SIZE", 2)


def releases_of_2023(replay, **params):
    replay.answer(SEARCH, "list_2023_korean_page1.json", startCount=0, **params)
    replay.answer(SEARCH, "list_2023_korean_page2.json", startCount=2, **params)


def run(replay, *, skip=lambda docid: False, **options):
    return list(kmdb.fetch(reader(replay), Scope(years=(2023,)), skip=skip, **options))


def labels(results):
    return [r.source_id if isinstance(r, FilmRecord) else f"bad: {r}" for r in results]


@pytest.mark.usefixtures("small_pages")
def test_fetch_lists_korean_releases_of_each_year_page_by_page(replay):
    releases_of_2023(replay)

    run(replay)

    assert [
        (
            r.url.params["releaseDts"],
            r.url.params["releaseDte"],
            r.url.params["nation"],
            r.url.params["listCount"],
            r.url.params["startCount"],
        )
        for r in replay.requests
    ] == [
        ("20230101", "20231231", "대한민국", "2", "0"),
        ("20230101", "20231231", "대한민국", "2", "2"),
    ]


@pytest.mark.usefixtures("small_pages")
def test_fetch_yields_films_and_bad_records_in_order_and_carries_on(replay):
    releases_of_2023(replay)

    assert labels(run(replay)) == [
        "K32775",
        "K32143",
        "bad: KMDb K99901: no title",
        "bad: KMDb K99902 (연도 시험 영화): impossible year 1066",
    ]


@pytest.mark.usefixtures("small_pages")
def test_fetch_passes_over_films_skip_accepts(replay):
    releases_of_2023(replay)

    assert "K32143" not in labels(run(replay, skip=lambda docid: docid == "K32143"))


@pytest.mark.usefixtures("small_pages")
def test_fetch_every_country_asks_without_a_nation(replay):
    releases_of_2023(replay)

    run(replay, every_country=True)

    assert all("nation" not in r.url.params for r in replay.requests)


def test_fetch_of_some_ids_asks_only_for_them(replay):
    replay.answer(SEARCH, "movie_K32143.json", movieSeq="32143")

    results = list(kmdb.fetch(reader(replay), Scope(ids=("K32143",)), skip=lambda d: False))

    assert labels(results) == ["K32143"]
    assert len(replay.requests) == 1
