"""TMDB's Korean films, read through its API v3 and turned into importers.records (the contract
every reader keeps is in importers.sources).

What is asked, and where each shape comes from (TMDB's reference at
https://developer.themoviedb.org/reference, and answers recorded in public repositories, chiefly
jdrouet/tmdb-api's assets/*.json, which its tests replay):

- `GET /3/movie/{id}?language=ko-KR&include_image_language=ko,null,en&append_to_response=credits,
  translations,alternative_titles,external_ids,release_dates,images`: each appended answer is a key
  of the film's object, shaped as its own endpoint answers it ("Append To Response",
  https://developer.themoviedb.org/docs/append-to-response; the endpoints' own answers are in
  jdrouet/tmdb-api assets/movie-details.json, movie-credits.json, movie-translations.json,
  movie-alternative-titles.json, movie-external-ids.json, movie-release-dates.json,
  movie-images.json). With language=ko-KR the film's own `title` and `overview` are the Korean
  ones; the English title and overview are read from `translations.translations[]`, the entry
  whose `iso_639_1` is "en" (US first), `data.title` / `data.overview`, and the Korean overview
  likewise from the "ko" entry (the top-level overview only when that entry has none), so that
  nothing depends on how TMDB falls back when a language is missing. An English entry's title is
  "" when English is the film's own language (movie-translations.json, film 550): then the
  original title is the English one.
- The images the language parameter keeps are those tagged ko, untagged and en
  (include_image_language, https://developer.themoviedb.org/docs/image-languages); `poster_path` is
  TMDB's own choice for the language asked, falling back to the original language's best rated,
  so it is the poster; `images.posters[]` only when it is empty. Image addresses are
  https://image.tmdb.org/t/p/{size}{file_path} (https://developer.themoviedb.org/docs/image-basics);
  the sizes are those /configuration lists (poster_sizes w92...w780, original; profile_sizes w45,
  w185, h632, original): w780 is the smallest poster at least as wide as the widest rendition the
  pages show (640, catalog.images), h632 the largest profile short of the original.
- Release: `release_dates.results[]` for iso_3166_1 "KR", whose `release_dates[]` each have
  `certification`, `release_date` (an ISO timestamp) and `type` (1 premiere, 2 limited theatrical,
  3 theatrical, 4 digital, 5 physical, 6 TV: "Release Types" on the reference's movie-release-dates
  page). The release date is the earliest KR theatrical one (type 3, else type 2), else the film's
  `release_date`; the certificate is that entry's certification, else the first KR one given,
  through importers.certificates ("All", "12", "15", "18", "Restricted Screening").
- People: `credits.cast[]` (`id`, `name`, `original_name`, `character`, `order`, `profile_path`)
  and `credits.crew[]` (the same and `department`, `job`). The jobs kept are below (JOB_ROLES).
  TMDB's person names are mostly in Latin letters in both `name` and `original_name` (Parasite's
  recorded credits give "Song Kang-ho" for both), so name_ko is taken only from a name written in
  hangul, never made up; `character` is one string per credit, in whatever language it was
  entered: it goes to character_ko when it is written in hangul and to character otherwise.
- `GET /3/discover/movie?with_original_language=ko&primary_release_year=Y&sort_by=
  primary_release_date.asc&page=N` answers {page, results[{id, ...}], total_pages, total_results}
  (the same page shape as jdrouet/tmdb-api assets/movie-popular.json); pages run from 1 to 500
  (TMDB's error 22, "Invalid page: Pages start at 1 and max at 500",
  https://developer.themoviedb.org/docs/errors), so a year with more than 500 pages is read in
  halves of its dates (primary_release_date.gte/.lte) until each part has 500 pages or fewer.
  Films without a release date have no year to be found by and are not listed (fetch_one or
  `find` reaches them); films TMDB flags `adult` are left out (include_adult=false, its default).
  TMDB cannot list Korean films changed since a date (/movie/changes lists every film's changes,
  14 days at a time), so a Scope's `since` means released since.
- `GET /3/find/{external_id}?external_source=imdb_id|wikidata_id` answers {movie_results[{id,
  ...}], person_results, tv_results, ...} (jdrouet/tmdb-api assets/find-by-id-movie.json).
- Keys (https://developer.themoviedb.org/docs/authentication-application): a v3 API key goes as
  the api_key query parameter (kept out of logs and the cache by SourceClient), an API Read Access
  Token (a JWT, "eyJ...") as a Bearer header; "Both authentication methods provide the same level
  of access". Errors answer {success: false, status_code, status_message}: 7 "Invalid API key"
  with 401, 34 with 404, 25 with 429 (https://developer.themoviedb.org/docs/errors); SourceClient
  waits and retries 429s (TMDB asks for "somewhere in the 40 requests per second range",
  https://developer.themoviedb.org/docs/rate-limiting).

What TMDB's terms ask of what is read here (https://www.themoviedb.org/api-terms-of-use, last
updated 20 October 2023): nothing may be cached "for longer than 6 months" (1.C), which
importers.attribution turns into a refresh rule, and the site must show TMDB's logo and notice
(3), which the About page does. Posters are linked, not copied (may_copy=False): TMDB "do[es] not
claim ownership of any of the images or data in the API" (FAQ, "API legal notice",
https://developer.themoviedb.org/docs/faq), so it grants no right to re-host a studio's poster,
and a stored copy would outlive the six months."""

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from catalog.models import FIRST_FILM_YEAR
from catalog.naming import has_hangul
from importers.certificates import certificate
from importers.http import SourceClient, SourceError
from importers.records import (
    BadRecord,
    CreditRecord,
    FilmRecord,
    ImageRecord,
    PersonRecord,
    Source,
    TitleRecord,
)
from importers.sources import Scope

