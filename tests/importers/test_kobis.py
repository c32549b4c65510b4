"""The KOBIS reader against recorded answers, through the real SourceClient."""

import logging
from datetime import date

import pytest

from importers.http import SourceError
from importers.records import BadRecord, FilmRecord, Source
from importers.sources import Scope, kobis
from tests.importers.replay import FIXTURES, Replay

KEY = "kobis0test0key0d3adb33f"
LIST = "searchMovieList.json"
INFO = "searchMovieInfo.json"


@pytest.fixture(autouse=True)
def key(settings):
    settings.KOBIS_API_KEY = KEY


@pytest.fixture
def replay():
    return Replay("kobis")


def film(replay, code, fixture=None):
    replay.answer(INFO, fixture or f"movie_info_{code}.json", movieCd=code)
    return kobis.fetch_one(kobis.client(cache_dir=None, transport=replay.transport()), code)


def credits_of(record: FilmRecord, role: str) -> list[tuple[str, str, str, str]]:
    return [
        (c.person.name_ko, c.person.name, c.character_ko, c.character)
        for c in record.credits
        if c.role == role
    ]


def test_client_without_a_key_says_what_to_set(settings):
    settings.KOBIS_API_KEY = ""
    with pytest.raises(SourceError, match="set KOBIS_API_KEY"):
        kobis.client(cache_dir=None)


@pytest.mark.parametrize(
    "text",
    [
        "20190815",
        " 20190815\n",
        "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieList.do?dtTp=movie&dtCd=20190815",
        "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieDtl.do?code=20190815",
        "http://kobis.or.kr/kobisopenapi/webservice/rest/movie/searchMovieInfo.json?movieCd=20190815",
    ],
)
def test_parse_id_reads_movie_codes_and_kobis_film_addresses(text):
    assert kobis.parse_id(text) == "20190815"


@pytest.mark.parametrize(
    "text",
    ["2019081", "201908150", "F09210", "https://example.com/?movieCd=20190815", "kobis.or.kr"],
)
def test_parse_id_refuses_what_is_not_a_kobis_film(text):
    assert kobis.parse_id(text) is None


def test_film_gives_titles_dates_runtime_countries_grade_genres_and_address(replay):
    record = film(replay, "20190815")

    assert (record.source, record.source_id, record.ids) == (
        Source.KOBIS,
        "20190815",
        {"kobis_id": "20190815"},
    )
    assert (record.original_title, record.title) == ("보이스", "On the Line")
    assert (record.year, record.release_date, record.runtime) == (2021, date(2021, 9, 15), 109)
    assert (record.countries, record.certificate, record.genres) == (
        ["KR"],
        "15",
        ["crime", "action"],
    )
    assert record.url == (
        "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieList.do?dtTp=movie&dtCd=20190815"
    )


def test_film_credits_directors_and_cast_with_their_characters(replay):
    record = film(replay, "20190815")

    assert credits_of(record, "director") == [
        ("김선", "Kim Sun", "", ""),
        ("김곡", "Kim Gok", "", ""),
    ]
    assert credits_of(record, "cast")[0] == ("변요한", "Byun Yo-han", "서준", "")
    assert [c.order for c in record.credits if c.role == "cast"] == [0, 1, 2, 3]


def test_film_credits_the_staff_roles_kcinema_keeps_and_no_others(replay):
    record = film(replay, "20190815")

    names = {
        role: [name for name, *_ in credits_of(record, role)]
        for role in ("writer", "cinematographer", "editor", "producer")
    }
    assert names == {
        "writer": ["배영익", "김곡", "김선"],  # 시나리오(각본), then 각색
        "cinematographer": ["이선영"],
        "editor": ["신민경"],
        "producer": ["민규동", "민진수", "박자명"],  # 제작, then 프로듀서
    }
    assert len(credits_of(record, "composer")) == 9
    credited = {c.person.name_ko for c in record.credits}
    assert not {"최진희", "고석동", "함현경", "유진아"} & credited  # 투자, 조감독, 윤색, VFX


def test_people_of_a_kobis_film_carry_no_kobis_id(replay):
    record = film(replay, "20190815")

    assert {(c.person.source, c.person.source_id, tuple(c.person.ids)) for c in record.credits} == {
        (Source.KOBIS, "", ())
    }


