"""Reads KOBIS, the Korean Film Council's open API (영화진흥위원회 영화관입장권통합전산망), into
importers.records: a list of films a year at a time, then each film's details.

Where each shape comes from (the API's own pages are behind a sign-in; these are the public
copies and recorded answers they were read from):

- Requests. `searchMovieList.json` takes key, curPage, itemPerPage, movieNm, directorNm,
  openStartDt/openEndDt and prdtStartYear/prdtEndYear (years, YYYY), repNationCd and
  movieTypeCd: the request table copied in velog.io/@boyon99 ("[JS] 영화진흥위원회
  오픈API") and in the comments of many callers. itemPerPage is at most 100 (the KOBIS MCP
  servers' schemas, glama.ai/mcp/servers/myungwoon/kobis-mcp). Korea's nation code is
  22041011 (common code 2204; the constants of several callers, e.g. `KOREA = '22041011'`).
  `searchMovieInfo.json` takes key and movieCd.
- Answers. `{"movieListResult": {"totCnt", "source", "movieList": [{movieCd, movieNm,
  movieNmEn, prdtYear, openDt, typeNm, prdtStatNm, nationAlt, genreAlt, repNationNm,
  repGenreNm, directors: [{peopleNm}], companys}]}}` and `{"movieInfoResult": {"movieInfo":
  {movieCd, movieNm, movieNmEn, movieNmOg, showTm, prdtYear, openDt, prdtStatNm, typeNm,
  nations: [{nationNm}], genres: [{genreNm}], directors: [{peopleNm, peopleNmEn}], actors:
  [{peopleNm, peopleNmEn, cast, castEn}], showTypes, companys: [{companyCd, companyNm,
  companyNmEn, companyPartNm}], audits: [{auditNo, watchGradeNm}], staffs: [{peopleNm,
  peopleNmEn, staffRoleNm}]}, "source": "영화진흥위원회"}}`: recorded answers kept in
  minsoo-web/db-client-movie (app/constants/data/movie.js, ten films of 2021 with their
  staffs), crossmarien/TIL (movie_crawler/blank.py) and a recorded list of 2018 in a Java
  caller's comments.
- Errors come as HTTP 200 with `{"faultInfo": {"message": "유효하지않은 키값입니다.",
  "errorCode": "320010"}}` (a wrong key; 320102 and 320103 for a missing or malformed
  parameter), as several callers recorded them.
- Genres are KOBIS's fixed list of 21 (드라마, 코미디, 액션, 멜로/로맨스, 스릴러, 미스터리,
  공포(호러), 어드벤처, 범죄, 가족, 판타지, SF, 서부극(웨스턴), 사극, 애니메이션, 다큐멘터리,
  전쟁, 뮤지컬, 성인물(에로), 공연, 기타), the same in every caller's copy of it.
- Staff roles as spelt in the recorded staffs: 시나리오(각본) and 각색 (writers), 촬영,
  편집, 음악, 제작 and 프로듀서; there is no plain "각본" in them.
- Film pages: kobis.or.kr/kobis/business/mast/mvie/searchMovieList.do?dtTp=movie&dtCd=<movieCd>
  (opened by a caller's browser test) and searchMovieDtl.do with code=<movieCd>.

Not confirmed, so left out: the answer KOBIS gives when a key's daily calls are used up (users
report 3,000 a day; see DailyLimitReached), people's KOBIS codes in a film's credits, and the
companies (FilmRecord has no place for them)."""

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from django.conf import settings

from importers.certificates import certificate
from importers.http import SourceClient, SourceError, keyed_client
from importers.records import BadRecord, CreditRecord, FilmRecord, PersonRecord, Source

from . import Scope
from .cleaning import minutes, one_line, year, yyyymmdd

