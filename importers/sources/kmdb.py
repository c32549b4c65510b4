"""Reads KMDb, the Korean Film Archive's open API (한국영상자료원 한국영화데이터베이스), into
importers.records: Korean films released in a year, 500 a page, each answer already holding
every detail (detail=Y), so a film costs no call of its own.

Where each shape comes from (the API's page, kmdb.or.kr/info/api/apiDetail/6, shows its tables
as images; these are the public copies and recorded answers they were read from):

- Requests: `search_json2.jsp?collection=kmdb_new2&detail=Y&ServiceKey=…` with releaseDts and
  releaseDte (release dates, YYYYMMDD: "releaseDts : 개봉일 시작, releaseDte : 개봉일 종료" in
  a caller's notes; `releaseDts=20240308&releaseDte=20240508` in others), nation (대한민국),
  listCount (500, the most callers ask for) and startCount (an offset, `startCount=12000
  &listCount=500`), movieId and movieSeq for one film (`movieId=k&movieSeq=36201`).
- Answers: `{"Query", "KMAQuery", "TotalCount", "Data": [{"CollName": "kmdb_new2",
  "TotalCount", "Count", "Result": [{DOCID, movieId, movieSeq, title, titleEng, titleOrg,
  titleEtc, prodYear, directors: {director: [{directorNm, directorEnNm, directorId}]}, actors:
  {actor: [{actorNm, actorEnNm, actorId}]}, nation, company, plots: {plot: [{plotLang,
  plotText}]}, runtime, rating, genre, kmdbUrl, type, use, ratedYn, repRatDate, repRlsDate,
  ratings: {rating: [{ratingMain, ratingDate, ratingNo, ratingGrade, releaseDate, runtime}]},
  keywords, posters, stlls, staffs: {staff: [{staffNm, staffEnNm, staffRoleGroup, staffRole,
  staffEtc, staffId}]}, vods, …, modDate, ALIAS}]}]}`: ten results recorded in
  JJangcoding/react-movie (src/movieDummy.js) and a longer answer kept in a public JSP page.
  They show: titles with a leading space; titleEng as "Think? What's That? (Saenggang
  geureongeo eomneundeyo)"; person ids of eight digits, or "" for people KMDb has no page
  for; plotLang "한국어" and "영어"; the cast's character in staffRole of group 출연; ratings
  joined by "||" when a film was rated twice ("ratingMain": "N||Y"); nation and genre
  comma-separated; posters and stills "|"-separated.
- Highlight markers: a title search marks the matching words " !HS … !HE " (stripped by
  other callers, e.g. `clean_title("!HS 쇼생크 !HE   !HS 탈출 !HE") == "쇼생크 탈출"`).
- Film pages: https://www.kmdb.or.kr/db/kor/detail/movie/<movieId>/<movieSeq> (kmdbUrl).

Not confirmed, so left out: createDts/createDte (production years) as a filter, so films KMDb
knows without a release date are reached only by id; KMDb's answer to a wrong key or a spent
allowance (any answer without "Data" stops the run with what it holds); keywords, companies,
stills and trailers (FilmRecord has no place for them)."""

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from importers.certificates import certificate
from importers.http import SourceClient, SourceError, keyed_client
from importers.records import (
    BadRecord,
    CreditRecord,
    FilmRecord,
    ImageRecord,
    PersonRecord,
    Source,
    TitleRecord,
)

from . import Scope
from .cleaning import first_sentences, minutes, one_line, paragraphs, year, yyyymmdd

SOURCE = Source.KMDB
KEY_SETTING = "KMDB_API_KEY"
KEY_PAGE = "https://www.kmdb.or.kr/info/api/apiDetail/6"
URL = "https://api.koreafilm.or.kr/openapi-data2/wisenut/search_api/search_json2.jsp"
FILM_PAGE = "https://www.kmdb.or.kr/db/kor/detail/movie/{}/{}"
COLLECTION = {"collection": "kmdb_new2", "detail": "Y"}
PAGE_SIZE = 500
KOREA = "대한민국"
FIRST_YEAR = 1919  # 의리적 구토, counted the first Korean film
SYNOPSIS_LENGTH = 600
LICENCE = "KMDb"  # KMDb's images are the Archive's or their makers': linked, never copied

