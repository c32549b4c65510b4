"""Links out to the databases that know a film or a person by the ids the catalogue keeps.

Each address is built as the site itself writes it (checked against public pages and code):
- Wikidata: https://www.wikidata.org/wiki/Q483437 (the item page of an id).
- IMDb: https://www.imdb.com/title/tt2624704/ and https://www.imdb.com/name/nm1113552/.
- TMDB: https://www.themoviedb.org/movie/{id} and https://www.themoviedb.org/person/{id}.
- KOBIS (영화관객입장권통합전산망), a film by its movieCd:
  https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieDtl.do?code=20124079
- KMDb (한국영화데이터베이스), a film by movieId + movieSeq (the kmdb_id K00633):
  https://www.kmdb.or.kr/db/kor/detail/movie/K/00633 (e.g. 마부, 1961).
People on KOBIS and KMDb are left out: their addresses could not be confirmed."""

from dataclasses import dataclass

from catalog.models import Film, Person


@dataclass(frozen=True)
class ExternalLink:
    site: str  # the site's own name, not translated
    url: str


def film_links(film: Film) -> list[ExternalLink]:
    links = []
    if film.kmdb_id:
        links.append(
            ExternalLink(
                "KMDb",
                f"https://www.kmdb.or.kr/db/kor/detail/movie/{film.kmdb_id[0]}/{film.kmdb_id[1:]}",
            )
        )
    if film.kobis_id:
        links.append(
            ExternalLink(
                "KOBIS",
                "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieDtl.do"
                f"?code={film.kobis_id}",
            )
        )
    links += _shared_links(film, "title", "movie")
    return links


def person_links(person: Person) -> list[ExternalLink]:
    return _shared_links(person, "name", "person")


def _shared_links(record: Film | Person, imdb_kind: str, tmdb_kind: str) -> list[ExternalLink]:
    links = []
    if record.wikidata_id:
        links.append(
            ExternalLink("Wikidata", f"https://www.wikidata.org/wiki/{record.wikidata_id}")
        )
    if record.imdb_id:
        links.append(ExternalLink("IMDb", f"https://www.imdb.com/{imdb_kind}/{record.imdb_id}/"))
    if record.tmdb_id:
        links.append(
            ExternalLink("TMDB", f"https://www.themoviedb.org/{tmdb_kind}/{record.tmdb_id}")
        )
    return links