SOURCE = Source.KOBIS
KEY_SETTING = "KOBIS_API_KEY"
KEY_PAGE = "https://www.kobis.or.kr/kobisopenapi/homepg/main/main.do"
LIST_URL = "https://www.kobis.or.kr/kobisopenapi/webservice/rest/movie/searchMovieList.json"
INFO_URL = "https://www.kobis.or.kr/kobisopenapi/webservice/rest/movie/searchMovieInfo.json"
FILM_PAGE = "https://www.kobis.or.kr/kobis/business/mast/mvie/searchMovieList.do?dtTp=movie&dtCd={}"
PAGE_SIZE = 100  # itemPerPage's maximum
KOREA = "한국"
KOREA_NATION_CODE = "22041011"
ADULT_GENRE = "성인물(에로)"
# What users report a key may call a day; a run stops itself before it, see fetch().
DAILY_CALLS = 3000
# 의리적 구토 (1919) is counted the first Korean film; a run over everything starts there.
FIRST_YEAR = 1919

GENRES = {
    "드라마": "drama",
    "코미디": "comedy",
    "액션": "action",
    "멜로/로맨스": "romance",
    "스릴러": "thriller",
    "미스터리": "mystery",
    "공포(호러)": "horror",
    "어드벤처": "adventure",
    "범죄": "crime",
    "가족": "family",
    "판타지": "fantasy",
    "SF": "science-fiction",
    "서부극(웨스턴)": "western",
    "사극": "historical",
    "애니메이션": "animation",
    "다큐멘터리": "documentary",
    "전쟁": "war",
    "뮤지컬": "musical",
    # 성인물(에로), 공연 and 기타 have no kcinema genre and are dropped.
}

STAFF_ROLES = {
    "시나리오(각본)": "writer",
    "각색": "writer",
    "촬영": "cinematographer",
    "음악": "composer",
    "편집": "editor",
    "제작": "producer",
    "프로듀서": "producer",
}

# nationNm as recorded in KOBIS answers (nations[] and nationAlt), onto ISO 3166 codes.
COUNTRIES = {
    "한국": "KR",
    "미국": "US",
    "일본": "JP",
    "중국": "CN",
    "프랑스": "FR",
    "영국": "GB",
    "독일": "DE",
    "이탈리아": "IT",
    "인도": "IN",
    "아일랜드": "IE",
    "캐나다": "CA",
}


class DailyLimitReached(SourceError):
    """The key's calls for today are spent: the import stops with whole films written, and the
    same command resumes tomorrow without asking again for what it has."""


def client(*, cache_dir: Path | None, transport: httpx.BaseTransport | None = None) -> SourceClient:
    return keyed_client(
        "kobis",
        "KOBIS",
        setting=KEY_SETTING,
        parameter="key",
        where=f"free, from the KOBIS open API site, {KEY_PAGE}",
        cache_dir=cache_dir,
        transport=transport,
    )


def parse_id(text: str) -> str | None:
    """A movieCd ("20124079") or a KOBIS film address (movieCd=, dtCd= or code=) -> movieCd."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        return text
    address = urlsplit(text)
    host = (address.hostname or "").lower()
    if host != "kobis.or.kr" and not host.endswith(".kobis.or.kr"):
        return None
    query = parse_qs(address.query)
    for name in ("movieCd", "dtCd", "code"):
        for value in query.get(name, []):
            if re.fullmatch(r"\d{8}", value):
                return value
    return None


def fetch_one(client: SourceClient, source_id: str) -> FilmRecord:
    return film_record(_answer(client, INFO_URL, {"movieCd": source_id}))


def fetch(
    client: SourceClient,
    scope: Scope,
    *,
    skip: Callable[[str], bool],
    every_country: bool = False,
    adult_films: bool = True,
    daily_calls: int | None = DAILY_CALLS,
) -> Iterator[FilmRecord | BadRecord]:
    """Every film in scope, year by year of production, each asked for once at most. Korean
    films only (Korea their representative nation, asked of KOBIS, and among their nations)
    unless `every_country`; `adult_films=False` leaves out what KOBIS files under 성인물(에로)
    before spending a call on it. `daily_calls` stops the run (DailyLimitReached) before this
    client has sent that many requests, so a run ends cleanly instead of on KOBIS's refusal."""
    budget = _Budget(client, daily_calls)
    seen: set[str] = set()
    for code in _codes(client, scope, budget, every_country=every_country, adult=adult_films):
        if code in seen:
            continue
        seen.add(code)
        if skip(code):
            continue
        budget.check()
        try:
            yield fetch_one(client, code)
        except BadRecord as bad:
            yield bad


