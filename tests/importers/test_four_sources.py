"""One film from all four sources, through the real readers and the real HTTP client
(recorded answers replayed by httpx.MockTransport): one film and one set of people, each field
with the value and the provenance the ranking gives (importers.ranking)."""

from datetime import date
from pathlib import Path

import httpx
import pytest

from catalog.models import Film, Person
from importers.records import Source
from importers.runs import listed, run_import
from importers.sources import kmdb, kobis, tmdb, wikidata

FIXTURES = Path(__file__).parent / "fixtures"
PARASITE = FIXTURES / "parasite"

pytestmark = pytest.mark.django_db


def replaying(path_end: str, fixture: Path) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith(path_end), request.url
        return httpx.Response(200, content=fixture.read_bytes())

    return httpx.MockTransport(answer)


@pytest.fixture
def keys(settings):
    settings.TMDB_API_KEY = "tmdb-key"
    settings.KOBIS_API_KEY = "kobis-key"
    settings.KMDB_API_KEY = "kmdb-key"


def imported(source: Source, record) -> dict:
    report = run_import(source, listed([record]), progress=False)
    assert not report.stopped and not report.skipped, report.skipped
    return dict(report.counts)


def test_parasite_from_wikidata_tmdb_kobis_and_kmdb_is_one_film_with_one_set_of_people(keys):
    (from_wikidata,) = wikidata.read_file(PARASITE / "wikidata.json")
    with tmdb.client(
        transport=replaying("/movie/496243", FIXTURES / "tmdb" / "movie-496243.json")
    ) as client:
        from_tmdb = tmdb.fetch_one(client, "496243")
    with kobis.client(
        cache_dir=None, transport=replaying("searchMovieInfo.json", PARASITE / "kobis.json")
    ) as client:
        from_kobis = kobis.fetch_one(client, "20183782")
    with kmdb.client(
        cache_dir=None, transport=replaying("search_json2.jsp", PARASITE / "kmdb.json")
    ) as client:
        from_kmdb = kmdb.fetch_one(client, "K99903")

    assert imported(Source.WIKIDATA, from_wikidata) == {"created": 1}
    assert imported(Source.TMDB, from_tmdb) == {"merged": 1}  # by its TMDB and IMDb ids
    assert imported(Source.KOBIS, from_kobis) == {"merged": 1}  # by its KOBIS code
    assert imported(Source.KMDB, from_kmdb) == {"merged": 1}  # by title, year and director

    film = Film.objects.get()
    fields = film.provenance.fields
    source_of = {name: fields[name]["source"] for name in fields if name != "credits"}
    assert (film.original_title, source_of["original_title"]) == ("기생충", "kobis")
    assert (film.title, source_of["title"]) == ("Parasite", "tmdb")
    assert (film.year, source_of["year"]) == (2019, "kobis")
    assert (film.release_date, source_of["release_date"]) == (date(2019, 5, 30), "kobis")
    assert (film.runtime, source_of["runtime"]) == (131, "kobis")  # KMDb says 132, TMDB 133
    assert (film.certificate, source_of["certificate"]) == ("15", "kobis")
    assert source_of["synopsis_ko"] == "kmdb" and film.synopsis_ko.startswith("전원백수로")
    assert source_of["synopsis"] == "tmdb" and film.synopsis
    ids = (film.wikidata_id, film.tmdb_id, film.kobis_id, film.kmdb_id, film.imdb_id)
    assert ids == ("Q61448040", 496243, "20183782", "K99903", "tt6751668")
    assert [source_of[name] for name in ("wikidata_id", "tmdb_id", "kobis_id", "kmdb_id")] == [
        "wikidata",
        "tmdb",
        "kobis",
        "kmdb",
    ]
    assert set(film.source_records.values_list("source", flat=True)) == {
        "wikidata",
        "tmdb",
        "kobis",
        "kmdb",
    }

    # One person each, whatever source credited them: Wikidata links TMDB's ids to hangul
    # names, KOBIS and KMDb find them by hangul name on this film.
    bong = Person.objects.get(name_ko="봉준호")
    song = Person.objects.get(name_ko="송강호")
    assert (bong.wikidata_id, bong.tmdb_id, bong.kmdb_id) == ("Q900000101", 21684, "00004101")
    assert (song.tmdb_id, song.kmdb_id) == (20738, "00004102")
    assert set(song.source_records.values_list("source", flat=True)) == {
        "wikidata",
        "tmdb",
        "kobis",
        "kmdb",
    }
    assert Person.objects.filter(name_ko__in=["봉준호", "송강호", "이선균"]).count() == 3
    assert not Person.objects.filter(name_ko="", name__in=["Bong Joon-ho", "Song Kang-ho"]).exists()
    kitaek = film.credits.get(person=song, role="cast")
    assert (kitaek.character, kitaek.character_ko) == ("Kim Ki-taek", "기택")  # TMDB, KOBIS
    assert film.credits.filter(person=bong, role="director").exists()
