"""The Wikidata reader on recorded answers in Wikidata's formats (tests/importers/fixtures/
wikidata/README.md says which are real and which synthetic), replayed through the real
SourceClient with httpx.MockTransport. Pure parsing: no database, no network."""

import json
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from importers.records import BadRecord, FilmRecord, ImageRecord
from importers.sources import Scope, wikidata

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
FILM = "Q900000010"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class RecordedWikidata:
    """Answers Special:EntityData, wbgetentities and the SPARQL endpoint from fixture files,
    and keeps each request it was sent."""

    def __init__(self, sparql: dict[int, str] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.sparql = sparql or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = request.url
        params = parse_qs(urlsplit(str(url)).query)
        if url.host == "query.wikidata.org":
            year = next(y for y in self.sparql if f"= {y})" in params["query"][0])
            return self.answer(self.sparql[year])
        if url.path.startswith("/wiki/Special:EntityData/"):
            qid = url.path.rsplit("/", 1)[1].removesuffix(".json")
            return self.answer(f"entitydata_{qid}.json")
        if url.path == "/w/api.php" and params["action"] == ["wbgetentities"]:
            return self.people(params["ids"][0].split("|"))
        if url.host == "commons.wikimedia.org" and params.get("prop") == ["imageinfo"]:
            return self.answer("commons_imageinfo.json")
        return httpx.Response(404)

    def answer(self, name: str) -> httpx.Response:
        return httpx.Response(200, content=(FIXTURES / name).read_bytes())

    def people(self, ids: list[str]) -> httpx.Response:
        known = fixture("wbgetentities_people.json")["entities"]
        entities = {qid: known.get(qid, {"id": qid, "missing": ""}) for qid in ids}
        return httpx.Response(200, json={"entities": entities, "success": 1})


def client_for(recorded: RecordedWikidata) -> wikidata.SourceClient:
    return wikidata.client(cache_dir=None, transport=httpx.MockTransport(recorded))


def credits_of(film: FilmRecord) -> list[tuple[str, str, str]]:
    return [(c.role, c.person.source_id, c.person.label) for c in film.credits]


# --- Addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Q483437",
        "q483437",
        " Q483437 ",
        "wd:Q483437",
        "https://www.wikidata.org/wiki/Q483437",
        "http://www.wikidata.org/entity/Q483437",
        "wikidata.org/entity/Q483437",
        "https://m.wikidata.org/wiki/Q483437?uselang=ko",
        "https://www.wikidata.org/wiki/Q483437#P57",
        "https://www.wikidata.org/wiki/Special:EntityData/Q483437.json",
    ],
)
def test_parse_id_reads_ids_and_addresses(text):
    assert wikidata.parse_id(text) == "Q483437"


@pytest.mark.parametrize(
    "text",
    ["", "Q0", "Q012", "P57", "483437", "https://example.org/wiki/Q483437", "Q48x", "tt6751668"],
)
def test_parse_id_refuses_what_is_not_an_item(text):
    assert wikidata.parse_id(text) is None


# --- The network ----------------------------------------------------------------------------


def test_fetch_one_reads_the_film_then_its_people_in_one_wbgetentities_call():
    recorded = RecordedWikidata()
    film = wikidata.fetch_one(client_for(recorded), "https://www.wikidata.org/wiki/Q900000010")
    assert [r.url.path for r in recorded.requests] == [
        "/wiki/Special:EntityData/Q900000010.json",
        "/w/api.php",
    ]
    asked = parse_qs(recorded.requests[1].url.query.decode())
    assert asked["ids"] == ["|".join(f"Q90000010{n}" for n in range(1, 9))]
    assert credits_of(film)[0] == ("director", "Q900000101", "한가람")


def test_requests_carry_a_descriptive_user_agent(settings):
    settings.WIKIDATA_CONTACT = "films@example.org"
    recorded = RecordedWikidata()
    wikidata.fetch_one(client_for(recorded), "Q61448040")
    agent = recorded.requests[0].headers["User-Agent"]
    assert agent.startswith("kcinema-importer/1.0 (films@example.org) httpx/")


