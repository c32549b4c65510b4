"""Reading kcinema's own catalogue files (importers.sources.files): both forms, every reason a
film is refused, and the whole-file errors."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from importers import schema
from importers.genres import GENRES
from importers.records import BadRecord, FilmRecord, Source
from importers.sources import files
from importers.sources.files import read_file, read_genres

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"
HEADER = "title,original_title,year,release_date,runtime,certificate,genres,directors,cast,kobis_id"
PARASITE = (
    "Parasite,기생충,2019,2019-05-30,132,15세이상관람가,드라마|thriller,"
    "봉준호 (Bong Joon-ho),송강호 (Song Kang-ho)|이선균|Park So-dam,20183782"
)


def csv_file(tmp_path: Path, *rows: str, name: str = "films.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def json_file(tmp_path: Path, document: dict, name: str = "films.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def catalogue(*films: dict, people: list | None = None, **header) -> dict:
    return {
        "format": "kcinema-catalogue",
        "version": 1,
        **header,
        "genres": [],
        "people": people or [],
        "films": list(films),
    }


def only_record(path: Path) -> FilmRecord | BadRecord:
    (record,) = read_file(path)
    return record


# --- CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False], ids=["excel-bom", "no-bom"])
def test_a_csv_row_becomes_a_film_record(tmp_path, bom):
    film = only_record(csv_file(tmp_path, HEADER, PARASITE, bom=bom))
    assert isinstance(film, FilmRecord)
    assert (film.source, film.source_id) == (Source.FILE, "기생충|2019")
    assert (film.title, film.original_title, film.year) == ("Parasite", "기생충", 2019)
    assert (film.release_date, film.runtime) == (date(2019, 5, 30), 132)
    assert film.certificate == "15"
    assert film.genres == ["drama", "thriller"]
    assert film.ids == {"kobis_id": "20183782"}
    assert [(c.role, c.person.name_ko, c.person.name, c.order) for c in film.credits] == [
        ("director", "봉준호", "Bong Joon-ho", 0),
        ("cast", "송강호", "Song Kang-ho", 1),
        ("cast", "이선균", "", 2),
        ("cast", "", "Park So-dam", 3),
    ]
    assert all(not c.person.ids and not c.person.source_id for c in film.credits)


def test_a_csv_file_is_known_by_its_content_whatever_its_name(tmp_path):
    film = only_record(csv_file(tmp_path, HEADER, PARASITE, name="films.json"))
    assert isinstance(film, FilmRecord)


def test_csv_columns_come_in_any_order_and_cells_may_be_quoted(tmp_path):
    path = csv_file(
        tmp_path,
        "year,synopsis,title",
        '2019,"A poor family, one by one, takes work in a rich house.\nThen the flood.",Parasite',
    )
    film = only_record(path)
    assert film.synopsis.startswith("A poor family, one by one")
    assert film.source_id == "Parasite|2019"


def test_a_tab_separated_file_is_read_too(tmp_path):
    film = only_record(csv_file(tmp_path, "original_title\tyear", "기생충\t2019", name="f.tsv"))
    assert (film.original_title, film.year) == ("기생충", 2019)


def test_a_release_date_gives_the_year_left_out(tmp_path):
    film = only_record(csv_file(tmp_path, "original_title,release_date", "기생충,2019. 5. 30."))
    assert (film.year, film.release_date) == (2019, date(2019, 5, 30))


def test_empty_rows_at_the_end_are_skipped(tmp_path):
    records = list(read_file(csv_file(tmp_path, HEADER, PARASITE, ",,,,,,,,,", "")))
    assert len(records) == 1


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"title": "", "original_title": ""}, "no title (give title, original_title or both)"),
        ({"year": "3019"}, "impossible year 3019 (from 1888 to 2100)"),
        ({"year": "1066"}, "impossible year 1066 (from 1888 to 2100)"),
        ({"year": "twenty"}, "year 'twenty' is not a whole number"),
        ({"release_date": "2019-02-30"}, "bad release_date '2019-02-30': not a date"),
        ({"release_date": "30/05/2019"}, "bad release_date '30/05/2019': not a date"),
        ({"runtime": "0"}, "runtime out of range: 0 (from 1 to 1500)"),
        ({"certificate": "19금"}, "unknown certificate '19금'"),
        ({"genres": "드라마|느와르"}, "unknown genre '느와르'"),
        ({"kobis_id": "2018-3782"}, "bad kobis_id '2018-3782': A KOBIS code is 6 to 10 digits"),
        ({"wikidata_id": "61448040"}, "bad wikidata_id '61448040': A Wikidata id looks like"),
        ({"kmdb_id": "09210"}, "bad kmdb_id '09210': A KMDb id is a letter and 5 to 8 digits"),
        ({"imdb_id": "nm0094435"}, "bad imdb_id 'nm0094435': An IMDb title id looks like"),
        ({"tmdb_id": "tt6751668"}, "tmdb_id 'tt6751668' is not a whole number"),
        ({"synopsis": "가" * 601}, "synopsis is longer than 600 characters"),
    ],
)
def test_a_bad_row_is_refused_with_its_row_number_and_reason(tmp_path, cells, reason):
    good = {"title": "Parasite", "original_title": "기생충", "year": "2019"}
    row = good | cells
    path = csv_file(
        tmp_path,
        ",".join(row),
        ",".join(row.values()),
        "The Host,괴물,2006" + "," * (len(row) - 3),
    )
    bad, after = read_file(path)
    assert isinstance(bad, BadRecord)
    assert str(bad).startswith("row 2")
    assert reason in str(bad)
    assert isinstance(after, FilmRecord)  # reading carries on
    assert after.source_id == "괴물|2006"


def test_every_reason_of_a_row_is_given_at_once(tmp_path):
    path = csv_file(tmp_path, "title,year,certificate", "Parasite,3019,19금")
    assert str(only_record(path)) == (
        "row 2 (Parasite): impossible year 3019 (from 1888 to 2100); unknown certificate "
        "'19금' (one of all, 12, 15, 18, restricted, or a Korean label such as 15세이상관람가)"
    )


def test_the_same_film_twice_is_refused_the_second_time(tmp_path):
    records = list(read_file(csv_file(tmp_path, HEADER, PARASITE, PARASITE)))
    assert isinstance(records[0], FilmRecord)
    assert str(records[1]).endswith(
        "the same film as row 2 (기생충, 2019) (기생충|2019); two films of one title and year "
        "need a slug each to tell them apart"
    )


def test_a_slug_tells_apart_two_films_of_one_title_and_year(tmp_path):
    path = csv_file(tmp_path, "original_title,year,slug", "사랑,1957,sarang-1957", "사랑,1957,")
    assert [record.source_id for record in read_file(path)] == ["sarang-1957", "사랑|1957"]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("title,year,orginal_title", "unknown column 'orginal_title' in the header row"),
        ("title,year,title", "the column 'title' is given twice"),
        ("year,synopsis", "needs a title or an original_title column"),
        ("title,synopsis", "needs a year or a release_date column"),
    ],
)
def test_a_csv_header_without_what_is_needed_refuses_the_file(tmp_path, header, problem):
    record = only_record(csv_file(tmp_path, header, "Parasite,2019,기생충"))
    assert str(record).startswith("films.csv: ")
    assert problem in str(record)


def test_a_file_in_euc_kr_is_refused_whole(tmp_path):
    path = tmp_path / "films.csv"
    path.write_bytes(f"{HEADER}\r\n{PARASITE}\r\n".encode("euc-kr"))
    record = only_record(path)
    assert isinstance(record, BadRecord)
    assert str(record).startswith("films.csv: the file is not UTF-8; save it as UTF-8")
    assert "line 2" in str(record)
    assert "EUC-KR" in str(record)


def test_an_excel_workbook_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "films.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    assert "save it as CSV UTF-8" in str(only_record(path))


def test_an_empty_file_says_so(tmp_path):
    assert str(only_record(csv_file(tmp_path, ""))) == "films.csv: the file is empty"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("봉준호 (Bong Joon-ho)", ("봉준호", "Bong Joon-ho")),
        ("Bong Joon-ho (봉준호)", ("봉준호", "Bong Joon-ho")),
        ("  봉준호  ", ("봉준호", "")),
        ("Don Lee (Ma Dong-seok)", ("", "Don Lee (Ma Dong-seok)")),
        ("Tilda Swinton", ("", "Tilda Swinton")),
    ],
)
def test_a_person_cell_gives_the_hangul_and_the_latin_name(text, expected):
    assert schema.split_person_cell(text) == expected


# --- JSON ---------------------------------------------------------------------------------


BONG = {"key": "bong-joon-ho", "name": "Bong Joon-ho", "name_ko": "봉준호"}
FILM = {"slug": "parasite-2019", "title": "Parasite", "original_title": "기생충", "year": 2019}


def test_a_json_film_refers_to_its_people_by_key(tmp_path):
    person = BONG | {"birth_date": "1969-09-14", "wikidata_id": "Q495980", "tmdb_id": 21684}
    credit = {"person": "bong-joon-ho", "role": "director"}
    path = json_file(tmp_path, catalogue(FILM | {"credits": [credit]}, people=[person]))
    film = only_record(path)
    assert film.source_id == "parasite-2019"
    (director,) = film.directors()
    assert (director.source, director.source_id) == (Source.FILE, "bong-joon-ho")
    assert (director.name, director.name_ko, director.birth_date) == (
        "Bong Joon-ho",
        "봉준호",
        date(1969, 9, 14),
    )
    assert director.ids == {"wikidata_id": "Q495980", "tmdb_id": "21684"}


def test_a_json_film_without_a_slug_is_known_by_title_and_year(tmp_path):
    film = only_record(json_file(tmp_path, catalogue({"title": "Parasite", "year": 2019})))
    assert film.source_id == "Parasite|2019"


def test_a_hand_written_credit_may_give_its_person_in_place(tmp_path):
    credit = {"person": {"name_ko": "봉준호"}, "role": "director"}
    film = only_record(json_file(tmp_path, catalogue(FILM | {"credits": [credit]})))
    assert [(p.name_ko, p.source_id, p.ids) for p in film.directors()] == [("봉준호", "", {})]


def test_a_json_file_is_known_by_its_content_whatever_its_name(tmp_path):
    film = only_record(json_file(tmp_path, catalogue(FILM), name="export.csv"))
    assert film.source_id == "parasite-2019"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "", "original_title": None}, "no title (give title, original_title or both)"),
        ({"year": 3019}, "impossible year 3019 (from 1888 to 2100)"),
        ({"year": None}, "no year (give year or release_date)"),
        ({"release_date": "2019-13-01"}, "bad release_date '2019-13-01': not a date"),
        ({"certificate": "PG-13"}, "unknown certificate 'PG-13'"),
        ({"imdb_id": "tt12"}, "bad imdb_id 'tt12': An IMDb title id looks like tt2624704."),
        ({"countries": ["Korea"]}, "countries[0] is longer than 3 characters"),
        ({"languages": ["k1"]}, "bad languages 'k1'"),
        ({"genres": ["noir"]}, "unknown genre 'noir' (not in the file's genres list)"),
        ({"poster": "posters/parasite.jpg"}, "bad poster 'posters/parasite.jpg'"),
        ({"slug": "parasite 2019"}, "bad slug 'parasite 2019'"),
        ({"title": 2019}, "title must be text"),
        ({"credits": [{"person": "nobody", "role": "director"}]}, "the person 'nobody' is not"),
        ({"credits": [{"person": "bong-joon-ho", "role": "boom"}]}, "unknown role 'boom'"),
        (
            {"alternative_titles": [{"title": "Gisaengchung", "language": "Korean"}]},
            "bad alternative_titles[0].language 'Korean'",
        ),
    ],
)
def test_a_bad_json_film_is_refused_with_its_index_and_reason(tmp_path, fields, reason):
    other = {"slug": "the-host-2006", "title": "The Host", "year": 2006}
    path = json_file(tmp_path, catalogue(FILM | fields, other, people=[BONG]))
    bad, after = read_file(path)
    assert isinstance(bad, BadRecord)
    assert str(bad).startswith("films[0]")
    assert reason in str(bad)
    assert after.source_id == "the-host-2006"


def test_a_refused_person_refuses_the_films_that_credit_them(tmp_path):
    person = BONG | {"birth_date": "1969-09-14", "death_date": "1960-01-01"}
    credit = {"person": "bong-joon-ho", "role": "director"}
    records = list(
        read_file(json_file(tmp_path, catalogue(FILM | {"credits": [credit]}, people=[person])))
    )
    assert [str(record) for record in records] == [
        "people[0] 'bong-joon-ho': death_date is before birth_date",
        "films[0] (기생충, 2019): credits[0]: the person 'bong-joon-ho' cannot be imported "
        "(people[0] 'bong-joon-ho' was refused)",
    ]


def test_genres_the_file_declares_are_known_and_their_names_given(tmp_path):
    noir = {"slug": "noir", "name": "Film noir", "name_ko": "누아르"}
    document = catalogue(FILM | {"genres": ["noir", "drama"]}) | {"genres": [noir]}
    path = json_file(tmp_path, document)
    assert only_record(path).genres == ["noir", "drama"]
    assert read_genres(path) == {"noir": ("Film noir", "누아르")}


def test_a_newer_version_is_refused_with_what_to_do(tmp_path):
    record = only_record(json_file(tmp_path, catalogue(FILM) | {"version": 2}))
    assert str(record) == (
        "films.json: this file is version 2 of kcinema's catalogue format, newer than this "
        "kcinema reads (version 1 and older): update kcinema to import it"
    )


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"format": "something-else", "version": 1, "films": [FILM]}, "not a kcinema catalogue"),
        ({"films": [FILM], "format": "kcinema-catalogue", "version": 1}, "must begin with"),
        ({"format": "kcinema-catalogue", "version": "1", "films": [FILM]}, '"version" must be'),
        ({"format": "kcinema-catalogue", "version": 1, "films": {}}, "'films' must be a list"),
    ],
)
def test_a_json_document_that_is_not_a_catalogue_is_refused(tmp_path, document, problem):
    record = only_record(json_file(tmp_path, document))
    assert isinstance(record, BadRecord)
    assert problem in str(record)


def test_broken_json_is_refused_with_its_line_and_column(tmp_path):
    path = tmp_path / "films.json"
    path.write_text(
        '{"format": "kcinema-catalogue", "version": 1,\n"films": [\n'
        '{"title": "Parasite", "year": 2019},\n'
        '{"title": "The Host" "year": 2006}\n]}\n',
        encoding="utf-8",
    )
    good, broken = read_file(path)
    assert good.source_id == "Parasite|2019"
    assert str(broken) == (
        "films.json: broken JSON at line 4, column 22: Expecting ',' delimiter; "
        "nothing after it was read"
    )


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_a_json_file_read_in_small_pieces_reads_the_same(tmp_path, monkeypatch, chunk):
    credit = {"person": "bong-joon-ho", "role": "director", "order": 0}
    films = [FILM | {"slug": f"film-{n}", "year": 1990 + n, "credits": [credit]} for n in range(5)]
    path = json_file(tmp_path, catalogue(*films, people=[BONG]))
    whole = list(read_file(path))
    monkeypatch.setattr(files, "CHUNK_CHARACTERS", chunk)
    assert list(read_file(path)) == whole
    assert [film.year for film in whole] == [1990, 1991, 1992, 1993, 1994]


def test_broken_json_read_in_small_pieces_gives_the_same_place(tmp_path, monkeypatch):
    path = tmp_path / "films.json"
    path.write_text('{"format": "kcinema-catalogue", "version": 1,\n"films": [\n{"title": }]}')
    monkeypatch.setattr(files, "CHUNK_CHARACTERS", 3)
    assert "line 3, column 11" in str(only_record(path))


def test_the_format_document_lists_every_genre():
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", DOCUMENT.read_text(), re.MULTILINE))
    assert set(GENRES) <= listed