def film_record(answer: dict[str, Any]) -> FilmRecord:
    """A searchMovieInfo answer as a FilmRecord; BadRecord when it cannot be one."""
    info = (answer.get("movieInfoResult") or {}).get("movieInfo")
    if not isinstance(info, dict):
        raise BadRecord("KOBIS answered without a movieInfo")
    code = one_line(info.get("movieCd"))
    if not re.fullmatch(r"\d{6,10}", code):
        raise BadRecord(f"KOBIS film without a valid movieCd ({code!r})")
    title_ko = one_line(info.get("movieNm"))
    if not title_ko:
        raise BadRecord(f"KOBIS {code}: no title")
    try:
        made = year(info.get("prdtYear"))
    except ValueError as error:
        raise BadRecord(f"KOBIS {code} ({title_ko}): {error}") from None
    released = yyyymmdd(info.get("openDt"))
    return FilmRecord(
        source=SOURCE,
        source_id=code,
        ids={"kobis_id": code},
        title=one_line(info.get("movieNmEn")),
        original_title=title_ko,
        year=made or (released.year if released else None),
        release_date=released,
        runtime=minutes(info.get("showTm")),
        countries=_mapped(COUNTRIES, (n.get("nationNm") for n in _list(info, "nations"))),
        certificate=_certificate(_list(info, "audits")),
        genres=_mapped(GENRES, (g.get("genreNm") for g in _list(info, "genres"))),
        credits=_credits(info),
        url=FILM_PAGE.format(code),
    )


def _answer(client: SourceClient, url: str, params: dict[str, Any]) -> dict[str, Any]:
    data = client.get_json(url, params, keep=_is_answer)
    if not isinstance(data, dict):
        raise SourceError("KOBIS answered something other than a JSON object")
    if "faultInfo" in data:
        raise _fault(data["faultInfo"])
    return data


def _is_answer(data: Any) -> bool:
    return isinstance(data, dict) and "faultInfo" not in data


def _fault(fault: Any) -> SourceError:
    fault = fault if isinstance(fault, dict) else {}
    message = _redact(one_line(fault.get("message")) or "no message")
    code = one_line(fault.get("errorCode"))
    said = f"KOBIS refused: {message}" + (f" (error {code})" if code else "")
    # KOBIS's words for a spent daily allowance are not documented anywhere public; a refusal
    # that speaks of exceeding (초과) or of a limit (한도, 제한) is taken for it.
    if re.search(r"초과|한도|제한|limit|exceed", message, re.IGNORECASE):
        return DailyLimitReached(
            f"{said}. The key's daily calls are used up; the films so far are written. "
            "Run the same import again tomorrow to resume where it stopped."
        )
    return SourceError(said)


def _redact(text: str) -> str:
    # KOBIS echoes a bad parameter's value in some messages; the key must not reach a report.
    key = getattr(settings, KEY_SETTING, "").strip()
    return text.replace(key, "[key]") if key else text


class _Budget:
    def __init__(self, client: SourceClient, calls: int | None) -> None:
        self._client, self._calls = client, calls

    def check(self) -> None:
        if self._calls is not None and self._client.requests >= self._calls:
            raise DailyLimitReached(
                f"KOBIS: this run has made {self._client.requests} calls, as many as a key may "
                "make in a day; the films so far are written. Run the same import again "
                "tomorrow to resume where it stopped."
            )