def test_people_are_asked_fifty_ids_at_a_time(monkeypatch):
    entity = fixture("entitydata_Q900000010.json")["entities"][FILM]
    entity["claims"]["P161"] = [
        {"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": f"Q{800000000 + n}"}}}}
        for n in range(120)
    ]
    recorded = RecordedWikidata()
    recorded.answer = lambda name: httpx.Response(200, json={"entities": {FILM: entity}})
    wikidata.fetch_one(client_for(recorded), FILM)
    sizes = [
        len(parse_qs(r.url.query.decode())["ids"][0].split("|")) for r in recorded.requests[1:]
    ]
    assert sizes == [50, 50, 25]  # 120 cast members, 5 other people


def test_parasite_carries_the_ids_that_link_the_other_sources():
    film = wikidata.fetch_one(client_for(RecordedWikidata()), "Q61448040")
    assert film.ids == {
        "wikidata_id": "Q61448040",
        "imdb_id": "tt6751668",
        "tmdb_id": "496243",
        "kobis_id": "20183782",
    }
    assert (film.original_title, film.title, film.release_date) == (
        "기생충",
        "Parasite",
        date(2019, 5, 30),
    )
    assert film.url == "https://www.wikidata.org/wiki/Q61448040"


def test_fetch_queries_each_year_of_the_scope_and_skips_films_already_imported():
    recorded = RecordedWikidata(sparql={2013: "sparql_2013.json", 2014: "sparql_2013.json"})
    found = list(
        wikidata.fetch(
            client_for(recorded), Scope(years=(2013, 2014)), skip=lambda qid: qid == "Q900000020"
        )
    )
    assert len(recorded.requests) == 2
    films = [r.source_id for r in found if isinstance(r, FilmRecord)]
    assert films == [FILM]  # Q900000020 skipped, and 2014's repeat of 2013 not yielded again
    assert [str(r) for r in found if isinstance(r, BadRecord)] == [
        "Q900000021: no title in Korean or English"
    ] * 2


def test_the_query_shipped_names_the_year_asked_for():
    query = wikidata.films_query(1961)
    assert "FILTER(YEAR(?published) = 1961)" in query
    assert "wdt:P495 wd:Q884" in query and "wdt:P31/wdt:P279* wd:Q11424" in query


# --- The mapping, from entity JSON ----------------------------------------------------------


@pytest.fixture
def film() -> FilmRecord:
    [found, _city] = list(wikidata.read_file(FIXTURES / "entities_film_and_people.json"))
    return found


def test_labels_become_titles_and_aliases_alternative_titles(film):
    assert (film.original_title, film.title) == ("가상의 기적", "The Imaginary Miracle")
    assert [(t.title, t.language, t.kind) for t in film.alternative_titles] == [
        ("가상 기적", "ko", "other"),
        ("Imaginary Miracle", "en", "other"),  # not the alias that repeats the label
    ]


def test_linking_ids_are_mapped_to_the_catalogue_fields(film):
    assert film.ids == {
        "wikidata_id": FILM,
        "imdb_id": "tt9900000010",
        "tmdb_id": "9000010",
        "kobis_id": "90000010",
        "kmdb_id": "K90010",  # P3704 "K/90010": KMDb's movieId + movieSeq, its DOCID
    }


def test_earliest_publication_date_deprecated_ones_aside(film):
    assert (film.year, film.release_date) == (2013, date(2013, 1, 23))


def test_duration_in_minutes_and_genres_through_the_table(film):
    assert film.runtime == 127
    assert film.genres == ["drama", "comedy"]  # an item the table lacks is dropped
    assert film.countries == ["KR"]