_DOCID = re.compile(r"([A-Z])(\d{5,8})")
_PERSON_ID = re.compile(r"\d{8}")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# Revised Romanisation, as KMDb writes it after an English title: sentence case, and none of
# the letters RR does not use (f, q, v, x, z), so "(Director's Cut)" or "(Love)" stay English.
_ROMANISED = re.compile(
    r"[ABCDEGHIJKLMNOPRSTUWY]?[abcdeghijklmnoprstuwy'’-]+(?: [abcdeghijklmnoprstuwy'’-]+)*"
)

GENRES = {
    "드라마": "drama",
    "코메디": "comedy",
    "액션": "action",
    "멜로/로맨스": "romance",
    "스릴러": "thriller",
    "미스터리": "mystery",
    "공포": "horror",
    "어드벤처": "adventure",
    "범죄": "crime",
    "가족": "family",
    "판타지": "fantasy",
    "SF": "science-fiction",
    "서부": "western",
}
# `type` (극영화, 애니메이션…) says what genre cannot: an animated film's genres are its story's.
TYPES = {"애니메이션": "animation"}

ROLES = {
    "감독": "director",
    "출연": "cast",
    "각본": "writer",
    "촬영": "cinematographer",
    "편집": "editor",
    "음악": "composer",
    "제작자": "producer",
    "프로듀서": "producer",
}

# nation as recorded in KMDb results, onto ISO 3166 codes.
COUNTRIES = {
    "대한민국": "KR",
    "미국": "US",
    "프랑스": "FR",
    "영국": "GB",
    "독일": "DE",
    "노르웨이": "NO",
    "룩셈부르크": "LU",
    "벨기에": "BE",
    "스위스": "CH",
}


def client(*, cache_dir: Path | None, transport: httpx.BaseTransport | None = None) -> SourceClient:
    return keyed_client(
        "kmdb",
        "KMDb",
        setting=KEY_SETTING,
        parameter="ServiceKey",
        where=f"free, asked for on {KEY_PAGE}",
        cache_dir=cache_dir,
        transport=transport,
    )


def parse_id(text: str) -> str | None:
    """A DOCID ("F09210") or a KMDb film address (/db/kor/detail/movie/F/09210, or
    movieId=F&movieSeq=09210) -> the DOCID."""
    text = text.strip()
    if _DOCID.fullmatch(text.upper()):
        return text.upper()
    address = urlsplit(text)
    host = (address.hostname or "").lower()
    if host != "kmdb.or.kr" and not host.endswith(".kmdb.or.kr"):
        return None
    if found := re.search(r"/movie/([A-Za-z])/(\d{5,8})(?:/|$)", address.path):
        return found[1].upper() + found[2]
    query = parse_qs(address.query)
    docid = "".join(query.get("movieId", [""])[:1] + query.get("movieSeq", [""])[:1]).upper()
    return docid if _DOCID.fullmatch(docid) else None


def fetch_one(client: SourceClient, source_id: str) -> FilmRecord:
    found = _DOCID.fullmatch(source_id)
    if not found:
        raise BadRecord(f"{source_id!r} is not a KMDb id (a letter and five to eight digits)")
    results, _ = _page(client, {"movieId": found[1], "movieSeq": found[2]})
    for result in results:
        if one_line(result.get("DOCID")) == source_id:
            return film_record(result)
    raise BadRecord(f"KMDb has no film {source_id}")


def fetch(
    client: SourceClient,
    scope: Scope,
    *,
    skip: Callable[[str], bool],
    every_country: bool = False,
) -> Iterator[FilmRecord | BadRecord]:
    """Every film in scope released year by year (KMDb's nation 대한민국 among its nations,
    unless `every_country`); films whose DOCID `skip` accepts are passed over. Answers hold
    every detail, so skipping saves the import's work, not calls."""
    if scope.ids:
        for docid in scope.ids:
            if not skip(docid):
                try:
                    yield fetch_one(client, docid)
                except BadRecord as bad:
                    yield bad
        return
    seen: set[str] = set()
    for released in _years(scope):
        for result in _releases(client, released, every_country=every_country):
            docid = one_line(result.get("DOCID"))
            if docid in seen or skip(docid):
                continue
            seen.add(docid)
            if not every_country and KOREA not in _split(result.get("nation"), ","):
                continue
            try:
                yield film_record(result)
            except BadRecord as bad:
                yield bad