def _codes(
    client: SourceClient, scope: Scope, budget: _Budget, *, every_country: bool, adult: bool
) -> Iterator[str]:
    if scope.ids:
        yield from scope.ids
        return
    for made in _years(scope):
        for item in _listing(client, made, budget, every_country=every_country):
            if not every_country and not _is_korean(item):
                continue
            if not adult and ADULT_GENRE in _split(item.get("genreAlt")):
                continue
            code = one_line(item.get("movieCd"))
            if code:
                yield code


def _years(scope: Scope) -> list[int]:
    if scope.years:
        return sorted(set(scope.years))
    first = scope.since.year if scope.since else FIRST_YEAR
    # Films planned for next year are listed already.
    return list(range(first, date.today().year + 2))


def _listing(
    client: SourceClient, made: int, budget: _Budget, *, every_country: bool
) -> Iterator[dict[str, Any]]:
    params: dict[str, Any] = {
        "prdtStartYear": made,
        "prdtEndYear": made,
        "itemPerPage": PAGE_SIZE,
    }
    if not every_country:
        params["repNationCd"] = KOREA_NATION_CODE
    page = 1
    while True:
        budget.check()
        result = _answer(client, LIST_URL, {**params, "curPage": page}).get("movieListResult")
        result = result if isinstance(result, dict) else {}
        items = [item for item in result.get("movieList") or [] if isinstance(item, dict)]
        yield from items
        count = one_line(result.get("totCnt"))
        total = int(count) if count.isdigit() else 0
        if not items or page * PAGE_SIZE >= total:
            return
        page += 1


def _is_korean(item: dict[str, Any]) -> bool:
    return one_line(item.get("repNationNm")) == KOREA or KOREA in _split(item.get("nationAlt"))


def _split(value: Any) -> list[str]:
    return [one_line(part) for part in str(value or "").split(",") if one_line(part)]


def _list(info: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [entry for entry in info.get(name) or [] if isinstance(entry, dict)]


def _mapped(table: dict[str, str], names: Iterator[Any]) -> list[str]:
    mapped = (table.get(one_line(name)) for name in names)
    return list(dict.fromkeys(value for value in mapped if value))


def _certificate(audits: list[dict[str, Any]]) -> str:
    # The first audit, as KOBIS lists them; a re-rating comes after it.
    for audit in audits:
        label = one_line(audit.get("watchGradeNm"))
        if label:
            return certificate(label)
    return ""


def _credits(info: dict[str, Any]) -> list[CreditRecord]:
    """Directors, the cast with their characters, then the staff roles kcinema credits, in
    KOBIS's order. A name listed twice in one role (기적's music staff) is credited once."""
    entries = [("director", entry) for entry in _list(info, "directors")]
    entries += [("cast", entry) for entry in _list(info, "actors")]
    entries += [
        (STAFF_ROLES.get(one_line(entry.get("staffRoleNm")), ""), entry)
        for entry in _list(info, "staffs")
    ]
    credits: list[CreditRecord] = []
    credited: set[tuple[str, str]] = set()
    for role, entry in entries:
        person = _person(entry)
        if not role or not person or (role, person.name_ko) in credited:
            continue
        credited.add((role, person.name_ko))
        credits.append(
            CreditRecord(
                person,
                role,
                character=one_line(entry.get("castEn")) if role == "cast" else "",
                character_ko=one_line(entry.get("cast")) if role == "cast" else "",
                order=sum(1 for credit in credits if credit.role == role),
            )
        )
    return credits


def _person(entry: dict[str, Any]) -> PersonRecord | None:
    name_ko = one_line(entry.get("peopleNm"))
    if not name_ko:
        return None
    return PersonRecord(source=SOURCE, name_ko=name_ko, name=latin_name(entry.get("peopleNmEn")))


def latin_name(value: Any) -> str:
    """KOBIS writes Korean names family name first, in capitals ("LEE Byung-hun"): the family
    name is given its ordinary capitalisation; other names are kept as written."""
    words = one_line(value).split(" ")
    family, given = words[0], words[1:]
    if len(family) > 1 and family.isalpha() and family.isupper() and given:
        words[0] = family if all(word.isupper() for word in given) else family.capitalize()
    return " ".join(words)