def test_credits_in_role_then_statement_order(film):
    assert credits_of(film) == [
        ("director", "Q900000101", "한가람"),
        ("cast", "Q900000102", "도해솔"),
        ("cast", "Q900000103", "나봄이"),
        ("cast", "Q900000104", "김서연"),
        ("writer", "Q900000101", "한가람"),
        ("composer", "Q900000105", "윤슬기"),
        ("cinematographer", "Q900000106", "류하늘"),
        ("editor", "Q900000107", "서다온"),
    ]  # the somevalue cast member and the producer with no entity are left out
    assert [c.order for c in film.credits if c.role == "cast"] == [0, 1, 2]


def test_people_names_ids_and_day_precise_dates(film):
    people = {c.person.source_id: c.person for c in film.credits}
    director = people["Q900000101"]
    assert (director.name, director.name_ko) == ("Han Ga-ram", "한가람")
    assert director.ids == {
        "wikidata_id": "Q900000101",
        "imdb_id": "nm9900000101",
        "tmdb_id": "9000101",
        "kmdb_id": "00900101",  # P1649
    }
    assert director.birth_date == date(1970, 3, 14)
    assert people["Q900000102"].birth_date is None  # known to the year only
    assert (people["Q900000104"].name, people["Q900000104"].death_date) == (
        "Kim Seo-yeon",  # the language-neutral "mul" label, in Latin letters
        date(2020, 11, 30),
    )
    assert (people["Q900000105"].name, people["Q900000105"].name_ko) == ("", "윤슬기")
    assert people["Q900000107"].ids == {"wikidata_id": "Q900000107"}  # "12345" is no nm id


@pytest.mark.parametrize(
    ("time", "precision", "expected"),
    [
        ("+2013-01-23T00:00:00Z", 11, (2013, date(2013, 1, 23))),
        ("+2013-01-00T00:00:00Z", 10, (2013, None)),
        ("+2013-00-00T00:00:00Z", 9, (2013, None)),
        ("+2010-00-00T00:00:00Z", 8, (None, None)),  # a decade
        ("+2013-02-30T00:00:00Z", 11, (2013, None)),
        ("-0044-03-15T00:00:00Z", 11, (None, None)),
        ("2013-01-23T00:00:00Z", 11, (2013, date(2013, 1, 23))),  # as SPARQL gives it
    ],
)
def test_time_precision_decides_year_and_date(time, precision, expected):
    assert wikidata.wikidata_time({"time": time, "precision": precision}) == expected


def test_a_year_precise_date_gives_the_year_and_no_release_date():
    entity = fixture("entitydata_Q61448040.json")["entities"]["Q61448040"]
    entity["claims"]["P577"][0]["mainsnak"]["datavalue"]["value"].update(
        time="+2019-00-00T00:00:00Z", precision=9
    )
    film = wikidata.film_record(entity, lambda qid: None)
    assert (film.year, film.release_date) == (2019, None)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        ("+127", "http://www.wikidata.org/entity/Q7727", 127),
        ("+126.6", "http://www.wikidata.org/entity/Q7727", 127),
        ("+2", "http://www.wikidata.org/entity/Q900000999", None),  # not the minute
        ("+0", "http://www.wikidata.org/entity/Q7727", None),
    ],
)
def test_duration_is_read_in_minutes_only(amount, unit, expected):
    entity = fixture("entitydata_Q61448040.json")["entities"]["Q61448040"]
    entity["claims"]["P2047"] = [
        {"mainsnak": {"datavalue": {"value": {"amount": amount, "unit": unit}}}, "rank": "normal"}
    ]
    assert wikidata.film_record(entity, lambda qid: None).runtime == expected


# --- Skipped records ------------------------------------------------------------------------


def test_dump_lines_yield_films_and_say_why_the_others_are_skipped():
    found = list(wikidata.read_file(FIXTURES / "dump_lines.json"))
    assert [r.source_id for r in found if isinstance(r, FilmRecord)] == [FILM, "Q900000014"]
    assert [str(r) for r in found if isinstance(r, BadRecord)] == [
        "line 5: not JSON",
        "line 6: Q900000011: country of origin is not South Korea",
        "line 8: Q900000012: no title in Korean or English",
        "line 10: Q900000013: impossible year 1700",
        "line 12: Q900000200 is not a film",
    ]


