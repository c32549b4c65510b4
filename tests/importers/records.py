"""Records and imports the importers' admin tests share: Memories of Murder as its sources
give it, imported, and corrected by an editor."""

from datetime import date

from catalog.models import Film
from importers.records import CreditRecord, FilmRecord, PersonRecord, Source
from importers.runs import Report, listed, run_import

BONG_KO = "봉준호"


def memories(source: Source = Source.KOBIS, **changes) -> FilmRecord:
    """Memories of Murder as KOBIS gives it (or as another source, with its own id)."""
    record = FilmRecord(
        source,
        "20030301",
        ids={"kobis_id": "20030301"},
        title="SALINUI CHUEOK",
        original_title="살인의 추억",
        year=2003,
        release_date=date(2003, 4, 25),
        runtime=131,
        certificate="15",
        countries=["KR"],
        url="https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieList.do?movieCd=20030301",
        credits=[
            CreditRecord(PersonRecord(source, name="Bong Joon-ho", name_ko=BONG_KO), "director"),
            CreditRecord(
                PersonRecord(source, name="Song Kang-ho", name_ko="송강호"), "cast", "Park Doo-man"
            ),
        ],
    )
    for name, value in changes.items():
        setattr(record, name, value)
    return record


def imported(*records: FilmRecord) -> Report:
    return run_import(records[0].source, listed(list(records)), progress=False)


def edited_film() -> Film:
    """Imported from KOBIS and from TMDB, then its runtime corrected by an editor."""
    imported(memories())
    imported(
        memories(
            Source.TMDB,
            source_id="11423",
            ids={"tmdb_id": "11423", "kobis_id": "20030301"},
            title="Memories of Murder",
            runtime=132,
            url="https://www.themoviedb.org/movie/11423",
        )
    )
    film = Film.objects.get()
    film.runtime = 130
    film.save()
    return film