def film_record(result: dict[str, Any]) -> FilmRecord:
    """One KMDb result as a FilmRecord; BadRecord when it cannot be one."""
    docid = one_line(result.get("DOCID")) or (
        one_line(result.get("movieId")) + one_line(result.get("movieSeq"))
    )
    if not _DOCID.fullmatch(docid):
        raise BadRecord(f"KMDb result without a valid DOCID ({docid!r})")
    title_ko = clean_title(result.get("title"))
    if not title_ko:
        raise BadRecord(f"KMDb {docid}: no title")
    try:
        made = year(result.get("prodYear"))
    except ValueError as error:
        raise BadRecord(f"KMDb {docid} ({title_ko}): {error}") from None
    nations = _split(result.get("nation"), ",")
    english, romanised = split_title(clean_title(result.get("titleEng")), korean=KOREA in nations)
    plot_ko, plot = _plots(result)
    return FilmRecord(
        source=SOURCE,
        source_id=docid,
        ids={"kmdb_id": docid},
        title=english,
        original_title=title_ko,
        romanised_title=romanised,
        year=made,
        release_date=yyyymmdd(_first(result.get("repRlsDate"))),
        runtime=minutes(_first(result.get("runtime"))),
        countries=_mapped(COUNTRIES, nations),
        certificate=_certificate(result),
        genres=_mapped(GENRES, _split(result.get("genre"), ","))
        + _mapped(TYPES, [one_line(result.get("type"))]),
        synopsis=first_sentences(plot, SYNOPSIS_LENGTH),
        synopsis_ko=first_sentences(plot_ko, SYNOPSIS_LENGTH),
        plot=plot,
        plot_ko=plot_ko,
        alternative_titles=_alternative_titles(english, romanised),
        credits=_credits(result),
        poster=_poster(result),
        url=one_line(result.get("kmdbUrl")) or FILM_PAGE.format(docid[0], docid[1:]),
    )


def clean_title(value: Any) -> str:
    """A title without KMDb's highlight markers (!HS, !HE) and stray spaces."""
    return one_line(re.sub(r"!H[SE]", " ", str(value or "")))


def split_title(title_eng: str, *, korean: bool) -> tuple[str, str]:
    """(English title, romanised title) from KMDb's titleEng. A Korean film's "English
    (Romanisation)" is split in two; a title in Latin letters is English; anything else (a
    titleEng in hangul) is neither."""
    if _HANGUL.search(title_eng) or not re.search(r"[A-Za-z]", title_eng):
        return "", ""
    found = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", title_eng)
    if korean and found and _ROMANISED.fullmatch(found[2].strip()):
        return found[1].strip(), found[2].strip()
    return title_eng, ""


def _alternative_titles(english: str, romanised: str) -> list[TitleRecord]:
    titles = []
    if english:
        titles.append(TitleRecord(english, "en", "international"))
    if romanised:
        titles.append(TitleRecord(romanised, "ko-Latn", "romanised"))
    return titles