def test_dump_film_reads_its_people_from_lines_before_and_after_it():
    [film, *_] = wikidata.read_file(FIXTURES / "dump_lines.json")
    assert len(film.credits) == 8


def test_plain_json_lines_read_as_the_dump(tmp_path):
    lines = (FIXTURES / "dump_lines.json").read_text(encoding="utf-8").splitlines()
    plain = [line.rstrip(",") for line in lines if line not in ("[", "]")]
    (tmp_path / "films.jsonl").write_text("\n".join(plain) + "\n", encoding="utf-8")
    found = list(wikidata.read_file(tmp_path / "films.jsonl"))
    assert [r.source_id for r in found if isinstance(r, FilmRecord)] == [FILM, "Q900000014"]


def test_a_line_in_another_encoding_is_skipped_with_its_number(tmp_path):
    path = tmp_path / "dump.json"
    shutil.copy(FIXTURES / "dump_lines.json", path)
    with path.open("ab") as handle:
        handle.write('{"type":"item","id":"Q900000016","labels":{"ko":"가"}}\n'.encode("euc-kr"))
    assert str(list(wikidata.read_file(path))[-1]) == "line 17: not UTF-8 text"


def test_an_entity_document_reports_unrelated_items_and_keeps_people_quiet(film):
    found = list(wikidata.read_file(FIXTURES / "entities_film_and_people.json"))
    assert [str(r) for r in found if isinstance(r, BadRecord)] == ["Q900000200: not a film"]


def test_an_item_of_no_film_class_is_not_a_film():
    entity = fixture("entitydata_Q61448040.json")["entities"]["Q61448040"]
    entity["claims"]["P31"][0]["mainsnak"]["datavalue"]["value"]["id"] = "Q5398426"
    with pytest.raises(BadRecord, match="Q61448040: not a film"):
        wikidata.film_record(entity, lambda qid: None)


def test_a_film_typed_by_its_genre_is_a_film():
    entity = fixture("entitydata_Q61448040.json")["entities"]["Q61448040"]
    entity["claims"]["P31"][0]["mainsnak"]["datavalue"]["value"]["id"] = "Q2484376"
    assert wikidata.film_record(entity, lambda qid: None).source_id == "Q61448040"


# --- SPARQL results -------------------------------------------------------------------------


def test_sparql_rows_are_folded_into_one_record_a_film():
    found = list(wikidata.read_file(FIXTURES / "sparql_2013.json"))
    film, year_only, no_title = found
    assert (film.source_id, film.original_title, film.title) == (
        FILM,
        "가상의 기적",
        "The Imaginary Miracle",
    )
    assert (film.year, film.release_date, film.runtime, film.genres) == (
        2013,
        date(2013, 1, 23),
        127,
        ["drama"],
    )
    assert film.ids["kmdb_id"] == "K90010"
    assert (year_only.year, year_only.release_date, year_only.runtime) == (2013, None, None)
    assert str(no_title) == "Q900000021: no title in Korean or English"


def test_sparql_cast_follows_the_series_ordinal_and_people_merge_their_rows():
    [film, *_] = wikidata.read_file(FIXTURES / "sparql_2013.json")
    assert credits_of(film) == [
        ("director", "Q900000101", "한가람"),
        ("cast", "Q900000102", "도해솔"),  # ordinal 1, on two rows
        ("cast", "Q900000103", "나봄이"),  # ordinal 2, first in the answer
    ]
    actor = film.credits[1].person
    assert actor.ids == {"wikidata_id": "Q900000102", "imdb_id": "nm9900000102"}
    assert actor.birth_date is None  # year precision
    assert film.credits[0].person.birth_date == date(1970, 3, 14)
    assert film.credits[0].person.ids["kmdb_id"] == "00900101"  # ?personKmdb, P1649


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("dump_lines.json", "lines"),
        ("entities_film_and_people.json", "entities"),
        ("entitydata_Q61448040.json", "entities"),
        ("wbgetentities_people.json", "entities"),
        ("sparql_2013.json", "sparql"),
    ],
)
def test_the_format_is_told_from_the_file(name, kind):
    assert wikidata.detect_format(FIXTURES / name)[0] == kind