def test_name_listed_twice_in_one_role_is_credited_once(replay):
    record = film(replay, "20200474")  # 기적's music staff lists 김태성 twice

    composers = [name for name, *_ in credits_of(record, "composer")]
    assert composers.count("김태성") == 1


def test_film_year_is_kobis_production_year(replay):
    record = film(replay, "20200474")

    assert (record.year, record.release_date) == (2020, date(2021, 9, 15))


def test_old_grade_and_genres_kcinema_lacks(replay):
    record = film(replay, "19950001")

    assert record.certificate == "all"  # 연소자관람가
    assert record.genres == ["family"]  # 기타 dropped


def test_film_without_a_title_is_a_bad_record_saying_so(replay):
    with pytest.raises(BadRecord, match="20200001: no title"):
        film(replay, "20200001")


def test_film_with_an_impossible_year_is_a_bad_record_saying_so(replay):
    with pytest.raises(BadRecord, match="impossible year 2999"):
        film(replay, "20210003")


def test_fault_answer_stops_with_kobis_message(replay):
    with pytest.raises(SourceError, match=r"유효하지않은 키값입니다\..*320010") as raised:
        film(replay, "20190815", "fault_invalid_key.json")
    assert not isinstance(raised.value, kobis.DailyLimitReached)


def test_fault_repeating_the_key_never_shows_it(replay):
    body = (FIXTURES / "kobis" / "fault_echoing_parameter.json").read_bytes()
    body = body.replace(b"__KEY__", KEY.encode())
    replay.answer_body(INFO, body, movieCd="20190815")

    with pytest.raises(SourceError) as raised:
        kobis.fetch_one(kobis.client(cache_dir=None, transport=replay.transport()), "20190815")
    assert KEY not in str(raised.value)


def test_spent_daily_calls_stop_the_run_saying_to_resume_tomorrow(replay):
    with pytest.raises(kobis.DailyLimitReached, match="again tomorrow"):
        film(replay, "20190815", "fault_daily_limit.json")


def test_fault_answers_are_not_kept_in_the_response_cache(replay, tmp_path):
    replay.answer(INFO, "fault_invalid_key.json", movieCd="20190815")
    reader = kobis.client(cache_dir=tmp_path, transport=replay.transport())
    with pytest.raises(SourceError):
        kobis.fetch_one(reader, "20190815")

    replay.routes.clear()
    replay.answer(INFO, "movie_info_20190815.json", movieCd="20190815")
    assert kobis.fetch_one(reader, "20190815").original_title == "보이스"
    assert len(replay.requests) == 2


def test_key_is_sent_but_kept_out_of_errors_logs_and_cache_names(replay, tmp_path, caplog):
    replay.answer(INFO, "movie_info_20190815.json", movieCd="20190815")
    replay.answer_body(INFO, b"gone", status=404, movieCd="20200474")
    reader = kobis.client(cache_dir=tmp_path, transport=replay.transport())

    with caplog.at_level(logging.DEBUG):
        kobis.fetch_one(reader, "20190815")
        with pytest.raises(SourceError) as raised:
            kobis.fetch_one(reader, "20200474")

    assert replay.requests[0].url.params["key"] == KEY
    assert KEY not in str(raised.value)
    assert "20200474" in str(raised.value)
    assert caplog.records and KEY not in caplog.text
    assert not [path for path in tmp_path.rglob("*") if KEY in str(path)]


def listing(replay):
    """Years 2020 and 2021 of Korean films, two to a page (kobis.PAGE_SIZE is patched)."""
    korean = {"repNationCd": "22041011", "itemPerPage": 2}
    replay.answer(
        LIST, "movie_list_2020_korean_page1.json", prdtStartYear=2020, curPage=1, **korean
    )
    replay.answer(
        LIST, "movie_list_2021_korean_page1.json", prdtStartYear=2021, curPage=1, **korean
    )
    replay.answer(
        LIST, "movie_list_2021_korean_page2.json", prdtStartYear=2021, curPage=2, **korean
    )
    for code in ("20200474", "20200001", "20190815", "20210002", "20210003"):
        replay.answer(INFO, f"movie_info_{code}.json", movieCd=code)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(kobis, "PAGE_SIZE", 2)


def run(replay, *, skip=lambda code: False, **options):
    reader = kobis.client(cache_dir=None, transport=replay.transport())
    return list(kobis.fetch(reader, Scope(years=(2021, 2020)), skip=skip, **options))