SOURCE = Source.TMDB
API = "https://api.themoviedb.org/3"
FILM_PAGE = "https://www.themoviedb.org/movie/{id}"
SITE_HOSTS = {"themoviedb.org", "www.themoviedb.org"}
IMAGES = "https://image.tmdb.org/t/p/"
POSTER_SIZE = "w780"
PROFILE_SIZE = "h632"
IMAGE_PATH = re.compile(r"^/[A-Za-z0-9_-]+\.(?:jpg|jpeg|png|webp)$")
TMDB_ID = re.compile(r"^[1-9]\d{0,9}$")
FILM_ADDRESS = re.compile(r"^/movie/([1-9]\d{0,9})(?:-[^/]*)?(?:/.*)?$")
IMDB_ID = re.compile(r"^tt\d{7,10}$")
WIKIDATA_ID = re.compile(r"^Q[1-9]\d{0,11}$")
READ_ACCESS_TOKEN = re.compile(r"^eyJ[\w-]*\.[\w-]+\.[\w-]+$")

MOVIE_PARAMS = {
    "language": "ko-KR",
    "include_image_language": "ko,null,en",
    "append_to_response": (
        "credits,translations,alternative_titles,external_ids,release_dates,images"
    ),
}
DISCOVER_PARAMS = {
    "with_original_language": "ko",
    "sort_by": "primary_release_date.asc",
    "include_adult": "false",
    "include_video": "false",
}
MAX_PAGES = 500
SYNOPSIS_LIMIT = 600  # catalog.models.Film.synopsis

# TMDB's movie genres (GET /3/genre/movie/list, https://developer.themoviedb.org/reference/
# genre-movie-list; a recorded answer: paratagas/movies-catalog docs/notes.md) onto
# importers.genres. TV Movie (10770) has no kcinema genre and is dropped; History is what
# kcinema calls historical (사극).
GENRE_SLUGS = {
    28: "action",
    12: "adventure",
    16: "animation",
    35: "comedy",
    80: "crime",
    99: "documentary",
    18: "drama",
    10751: "family",
    14: "fantasy",
    36: "historical",
    27: "horror",
    10402: "music",
    9648: "mystery",
    10749: "romance",
    878: "science-fiction",
    53: "thriller",
    10752: "war",
    37: "western",
}

# Crew jobs as TMDB spells them (credits.crew[].job) onto catalog.models.Credit.Role values, in
# the order the credits list them; cast follows, in TMDB's `order`.
JOB_ROLES = {
    "Director": "director",
    "Screenplay": "writer",
    "Writer": "writer",
    "Producer": "producer",
    "Original Music Composer": "composer",
    "Director of Photography": "cinematographer",
    "Editor": "editor",
}
ROLE_ORDER = ["director", "writer", "producer", "composer", "cinematographer", "editor"]