def test_a_one_line_document_is_told_from_dump_lines(tmp_path):
    path = tmp_path / "one-line.json"
    path.write_text(json.dumps(fixture("sparql_2013.json")), encoding="utf-8")
    assert wikidata.detect_format(path)[0] == "sparql"


# --- Images (P18), their licences from Commons ----------------------------------------------

POSTER = "The Imaginary Miracle (2013) poster.jpg"
POSTER_URL = (
    "https://commons.wikimedia.org/wiki/Special:FilePath/"
    "The_Imaginary_Miracle_%282013%29_poster.jpg?width=960"
)


def with_image(entity: dict, name: str) -> dict:
    entity["claims"]["P18"] = [
        {"mainsnak": {"snaktype": "value", "datavalue": {"value": name}}, "rank": "normal"}
    ]
    return entity


def test_an_image_read_from_a_file_is_linked_its_licence_unknown():
    entity = with_image(fixture("entitydata_Q900000010.json")["entities"][FILM], POSTER)
    [film] = list(wikidata.entity_document_films({"entities": {FILM: entity}}))
    assert film.poster == ImageRecord(url=POSTER_URL, licence="", may_copy=False)


def test_fetch_one_asks_commons_for_the_licence_and_a_free_image_may_be_copied():
    entity = with_image(fixture("entitydata_Q900000010.json")["entities"][FILM], POSTER)
    recorded = RecordedWikidata()
    recorded.answer = lambda name: httpx.Response(
        200,
        content=json.dumps({"entities": {FILM: entity}}).encode()
        if name.startswith("entitydata")
        else (FIXTURES / name).read_bytes(),
    )
    film = wikidata.fetch_one(client_for(recorded), FILM)
    assert film.poster == ImageRecord(
        url=POSTER_URL, licence="CC BY-SA 4.0", may_copy=True, credit="Kim Min-ji & Lee Ha-na"
    )
    [commons] = [r for r in recorded.requests if r.url.host == "commons.wikimedia.org"]
    asked = parse_qs(commons.url.query.decode())
    assert asked["titles"] == [f"File:{POSTER}"]
    assert (asked["iiprop"], asked["formatversion"]) == (["extmetadata"], ["2"])


def test_sparql_images_are_commons_addresses_and_only_free_ones_may_be_copied():
    document = fixture("sparql_2013.json")
    for qid, name in (
        (FILM, "The%20Imaginary%20Miracle%20%282013%29%20poster.jpg"),
        ("Q900000020", "the%20Imaginary%20Miracle%20set%20photograph.jpg"),
    ):
        document["results"]["bindings"].append(
            {
                "film": {"type": "uri", "value": f"http://www.wikidata.org/entity/{qid}"},
                "field": {"type": "literal", "value": "P18"},
                "value": {
                    "type": "uri",
                    "value": f"http://commons.wikimedia.org/wiki/Special:FilePath/{name}",
                },
            }
        )
    recorded = RecordedWikidata(sparql={2013: "sparql_2013.json"})
    recorded.answer = lambda name: (
        httpx.Response(200, json=document)
        if name == "sparql_2013.json"
        else httpx.Response(200, content=(FIXTURES / name).read_bytes())
    )
    found = list(wikidata.fetch(client_for(recorded), Scope(years=(2013,)), skip=lambda q: False))
    posters = {r.source_id: r.poster for r in found if isinstance(r, FilmRecord)}
    assert posters[FILM].may_copy and posters[FILM].url == POSTER_URL
    assert posters["Q900000020"].licence == "CC BY-NC-SA 4.0"
    assert not posters["Q900000020"].may_copy  # NonCommercial: linked, not copied
    assert len([r for r in recorded.requests if r.url.host == "commons.wikimedia.org"]) == 1
