"""Merging sources into one catalogue: matching, the ranking, provenance, an editor's
corrections kept, reviews for what is uncertain, runs that stop whole and resume."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Credit, Film, Person
from importers import apply
from importers.models import ImportRun, Provenance, Review, SourceRecord
from importers.records import (
    BadRecord,
    CreditRecord,
    FilmRecord,
    PersonRecord,
    Source,
    TitleRecord,
)
from importers.reviews import resolve_review, take_source_value
from importers.runs import listed, run_import
from tests.factories import CreditFactory, FilmFactory, PersonFactory

pytestmark = pytest.mark.django_db

BONG_KO, SONG_KO = "봉준호", "송강호"


def bong(source: Source, **ids: str) -> PersonRecord:
    return PersonRecord(source, ids.pop("source_id", ""), ids, name="Bong Joon-ho", name_ko=BONG_KO)


def song(source: Source, **ids: str) -> PersonRecord:
    return PersonRecord(source, ids.pop("source_id", ""), ids, name="Song Kang-ho", name_ko=SONG_KO)


def kobis_memories() -> FilmRecord:
    return FilmRecord(
        Source.KOBIS,
        "20030301",
        ids={"kobis_id": "20030301"},
        title="SALINUI CHUEOK",
        original_title="살인의 추억",
        year=2003,
        release_date=date(2003, 4, 25),
        runtime=131,
        certificate="15",
        genres=["crime", "drama"],
        countries=["KR"],
        credits=[
            CreditRecord(bong(Source.KOBIS), "director"),
            CreditRecord(song(Source.KOBIS), "cast", character_ko="박두만"),
        ],
    )


def tmdb_memories() -> FilmRecord:
    return FilmRecord(
        Source.TMDB,
        "11423",
        ids={"tmdb_id": "11423", "imdb_id": "tt0353969"},
        title="Memories of Murder",
        original_title="살인의 추억",
        year=2003,
        release_date=date(2003, 5, 2),
        runtime=132,
        synopsis="In 1986, in the province of Gyunggi, two detectives investigate murders.",
        genres=["crime", "drama", "thriller"],
        popularity=40,
        alternative_titles=[TitleRecord("Salinui chueok", "ko-Latn", "romanised")],
        credits=[
            CreditRecord(
                song(Source.TMDB, tmdb_id="20738", source_id="20738"), "cast", "Park Doo-man"
            ),
            CreditRecord(bong(Source.TMDB, tmdb_id="21684", source_id="21684"), "director"),
        ],
    )


def wikidata_memories() -> FilmRecord:
    return FilmRecord(
        Source.WIKIDATA,
        "Q494722",
        ids={"wikidata_id": "Q494722", "tmdb_id": "11423", "kobis_id": "20030301"},
        title="Memories of Murder",
        original_title="살인의 추억",
        year=2003,
        credits=[
            CreditRecord(
                bong(Source.WIKIDATA, wikidata_id="Q495980", tmdb_id="21684", source_id="Q495980"),
                "director",
            ),
        ],
    )


def kmdb_memories() -> FilmRecord:
    return FilmRecord(
        Source.KMDB,
        "K12345",
        ids={"kmdb_id": "K12345"},
        title="Memories of Murder",
        original_title="살인의 추억",
        year=2003,
        synopsis_ko="1986년 경기도, 젊은 여인이 무참히 강간 살해된 시체로 발견된다.",
        plot_ko="1986년 경기도. 젊은 여인이 무참히 강간 살해된 시체로 발견된다. 두 달 후...",
        credits=[
            CreditRecord(bong(Source.KMDB, source_id="00004101"), "director"),
            CreditRecord(song(Source.KMDB, source_id="00004102"), "cast", character_ko="박두만"),
        ],
    )


def run(*records, **options):
    return run_import(records[0].source, listed(list(records)), progress=False, **options)


def test_four_sources_make_one_film_with_one_set_of_people():
    for record in (kobis_memories(), tmdb_memories(), kmdb_memories(), wikidata_memories()):
        assert not run(record).stopped

    film = Film.objects.get()
    assert Person.objects.count() == 2
    assert (film.original_title, film.title, film.year) == (
        "살인의 추억",
        "Memories of Murder",
        2003,
    )
    assert (film.kobis_id, film.tmdb_id, film.kmdb_id, film.wikidata_id, film.imdb_id) == (
        "20030301",
        11423,
        "K12345",
        "Q494722",
        "tt0353969",
    )
    assert film.release_date == date(2003, 4, 25)  # KOBIS first
    assert film.runtime == 131
    assert film.synopsis.startswith("In 1986")  # TMDB
    assert film.synopsis_ko.startswith("1986년")  # KMDb
    assert sorted(film.genres.values_list("slug", flat=True)) == ["crime", "drama"]  # KOBIS's
    assert film.popularity == 40
    fields = film.provenance.fields
    assert {name: fields[name]["source"] for name in ("title", "runtime", "synopsis_ko")} == {
        "title": "tmdb",
        "runtime": "kobis",
        "synopsis_ko": "kmdb",
    }
    assert fields["wikidata_id"]["source"] == "wikidata"
    credits = list(film.credits.select_related("person"))
    assert [(c.person.name_ko, c.role, c.character, c.character_ko) for c in credits] == [
        (SONG_KO, "cast", "Park Doo-man", "박두만"),  # TMDB's billing order, its character
        (BONG_KO, "director", "", ""),
    ]
    director = Person.objects.get(name_ko=BONG_KO)
    assert (director.tmdb_id, director.wikidata_id) == (21684, "Q495980")
    assert set(director.source_records.values_list("source", flat=True)) == {
        "kobis",
        "tmdb",
        "kmdb",
        "wikidata",
    }
    assert SourceRecord.objects.filter(film=film).count() == 4


def test_a_re_run_with_nothing_changed_writes_nothing():
    run(kobis_memories())
    with CaptureQueriesContext(connection) as queries:
        report = run(kobis_memories())
    assert report.counts["unchanged"] == 1
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].split()[0] in ("INSERT", "DELETE", "UPDATE") and "importrun" not in q["sql"]
    ]
    # the one write: the film's source record is stamped as seen (how a resumed run knows)
    assert len(writes) == 1
    assert writes[0].startswith('UPDATE "importers_sourcerecord" SET "fetched_at"')


def test_an_editors_correction_is_kept_and_the_source_value_can_be_taken_back():
    run(kobis_memories())
    film = Film.objects.get()
    film.runtime = 130  # an editor's correction
    film.save()
    changed = kobis_memories()
    changed.runtime = 133
    changed.certificate = "18"
    run(changed)
    film.refresh_from_db()
    assert film.runtime == 130
    assert film.certificate == "18"  # a field the editor left is still the source's

    take_source_value(film, "runtime", "kobis")
    film.refresh_from_db()
    assert film.runtime == 133
    assert film.provenance.fields["runtime"]["source"] == "kobis"
    changed.runtime = 135
    run(changed)
    film.refresh_from_db()
    assert film.runtime == 135  # the source's again, so the import keeps it current


def test_a_film_typed_by_hand_keeps_its_fields_but_gains_the_sources_ids():
    film = FilmFactory(
        title="Memories of Murder", original_title="살인의 추억", year=2003, runtime=129
    )
    CreditFactory(
        film=film, person=PersonFactory(name="Bong Joon-ho", name_ko=BONG_KO), role="director"
    )
    report = run(kobis_memories())
    assert report.counts["merged"] == 1
    film.refresh_from_db()
    assert film.runtime == 129
    assert film.kobis_id == "20030301"
    assert Film.objects.count() == 1
    assert Person.objects.filter(name_ko=BONG_KO).count() == 1


def test_a_same_titled_film_with_no_director_in_common_waits_for_review():
    other = FilmFactory(title="Memories", original_title="살인의 추억", year=2004)
    CreditFactory(film=other, person=PersonFactory(name_ko="다른 감독"), role="director")
    report = run(kobis_memories())
    assert report.counts["uncertain"] == 1
    assert Film.objects.count() == 1
    review = Review.objects.get()
    assert list(review.candidate_films.all()) == [other]
    assert review.reason == "a film has its title and year but no director in common"

    resolve_review(review, create=True)
    assert Film.objects.count() == 2
    review.refresh_from_db()
    assert review.status == Review.Status.CREATED


def test_a_review_can_merge_into_the_candidate():
    other = FilmFactory(title="Memories", original_title="살인의 추억", year=2003)
    run(kobis_memories())
    review = Review.objects.get()
    resolve_review(review, film=other)
    other.refresh_from_db()
    assert other.kobis_id == "20030301"
    assert Film.objects.count() == 1
    assert Review.objects.get().status == Review.Status.MERGED


def test_ids_that_point_at_two_films_wait_for_review():
    FilmFactory(tmdb_id=11423)
    FilmFactory(kobis_id="20030301")
    report = run(wikidata_memories())
    assert report.counts["uncertain"] == 1
    assert Review.objects.get().reason == "its ids point at different films"


def test_a_namesake_with_no_film_in_common_waits_and_is_not_duplicated():
    namesake = PersonFactory(name="Kim Ji-hoon", name_ko="김지훈")
    record = FilmRecord(
        Source.KOBIS,
        "20200001",
        original_title="새 영화",
        year=2020,
        credits=[CreditRecord(PersonRecord(Source.KOBIS, name_ko="김지훈"), "cast")],
    )
    report = run(record)
    assert report.counts["created"] == 1
    assert report.people_to_review == 1
    assert Person.objects.filter(name_ko="김지훈").count() == 1
    film = Film.objects.get(original_title="새 영화")
    assert not film.credits.exists()
    review = Review.objects.get(kind=Review.Kind.PERSON)
    assert list(review.candidate_people.all()) == [namesake]

    resolve_review(review, person=namesake)
    assert list(film.credits.values_list("person", flat=True)) == [namesake.pk]


def test_a_person_with_the_same_hangul_name_on_the_same_film_is_the_same_person():
    run(kobis_memories())
    kmdb = kmdb_memories()
    kmdb.ids = {"kobis_id": "20030301", "kmdb_id": "K12345"}
    run(kmdb)
    assert Person.objects.count() == 2
    assert Credit.objects.count() == 2


def test_a_latin_name_alone_never_links_people():
    PersonFactory(name="Kim Ji-hoon", name_ko="김지훈")
    record = FilmRecord(
        Source.FILE,
        "x|2020",
        title="Some Film",
        year=2020,
        credits=[CreditRecord(PersonRecord(Source.FILE, name="Kim Ji-hoon"), "cast")],
    )
    report = run(record)
    assert report.people_to_review == 1


def test_bad_records_are_skipped_with_their_reason_and_the_import_carries_on():
    bad = FilmRecord(Source.KOBIS, "1", original_title="연도 없는 영화", year=None)
    report = run(bad, kobis_memories())
    assert report.counts == {"skipped": 1, "created": 1}
    assert "year" in report.skipped[0][1]
    report = run_import(
        Source.KOBIS,
        listed([BadRecord("line 7: not JSON"), kobis_memories()]),
        progress=False,
        scope="again",
    )
    assert report.skipped == [("", "line 7: not JSON")]


def test_a_stopped_run_leaves_whole_films_and_resumes_where_it_stopped():
    records = []
    for number in range(420):
        record = kobis_memories()
        record.source_id = record.ids["kobis_id"] = f"2003{number:04d}"
        record.original_title = f"영화 {number}"
        for credit in record.credits:  # KOBIS names people without ids: one of each per film
            credit.person.name_ko += str(number)
        records.append(record)

    def interrupted(skip):
        for number, record in enumerate(records):
            if number == 300:
                raise KeyboardInterrupt
            yield record

    report = run_import(Source.KOBIS, interrupted, scope="all", progress=False)
    assert report.stopped == "interrupted"
    films = Film.objects.count()
    assert films == 200  # the whole first batch; the second never committed
    assert Credit.objects.count() == films * 2
    assert ImportRun.objects.get().status == ImportRun.Status.STOPPED

    asked = []

    def resumed(skip):
        for record in records:
            if skip(record.source_id):
                continue
            asked.append(record.source_id)
            yield record

    report = run_import(Source.KOBIS, resumed, scope="all", progress=False)
    assert not report.stopped
    assert len(asked) == 220
    assert Film.objects.count() == 420
    assert ImportRun.objects.get().status == ImportRun.Status.FINISHED


def test_a_dry_run_writes_nothing():
    report = run(kobis_memories(), dry_run=True)
    assert report.counts["created"] == 1
    assert not Film.objects.exists()
    assert not Provenance.objects.exists()
    assert not ImportRun.objects.exists()


def test_the_search_index_has_the_films_as_they_arrive(client):
    run(tmdb_memories())
    response = client.get("/search/", {"q": "살인의 추억"})
    assert "Memories of Murder" in response.content.decode()


def test_an_update_from_the_source_reaches_the_film():
    run(tmdb_memories())
    later = tmdb_memories()
    later.runtime = 140
    report = run(later)
    assert report.counts["updated"] == 1
    assert Film.objects.get().runtime == 140


def test_values_compare_in_one_form():
    film = FilmFactory(release_date=date(2003, 4, 25), countries="KR,US")
    values = apply.film_values(film)
    assert values["release_date"] == "2003-04-25"
    assert values["countries"] == "KR,US"


def test_a_network_error_stops_the_run_with_whole_films_and_its_reason():
    from importers.http import SourceError

    def failing(skip):
        yield kobis_memories()
        raise SourceError("kobis: searchMovieInfo.json answered 503")

    report = run_import(Source.KOBIS, failing, scope="2003", progress=False)
    assert report.stopped == "kobis: searchMovieInfo.json answered 503"
    assert Film.objects.count() == 1  # the film read before the error is whole
    run_ = ImportRun.objects.get()
    assert (run_.status, run_.message) == (ImportRun.Status.STOPPED, report.stopped)


def test_one_person_credited_twice_in_one_film_is_one_person():
    director = PersonRecord(Source.KOBIS, name_ko="김선", name="Kim Sun")
    record = FilmRecord(
        Source.KOBIS,
        "20190815",
        original_title="보이스",
        year=2023,
        credits=[
            CreditRecord(director, "director"),
            CreditRecord(PersonRecord(Source.KOBIS, name_ko="김선", name="Kim Sun"), "writer"),
        ],
    )
    PersonFactory(name_ko="김선")  # a namesake elsewhere: still not this film's 김선
    report = run(record)
    assert report.people_to_review == 2
    film = Film.objects.get()
    assert film.credits.count() == 0
    first = Review.objects.get(person_index=0)
    resolve_review(first, create=True)
    assert sorted(film.credits.values_list("role", flat=True)) == ["director", "writer"]
    assert film.credits.values("person").distinct().count() == 1
    assert not Review.objects.filter(status=Review.Status.OPEN).exists()  # both settled


def test_one_person_credited_twice_in_a_new_film_is_made_once():
    record = FilmRecord(
        Source.KOBIS,
        "20190815",
        original_title="보이스",
        year=2023,
        credits=[
            CreditRecord(PersonRecord(Source.KOBIS, name_ko="김선"), "director"),
            CreditRecord(PersonRecord(Source.KOBIS, name_ko="김선"), "writer"),
        ],
    )
    record.ids = {"kobis_id": "20190815"}
    FilmFactory(original_title="보이스", year=2023)  # not surely new: the careful way
    report = run(record)
    assert report.counts["uncertain"] == 1
    resolve_review(Review.objects.get(), create=True)
    film = Film.objects.get(kobis_id="20190815")
    assert film.credits.values("person").distinct().count() == 1
    assert film.credits.count() == 2