# TMDB files alternative titles under a country, not a language. A title is tagged with a
# language only where its country has one national language and the title is written in that
# language's script; hangul is Korean wherever it is filed, and Latin letters filed under Korea
# are Korean in Latin letters (ko-Latn). Titles of other countries and scripts are dropped.
COUNTRY_LANGUAGES = {
    "US": ("en", {"Latn"}),
    "GB": ("en", {"Latn"}),
    "AU": ("en", {"Latn"}),
    "NZ": ("en", {"Latn"}),
    "IE": ("en", {"Latn"}),
    "FR": ("fr", {"Latn"}),
    "DE": ("de", {"Latn"}),
    "IT": ("it", {"Latn"}),
    "ES": ("es", {"Latn"}),
    "RU": ("ru", {"Cyrl"}),
    "JP": ("ja", {"Jpan", "Hani"}),
    "CN": ("zh-CN", {"Hani"}),
    "TW": ("zh-TW", {"Hani"}),
    "HK": ("zh-HK", {"Hani"}),
}
KOREAS = {"KR", "KP"}


def client(
    *,
    cache_dir: Path | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SourceClient:
    """The client for TMDB, with the operator's TMDB_API_KEY: a v3 API key or a v4 API Read
    Access Token, either of which TMDB's API settings page gives."""
    key = settings.TMDB_API_KEY
    if not key:
        raise SourceError(
            "tmdb: set TMDB_API_KEY to your TMDB API key or API Read Access Token "
            "(https://www.themoviedb.org/settings/api)"
        )
    if READ_ACCESS_TOKEN.match(key):
        auth: dict[str, Any] = {"headers": {"Authorization": f"Bearer {key}"}}
    else:
        auth = {"secret_params": {"api_key": key}}
    return SourceClient("tmdb", cache_dir=cache_dir, transport=transport, sleep=sleep, **auth)


def parse_id(text: str) -> str | None:
    """496243, or a film's address at TMDB (https://www.themoviedb.org/movie/496243-parasite,
    with any language, page or query after it) -> "496243"; anything else -> None."""
    text = (text or "").strip()
    if TMDB_ID.match(text):
        return text
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in SITE_HOSTS:
        return None
    match = FILM_ADDRESS.match(parts.path)
    return match.group(1) if match else None


def fetch_one(client: SourceClient, source_id: str) -> FilmRecord:
    tmdb_id = parse_id(source_id)
    if tmdb_id is None:
        raise BadRecord(f"{source_id!r} is not a TMDB film id or address")
    try:
        movie = _get(client, f"/movie/{tmdb_id}", MOVIE_PARAMS)
    except SourceError as error:
        if error.status == 404:
            raise BadRecord(f"TMDB has no film {tmdb_id}") from None
        raise
    return film_record(movie)


def fetch(
    client: SourceClient, scope: Scope, *, skip: Callable[[str], bool]
) -> Iterator[FilmRecord | BadRecord]:
    """The Korean-language films in scope: by release-date windows in date order, each
    window's films by TMDB id, each film once."""
    seen: set[str] = set()
    for found in _ids_in(client, scope):
        if isinstance(found, BadRecord):
            yield found
            continue
        if found in seen or skip(found):
            continue
        seen.add(found)
        try:
            yield fetch_one(client, found)
        except BadRecord as error:
            yield error


def find(client: SourceClient, external_id: str) -> list[str]:
    """The TMDB ids of the films an IMDb id (tt...) or Wikidata id (Q...) belongs to."""
    external_id = external_id.strip()
    if IMDB_ID.match(external_id):
        source = "imdb_id"
    elif WIKIDATA_ID.match(external_id):
        source = "wikidata_id"
    else:
        raise ValueError(f"{external_id!r} is neither an IMDb title id nor a Wikidata id")
    answer = _get(client, f"/find/{external_id}", {"external_source": source})
    return [str(film["id"]) for film in _dicts(answer.get("movie_results")) if _int(film.get("id"))]


def film_record(movie: dict[str, Any]) -> FilmRecord:
    """One film as /movie/{id} with the appended answers gives it."""
    tmdb_id = _int(movie.get("id"))
    if not tmdb_id:
        raise BadRecord("TMDB answered a film without an id")
    translations = _translations(movie)
    korean, english = translations.get("ko", {}), translations.get("en", {})
    original = _text(movie.get("original_title"))
    original_title = next((t for t in (original, _text(korean.get("title"))) if has_hangul(t)), "")
    title = _text(english.get("title"))
    if not title and movie.get("original_language") == "en" and not has_hangul(original):
        title = original
    if not (title or original_title):
        raise BadRecord(f"TMDB film {tmdb_id} has no English or Korean title")
    released, rated = _korean_release(movie)
    released = released or _date(movie.get("release_date"))
    external = movie.get("external_ids") if isinstance(movie.get("external_ids"), dict) else {}
    synopsis_ko = _text(korean.get("overview"))
    if not synopsis_ko and has_hangul(_text(movie.get("overview"))):
        synopsis_ko = _text(movie.get("overview"))
    return FilmRecord(
        source=SOURCE,
        source_id=str(tmdb_id),
        ids=_film_ids(tmdb_id, movie, external),
        title=title,
        original_title=original_title,
        year=released.year if released else None,
        release_date=released,
        runtime=_int(movie.get("runtime")),
        countries=_countries(movie),
        languages=_languages(movie),
        certificate=certificate(rated),
        genres=_genres(movie),
        synopsis=whole_sentences(_text(english.get("overview"))),
        synopsis_ko=whole_sentences(synopsis_ko),
        alternative_titles=_alternative_titles(movie, {title, original_title}),
        credits=_credits(movie.get("credits")),
        poster=_poster(movie),
        popularity=_popularity(movie.get("popularity")),
        url=FILM_PAGE.format(id=tmdb_id),
    )


def whole_sentences(text: str, limit: int = SYNOPSIS_LIMIT) -> str:
    """The text, or as many of its first sentences as fit in `limit` characters; a first
    sentence longer than that is cut at a word and ends with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, limit + 1) if m.end() <= limit]
    if ends:
        return text[: ends[-1]].strip()
    return text[: limit - 1].rsplit(None, 1)[0].rstrip() + "…"


SENTENCE_END = re.compile(r"[.!?。]+[\"'”’)\]]*(?=\s|$)")


def _get(client: SourceClient, path: str, params: dict[str, Any]) -> Any:
    """TMDB's answer, or a SourceError that says what TMDB said (its status_message)."""
    try:
        answer = client.get_json(API + path, params)
    except SourceError as error:
        raise _explained(error) from None
    if not isinstance(answer, dict):
        raise SourceError(f"tmdb: {path} answered something other than a JSON object")
    return answer


def _explained(error: SourceError) -> SourceError:
    try:
        said = json.loads(error.body) if error.body else {}
    except ValueError:
        said = {}
    message = str(error)
    if isinstance(said, dict) and said.get("status_message"):
        message += f": {said['status_message']} (TMDB status {said.get('status_code')})"
    if error.status == 401:
        message += "; check TMDB_API_KEY"
    return SourceError(message, status=error.status, body=error.body)


def _ids_in(client: SourceClient, scope: Scope) -> Iterator[str | BadRecord]:
    if scope.ids:
        for text in scope.ids:
            tmdb_id = parse_id(text)
            yield tmdb_id if tmdb_id else BadRecord(f"{text!r} is not a TMDB film id or address")
        return
    today = date.today()
    years = sorted(set(scope.years)) or range(
        scope.since.year if scope.since else FIRST_FILM_YEAR, today.year + 2
    )
    for year in years:
        first, last = date(year, 1, 1), date(year, 12, 31)
        if scope.since and scope.since > last:
            continue
        if scope.since and scope.since > first:
            yield from _discovered(client, max(first, scope.since), last)
        else:
            yield from _discovered(client, first, last, whole_year=True)


def _discovered(
    client: SourceClient, first: date, last: date, *, whole_year: bool = False
) -> Iterator[str | BadRecord]:
    """The ids of the films first released from `first` to `last`, in id order; a window of
    more than 500 pages is read in two halves, and so on."""
    if whole_year:
        window = {"primary_release_year": first.year}
    else:
        window = {
            "primary_release_date.gte": first.isoformat(),
            "primary_release_date.lte": last.isoformat(),
        }
    params = {**DISCOVER_PARAMS, **window}
    answer = _get(client, "/discover/movie", {**params, "page": 1})
    pages = _int(answer.get("total_pages")) or 0
    if pages > MAX_PAGES and first < last:
        middle = first + (last - first) // 2
        yield from _discovered(client, first, middle)
        yield from _discovered(client, middle + timedelta(days=1), last)
        return
    ids = _ids_on(answer)
    for page in range(2, min(pages, MAX_PAGES) + 1):
        ids |= _ids_on(_get(client, "/discover/movie", {**params, "page": page}))
    if pages > MAX_PAGES:
        yield BadRecord(
            f"TMDB lists more than {MAX_PAGES} pages of Korean films released on {first}; "
            f"only the first {MAX_PAGES} were read"
        )
    yield from (str(tmdb_id) for tmdb_id in sorted(ids))


def _ids_on(answer: dict[str, Any]) -> set[int]:
    return {film["id"] for film in _dicts(answer.get("results")) if _int(film.get("id"))}


def _translations(movie: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each language's translation data: ko from Korea, en from the US, before other countries."""
    preferred = {"ko": "KR", "en": "US"}
    found: dict[str, dict[str, Any]] = {}
    block = movie.get("translations") if isinstance(movie.get("translations"), dict) else {}
    for entry in _dicts(block.get("translations")):
        language, data = entry.get("iso_639_1"), entry.get("data")
        if language not in preferred or not isinstance(data, dict):
            continue
        if language not in found or entry.get("iso_3166_1") == preferred[language]:
            found[language] = data
    return found


def _korean_release(movie: dict[str, Any]) -> tuple[date | None, str]:
    """The earliest Korean theatrical release and the certification Korea gave."""
    block = movie.get("release_dates") if isinstance(movie.get("release_dates"), dict) else {}
    entries = [
        entry
        for country in _dicts(block.get("results"))
        if country.get("iso_3166_1") == "KR"
        for entry in _dicts(country.get("release_dates"))
    ]
    dated = sorted(
        ((_date(entry.get("release_date")), entry) for entry in entries),
        key=lambda pair: pair[0] or date.max,
    )
    theatrical = [(day, e) for kind in (3, 2) for day, e in dated if e.get("type") == kind and day]
    chosen = theatrical[0] if theatrical else (None, {})
    ratings = [_text(chosen[1].get("certification"))] + [
        _text(entry.get("certification")) for _day, entry in dated
    ]
    return chosen[0], next((rating for rating in ratings if rating), "")


def _film_ids(tmdb_id: int, movie: dict[str, Any], external: dict[str, Any]) -> dict[str, str]:
    ids = {"tmdb_id": str(tmdb_id)}
    imdb = _text(external.get("imdb_id")) or _text(movie.get("imdb_id"))
    if IMDB_ID.match(imdb):
        ids["imdb_id"] = imdb
    wikidata = _text(external.get("wikidata_id"))
    if WIKIDATA_ID.match(wikidata):
        ids["wikidata_id"] = wikidata
    return ids


def _countries(movie: dict[str, Any]) -> list[str]:
    codes = [_text(c.get("iso_3166_1")).upper() for c in _dicts(movie.get("production_countries"))]
    return _unique(code for code in codes if re.fullmatch(r"[A-Z]{2}", code))


def _languages(movie: dict[str, Any]) -> list[str]:
    """The original language first, then the others spoken; "xx" is TMDB's "No Language"."""
    spoken = [_text(s.get("iso_639_1")) for s in _dicts(movie.get("spoken_languages"))]
    codes = [_text(movie.get("original_language")), *spoken]
    return _unique(c.lower() for c in codes if re.fullmatch(r"[a-z]{2,3}", c) and c != "xx")


def _genres(movie: dict[str, Any]) -> list[str]:
    ids = [genre.get("id") for genre in _dicts(movie.get("genres"))]
    return _unique(GENRE_SLUGS[genre_id] for genre_id in ids if genre_id in GENRE_SLUGS)


def _alternative_titles(movie: dict[str, Any], known: set[str]) -> list[TitleRecord]:
    block = movie.get("alternative_titles")
    entries = _dicts(block.get("titles")) if isinstance(block, dict) else []
    titles = []
    for entry in entries:
        title = " ".join(_text(entry.get("title")).split())
        tagged = _title_language(title, _text(entry.get("iso_3166_1")), _text(entry.get("type")))
        if not title or title in known or tagged is None:
            continue
        known.add(title)
        titles.append(TitleRecord(title=title, language=tagged[0], kind=tagged[1]))
    return titles


def _title_language(title: str, country: str, kind: str) -> tuple[str, str] | None:
    script = _script(title)
    if script == "Hang":
        return "ko", "other"
    if country in KOREAS and script == "Latn":
        return "ko-Latn", "romanised" if "romani" in kind.lower() else "other"
    language, scripts = COUNTRY_LANGUAGES.get(country, ("", set()))
    return (language, "translated") if script in scripts else None


def _script(text: str) -> str:
    """Hang, Latn, Cyrl, Jpan (kana, with or without kanji), Hani (CJK only) or ""."""
    if has_hangul(text):
        return "Hang"
    names = {unicodedata.name(ch, "").split(" ")[0] for ch in text if ch.isalpha()}
    if names & {"HIRAGANA", "KATAKANA"} and names <= {"HIRAGANA", "KATAKANA", "CJK"}:
        return "Jpan"
    for script, name in (("Latn", "LATIN"), ("Cyrl", "CYRILLIC"), ("Hani", "CJK")):
        if names == {name}:
            return script
    return ""


def _credits(block: Any) -> list[CreditRecord]:
    """Crew in ROLE_ORDER, each person once per role, then the cast in billing order."""
    block = block if isinstance(block, dict) else {}
    people: dict[int, PersonRecord] = {}
    crew: dict[str, list[CreditRecord]] = {role: [] for role in ROLE_ORDER}
    for entry in _dicts(block.get("crew")):
        role, person = JOB_ROLES.get(_text(entry.get("job"))), _person(entry, people)
        if role and person and all(c.person is not person for c in crew[role]):
            crew[role].append(CreditRecord(person=person, role=role, order=len(crew[role])))
    cast = []
    billed = sorted(_dicts(block.get("cast")), key=lambda entry: _int(entry.get("order")) or 0)
    for entry in billed:
        person = _person(entry, people)
        if person is None:
            continue
        character = " ".join(_text(entry.get("character")).split())
        cast.append(
            CreditRecord(
                person=person,
                role="cast",
                character="" if has_hangul(character) else character,
                character_ko=character if has_hangul(character) else "",
                order=_int(entry.get("order")) or 0,
            )
        )
    return [credit for role in ROLE_ORDER for credit in crew[role]] + cast


def _person(entry: dict[str, Any], people: dict[int, PersonRecord]) -> PersonRecord | None:
    """One record per person in a film, however many jobs they hold."""
    tmdb_id = _int(entry.get("id"))
    if not tmdb_id:
        return None
    if tmdb_id not in people:
        names = [_text(entry.get("name")), _text(entry.get("original_name"))]
        latin = next((name for name in names if name and not has_hangul(name)), "")
        hangul = next((name for name in reversed(names) if has_hangul(name)), "")
        if not (latin or hangul):
            return None
        people[tmdb_id] = PersonRecord(
            source=SOURCE,
            source_id=str(tmdb_id),
            ids={"tmdb_id": str(tmdb_id)},
            name=latin,
            name_ko=hangul,
            photo_url=_image_url(entry.get("profile_path"), PROFILE_SIZE),
        )
    return people[tmdb_id]


def _poster(movie: dict[str, Any]) -> ImageRecord | None:
    path = movie.get("poster_path")
    if not path:
        images = movie.get("images") if isinstance(movie.get("images"), dict) else {}
        path = next((p.get("file_path") for p in _dicts(images.get("posters"))), None)
    url = _image_url(path, POSTER_SIZE)
    return ImageRecord(url=url, licence="TMDB", may_copy=False) if url else None


def _image_url(path: Any, size: str) -> str:
    return f"{IMAGES}{size}{path}" if isinstance(path, str) and IMAGE_PATH.match(path) else ""


def _popularity(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return round(value)


def _date(value: Any) -> date | None:
    """2019-05-30 or 2019-05-30T00:00:00.000Z -> a date; anything else -> None."""
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _unique(values: Any) -> list[Any]:
    return list(dict.fromkeys(values))