def _page(client: SourceClient, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """One answer's results and the total it says there are."""
    answer = client.get_json(URL, {**COLLECTION, **params}, keep=_is_answer)
    if not _is_answer(answer):
        shown = ", ".join(sorted(answer)) if isinstance(answer, dict) else type(answer).__name__
        raise SourceError(f"KMDb answered without search results ({shown}); stopping here")
    data = answer["Data"] or [{}]
    first = data[0] if isinstance(data[0], dict) else {}
    results = [result for result in first.get("Result") or [] if isinstance(result, dict)]
    total = one_line(first.get("TotalCount"))
    return results, int(total) if total.isdigit() else len(results)


def _is_answer(answer: Any) -> bool:
    return isinstance(answer, dict) and isinstance(answer.get("Data"), list)


def _years(scope: Scope) -> list[int]:
    if scope.years:
        return sorted(set(scope.years))
    first = scope.since.year if scope.since else FIRST_YEAR
    return list(range(first, date.today().year + 2))


def _releases(
    client: SourceClient, released: int, *, every_country: bool
) -> Iterator[dict[str, Any]]:
    params: dict[str, Any] = {
        "releaseDts": f"{released}0101",
        "releaseDte": f"{released}1231",
        "listCount": PAGE_SIZE,
    }
    if not every_country:
        params["nation"] = KOREA
    start = 0
    while True:
        results, total = _page(client, {**params, "startCount": start})
        yield from results
        start += PAGE_SIZE
        if not results or start >= total:
            return


def _split(value: Any, separator: str) -> list[str]:
    return [one_line(part) for part in str(value or "").split(separator) if one_line(part)]


def _first(value: Any) -> str:
    """A field of a film rated twice holds both values joined by "||": the first."""
    return one_line(str(value or "").split("||")[0])


def _mapped(table: dict[str, str], names: list[str]) -> list[str]:
    return list(dict.fromkeys(table[name] for name in names if name in table))


def _plots(result: dict[str, Any]) -> tuple[str, str]:
    plot_ko = plot = ""
    for entry in (result.get("plots") or {}).get("plot") or []:
        if not isinstance(entry, dict):
            continue
        language, text = one_line(entry.get("plotLang")), paragraphs(entry.get("plotText"))
        if language == "한국어" and not plot_ko:
            plot_ko = text
        elif language == "영어" and not plot:
            plot = text
    return plot_ko, plot


def _certificate(result: dict[str, Any]) -> str:
    """The grade of the main rating (ratingMain Y), else the first grade given, else the
    film's `rating`; each mapped through importers.certificates."""
    grades: list[str] = []
    for entry in (result.get("ratings") or {}).get("rating") or []:
        if not isinstance(entry, dict):
            continue
        mains = str(entry.get("ratingMain") or "").split("||")
        for index, grade in enumerate(str(entry.get("ratingGrade") or "").split("||")):
            main = one_line(mains[index]) if index < len(mains) else ""
            if not one_line(grade):
                continue
            grades.insert(0 if main == "Y" else len(grades), one_line(grade))
    grades.append(_first(result.get("rating")))
    return next((certificate(grade) for grade in grades if certificate(grade)), "")


def _credits(result: dict[str, Any]) -> list[CreditRecord]:
    """The staff list (every role, with the cast's characters), then whoever the directors
    and actors lists name and the staff list does not, each credited once per role."""
    entries = [
        (ROLES.get(one_line(staff.get("staffRoleGroup"))), staff, "staff")
        for staff in _entries(result, "staffs", "staff")
    ]
    entries += [
        (ROLES["감독"], entry, "director") for entry in _entries(result, "directors", "director")
    ]
    entries += [(ROLES["출연"], entry, "actor") for entry in _entries(result, "actors", "actor")]
    credits: list[CreditRecord] = []
    credited: set[tuple[str, str]] = set()
    for role, entry, prefix in entries:
        person = _person(entry, prefix)
        if not role or not person or (role, person.source_id or person.name_ko) in credited:
            continue
        credited.add((role, person.source_id or person.name_ko))
        character = one_line(entry.get("staffRole")) if role == "cast" else ""
        order = sum(1 for credit in credits if credit.role == role)
        credits.append(CreditRecord(person, role, character_ko=character, order=order))
    return credits


def _entries(result: dict[str, Any], group: str, name: str) -> list[dict[str, Any]]:
    return [entry for entry in (result.get(group) or {}).get(name) or [] if isinstance(entry, dict)]


def _person(entry: dict[str, Any], prefix: str) -> PersonRecord | None:
    name_ko = one_line(entry.get(f"{prefix}Nm"))
    if not name_ko:
        return None
    person_id = one_line(entry.get(f"{prefix}Id"))
    person_id = person_id if _PERSON_ID.fullmatch(person_id) else ""
    return PersonRecord(
        source=SOURCE,
        # KMDb's person ids are eight digits ("00210434"), as catalog.Person.kmdb_id keeps them.
        source_id=person_id,
        ids={"kmdb_id": person_id} if person_id else {},
        name_ko=name_ko,
        name=one_line(entry.get(f"{prefix}EnNm")),
    )


def _poster(result: dict[str, Any]) -> ImageRecord | None:
    posters = _split(result.get("posters"), "|")
    return ImageRecord(posters[0], licence=LICENCE, may_copy=False) if posters else None