def labels(results):
    return [r.source_id if isinstance(r, FilmRecord) else f"bad: {r}" for r in results]


@pytest.mark.usefixtures("small_pages")
def test_fetch_lists_korean_films_by_production_year_page_by_page(replay):
    listing(replay)

    run(replay)

    lists = [r for r in replay.requests if r.url.path.endswith(LIST)]
    assert [
        (r.url.params["prdtStartYear"], r.url.params["prdtEndYear"], r.url.params["curPage"])
        for r in lists
    ] == [("2020", "2020", "1"), ("2021", "2021", "1"), ("2021", "2021", "2")]
    assert {r.url.params["repNationCd"] for r in lists} == {"22041011"}


@pytest.mark.usefixtures("small_pages")
def test_fetch_yields_films_and_bad_records_in_order_and_carries_on(replay):
    listing(replay)

    assert labels(run(replay)) == [
        "20200474",
        "bad: KOBIS 20200001: no title",
        "20190815",
        "20210002",
        "bad: KOBIS 20210003 (연도 시험 영화): impossible year 2999",
    ]


@pytest.mark.usefixtures("small_pages")
def test_fetch_asks_for_each_film_once_however_often_it_is_listed(replay):
    listing(replay)

    run(replay)

    assert len(replay.asked(movieCd="20190815")) == 1  # listed on both pages of 2021


@pytest.mark.usefixtures("small_pages")
def test_fetch_does_not_ask_for_films_skip_accepts(replay):
    listing(replay)
    skipped = []

    results = run(replay, skip=lambda code: skipped.append(code) or code == "20200474")

    assert "20200474" in skipped
    assert not replay.asked(movieCd="20200474")
    assert "20200474" not in labels(results)


@pytest.mark.usefixtures("small_pages")
def test_fetch_can_leave_adult_films_out_without_asking_for_them(replay):
    listing(replay)

    results = run(replay, adult_films=False)

    assert not replay.asked(movieCd="20210002")  # genreAlt 성인물(에로)
    assert "20210002" not in labels(results)


@pytest.mark.usefixtures("small_pages")
def test_fetch_every_country_lists_without_a_nation_and_keeps_foreign_films(replay):
    replay.answer(LIST, "movie_list_2021_every_country_page1.json", prdtStartYear=2021)
    replay.answer(LIST, "movie_list_2021_every_country_page1.json", prdtStartYear=2020)
    replay.answer(INFO, "movie_info_20190815.json", movieCd="20190815")
    replay.answer(INFO, "movie_info_20210087.json", movieCd="20210087")

    results = run(replay, every_country=True)

    assert labels(results) == ["20190815", "20210087"]
    assert results[1].countries == ["US"]
    assert not replay.asked(repNationCd="22041011")


@pytest.mark.usefixtures("small_pages")
def test_fetch_stops_cleanly_before_a_day_of_calls_is_spent(replay):
    listing(replay)
    reader = kobis.client(cache_dir=None, transport=replay.transport())
    films = kobis.fetch(reader, Scope(years=(2020, 2021)), skip=lambda code: False, daily_calls=3)

    got = [next(films), next(films)]  # 3 calls: the 2020 page and both films of it

    with pytest.raises(kobis.DailyLimitReached, match="again tomorrow"):
        next(films)
    assert labels(got) == ["20200474", "bad: KOBIS 20200001: no title"]
    assert len(replay.requests) == 3


def test_fetch_of_some_ids_asks_only_for_them(replay):
    replay.answer(INFO, "movie_info_20190815.json", movieCd="20190815")

    reader = kobis.client(cache_dir=None, transport=replay.transport())
    results = list(kobis.fetch(reader, Scope(ids=("20190815",)), skip=lambda code: False))

    assert labels(results) == ["20190815"]
    assert len(replay.requests) == 1


def test_latin_names_lose_kobis_capitals_only_where_they_are_a_family_name():
    assert kobis.latin_name("LEE Byung-hun") == "Lee Byung-hun"
    assert kobis.latin_name("YU  Jeong-ho") == "Yu Jeong-ho"
    assert kobis.latin_name("Park Kyoung Sook") == "Park Kyoung Sook"
    assert kobis.latin_name("Mahershala Ali") == "Mahershala Ali"
    assert kobis.latin_name("BTS") == "BTS"
