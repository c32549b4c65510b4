"""Wikidata's Korean films as importers.records, read from Wikidata's own formats; knows
nothing of the database.

Three ways in, all ending in one mapping (`film_record`) from Wikidata's canonical entity JSON:

- **entity JSON** as Special:EntityData serves it (`{"entities": {"Q…": {…}, …}}`), one file
  that may hold the films and their people;
- **one entity per line**, as Wikidata's JSON dumps are: a JSON array with each entity on a line
  of its own ending in "," and the brackets on lines of their own (plain JSON lines work too),
  the films' people in the same file. `read_file` reads it twice: the people first, kept as one
  short string each, then the films, so that 100,000 films and 300,000 people fit in well under
  500 MB;
- **SPARQL results** (application/sparql-results+json) of importers/queries/wikidata_films.rq,
  one query per year of first publication so that each stays inside the public endpoint's
  60-second limit; the rows (one fact each) are folded back into entity JSON per film.

Formats, as documented:
- Entity JSON: https://www.mediawiki.org/wiki/Wikibase/DataModel/JSON ("the canonical JSON
  format used … in the API, in JSON dumps, as well as by Special:EntityData"; "in JSON dumps,
  each entity is encoded as a single line"): labels/aliases by language, `claims` by property,
  each statement with `rank` (preferred/normal/deprecated) and a `mainsnak` whose `snaktype` is
  value/somevalue/novalue and whose `datavalue` is `wikibase-entityid` ({"id": "Q…"}), `string`,
  `time` ({"time": "+2019-05-30T00:00:00Z", "precision": 11, …}; precision 9 year, 10 month,
  11 day) or `quantity` ({"amount": "+132", "unit": "http://www.wikidata.org/entity/Q7727"}).
  The dump's array with a "," after each line: the reading notes in TorbenRahbekKoch/wikidata
  "Wikidata Json Format.md". The language-neutral "mul" label some entities carry instead of
  an English one: the wbgetentities example in a public `get_mul_label` helper (Q187560).
- SPARQL results: https://www.w3.org/TR/sparql11-results-json/ (head.vars, results.bindings,
  each term {"type": "uri"|"literal"|"bnode", "value", optional "xml:lang"/"datatype"}); the
  statement-value terms of the query (wikibase:timeValue, wikibase:timePrecision,
  wikibase:quantityAmount, wikibase:quantityUnit, wikibase:rank):
  https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format.
- wbgetentities takes at most 50 ids a call (maxlath/wikibase-sdk docs/get_entities.md:
  "above 50 ids … won't be fully fulfilled by Wikidata API").
- The User-Agent: https://foundation.wikimedia.org/wiki/Policy:User-Agent_policy ("identifying
  the bot … and supplying some way of contacting you", "<client name>/<version> (<contact
  information>) <library/framework name>/<version>").

Properties and the shape of their values:
- P345 IMDb ID, tt… for films and nm… for people (Template:Complex_constraint's example on
  wikidata.org: "Person with IMDb identifier but prefix is not nm"); P4947 TMDB movie ID and
  P4985 TMDB person ID, numbers (jacobmgreer/Nitrate-Datasets README; josh/wikidatabots
  not_found_P4947.py reads P4947 as int).
- P8921, the KOFIC/KOBIS film code (movieCd), e.g. "19990067" for Attack the Gas Station
  (Q485069): dlwr/yuta25-wiki scripts/movie_page.py ("P8921": KOFIC, …filmsView.jsp?movieCd={})
  and tests/test_movie_page.py.
- P3704 KMDb film ID, e.g. "K/05013" (same two files; formatter
  https://www.kmdb.or.kr/db/kor/detail/movie/{}): KMDb's own answers give the page as
  …/detail/movie/{movieId}/{movieSeq} and DOCID = movieId + movieSeq (a recorded KMDb answer:
  DOCID "F07910", movieId "F", movieSeq "07910", kmdbUrl …/detail/movie/F/07910), so
  "K/05013" is the DOCID "K05013". Other shapes are left out.
- P1649 KMDb person ID: eight digits, e.g. "00122258" (a public Wikidata person export;
  KMDb's own actorId/directorId "00111627" are the same shape), read into the person's kmdb_id
  (catalog.models.kmdb_person_id); other shapes are left out.
- P2047 duration, read only in minutes (unit Q7727, as in a recorded Special:EntityData answer
  in pappes/MyMovieSearch wikidata_detail.dart).
- P1545 series ordinal, a string qualifier ("1", "2"…), orders cast rows of SPARQL results,
  which carry no statement order; entity JSON keeps its statement order.
- P18 image, a file on Wikimedia Commons: its shapes, address and licence are in
  importers.sources.commons. `film_record` gives it as an image to link (its licence unknown);
  `fetch` and `fetch_one` ask Commons for the licences of the images of the films they yield
  (one call per 50 files, answers kept in the response cache), and an image whose licence is
  known free may be copied. Read from a file, with no network, an image stays linked.
Film classes and genre items: see FILM_CLASSES and GENRES below.
Not read, for want of a source confirming them here: character names (P453/P4633), countries
other than South Korea (only a film whose sole country of origin is Q884 gets countries
["KR"]), durations in units other than the minute; people's images (their photos are not
imported from any source yet).
"""

import json
import re
import string
from array import array
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings

from importers.genres import GENRES as KCINEMA_GENRES
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
from importers.sources import Scope, commons

SOURCE = Source.WIKIDATA

SPARQL_URL = "https://query.wikidata.org/sparql"
ENTITY_DATA_URL = "https://www.wikidata.org/wiki/Special:EntityData/{}.json"
API_URL = "https://www.wikidata.org/w/api.php"
PAGE_URL = "https://www.wikidata.org/wiki/{}"
ENTITY_URI = "http://www.wikidata.org/entity/"
QUERY_FILE = Path(__file__).resolve().parent.parent / "queries" / "wikidata_films.rq"
FIRST_YEAR = 1919  # 의리적 구토, the first Korean film, was shown in 1919.
MAX_IDS_PER_CALL = 50
# The operator's address for the User-Agent, as the policy asks (a URL or an e-mail).
CONTACT_VARIABLE = "WIKIDATA_CONTACT"
PROJECT_URL = "https://github.com/kcinema"

# The catalogue's bounds (catalog.models FIRST_FILM_YEAR, LAST_FILM_YEAR, MAX_RUNTIME_MINUTES),
# repeated so that this module imports without Django.
FIRST_FILM_YEAR, LAST_FILM_YEAR, MAX_RUNTIME_MINUTES = 1888, 2100, 1500

SOUTH_KOREA = "Q884"
HUMAN = "Q5"
MINUTE = ENTITY_URI + "Q7727"
COUNTRY, PUBLISHED, DURATION, GENRE, INSTANCE_OF = "P495", "P577", "P2047", "P136", "P31"
BORN, DIED, ORDINAL, IMAGE = "P569", "P570", "P1545", "P18"
IMDB, TMDB_FILM, TMDB_PERSON, KOBIS, KMDB_FILM = "P345", "P4947", "P4985", "P8921", "P3704"
KMDB_PERSON = "P1649"

# Credits, in the order they are listed: property -> catalog.models.Credit.Role value.
ROLES = {
    "P57": "director",
    "P161": "cast",
    "P58": "writer",
    "P162": "producer",
    "P86": "composer",
    "P344": "cinematographer",
    "P1040": "editor",
}

# Film items' classes (P31) taken as films: film and the subclasses public Wikidata readers
# list as film kinds (the FILM_KINDS of a public Wikidata film assistant, code-index file
# 70182765784: film Q11424, short film Q24862, animated film Q202866, silent film Q226730,
# television film Q506240, anime film Q20650540, feature film Q24869, animated feature film
# Q29168811, animated short film Q17517379, documentary film Q93204), and the genre classes
# below, which some films carry as P31 directly. SPARQL results need none of this: the query
# follows P279 itself.
FILM_CLASSES = frozenset(
    {
        "Q11424", "Q24862", "Q202866", "Q226730", "Q506240", "Q20650540", "Q24869",
        "Q29168811", "Q17517379", "Q93204",
    }
)  # fmt: skip

# Wikidata genre items -> kcinema genre slugs (importers.genres). Each Q-id with its English
# label as two unrelated public tables give it (a film-catalogue client's GENRES and a film
# assistant's GENRE_FILTERS, both querying Wikidata: files 70599086914 and 70182765784 of the
# search tool's code index), four of them also in an RDF export of Wikidata labels (action
# film, drama film, thriller film, science fiction film: file 54507504776). Genres with no
# confirmed item (disaster, music, martial arts) are left out.
GENRES = {
    "Q188473": "action",  # action film
    "Q202866": "animation",  # animated film
    "Q157443": "comedy",  # comedy film
    "Q959790": "crime",  # crime film
    "Q130232": "drama",  # drama film
    "Q1361932": "family",  # family film
    "Q157394": "fantasy",  # fantasy film
    "Q17013749": "historical",  # historical film
    "Q200092": "horror",  # horror film
    "Q1200678": "mystery",  # mystery film
    "Q1054574": "romance",  # romance film
    "Q471839": "science-fiction",  # science fiction film
    "Q2484376": "thriller",  # thriller film
    "Q369747": "war",  # war film
    "Q319221": "adventure",  # adventure film
    "Q93204": "documentary",  # documentary film
    "Q842256": "musical",  # musical film
    "Q172980": "western",  # western film
}
assert set(GENRES.values()) <= set(KCINEMA_GENRES)  # a slug importers.genres lacks: at import
FILM_OR_GENRE_CLASSES = FILM_CLASSES | set(GENRES)

# The catalogue's id validators (catalog.models), so that no id the catalogue refuses is passed on.
FILM_IMDB = re.compile(r"tt\d{7,10}")
PERSON_IMDB = re.compile(r"nm\d{7,10}")
NUMBER = re.compile(r"[1-9]\d{0,9}")
KOBIS_CODE = re.compile(r"\d{6,10}")
KMDB_PAGE = re.compile(r"([A-Z])/(\d{5,8})")  # P3704 "K/05013" -> DOCID "K05013"
QID = re.compile(r"Q[1-9]\d{0,11}")
PERSON_KMDB = re.compile(r"\d{8}")  # P1649 "00122258"
ADDRESS = re.compile(
    r"\s*(?:wd:|(?:https?://)?(?:www\.|m\.)?wikidata\.org/"
    r"(?:wiki/Special:EntityData/|wiki/|entity/))?"
    r"([Qq][1-9]\d{0,11})(?:\.json)?(?:[?#].*)?\s*"
)
TIME = re.compile(r"([+-]?)(\d{1,16})-(\d\d)-(\d\d)T")


# --- The network ----------------------------------------------------------------------------


def user_agent(contact: str = "") -> str:
    contact = contact or settings.WIKIDATA_CONTACT.strip() or PROJECT_URL
    return f"kcinema-importer/1.0 ({contact}) httpx/{httpx.__version__}"


def client(*, cache_dir: Path | None, transport: httpx.BaseTransport | None = None) -> SourceClient:
    """Wikidata needs no key; the User-Agent names kcinema and the operator's contact
    (WIKIDATA_CONTACT, else the project's address)."""
    return SourceClient(
        "wikidata",
        headers={
            "User-Agent": user_agent(),
            "Accept": "application/sparql-results+json, application/json",
        },
        cache_dir=cache_dir,
        cache_seconds=24 * 3600,
        max_concurrent=1,
        transport=transport,
    )


def parse_id(text: str) -> str | None:
    """Q483437, wd:Q483437, https://www.wikidata.org/wiki/Q483437, wikidata.org/entity/Q483437
    or a Special:EntityData address -> "Q483437"; None for anything else."""
    found = ADDRESS.fullmatch(text or "")
    return found.group(1).upper() if found else None


def fetch_one(client: SourceClient, source_id: str) -> FilmRecord:
    """A film from Special:EntityData, its people from wbgetentities (50 ids a call)."""
    qid = parse_id(source_id)
    if qid is None:
        raise BadRecord(f"{source_id!r} is not a Wikidata id")
    document = client.get_json(ENTITY_DATA_URL.format(qid))
    entities = _entities_of(document)
    if not entities:
        raise SourceError(f"wikidata: Special:EntityData gave no entity for {qid}")
    film = entities[0]  # a merged item answers with the item it was merged into
    wanted = sorted(_person_refs(film), key=lambda ref: int(ref[1:]))
    people = _People()
    for start in range(0, len(wanted), MAX_IDS_PER_CALL):
        answer = client.get_json(API_URL, _people_params(wanted[start : start + MAX_IDS_PER_CALL]))
        for person in _entities_of(answer):
            people.keep(person)
    [record] = with_licences(client, [film_record(film, people.record)])
    return record


def fetch(
    client: SourceClient, scope: Scope, *, skip: Callable[[str], bool]
) -> Iterator[FilmRecord | BadRecord]:
    """Every Korean film first published in the scope's years (every year from 1919 to this
        one when it names none), one SPARQL query a year, in year order then Q-id order (a film
    dated in several years comes once, in the first). Films
        named by scope.ids are read from Special:EntityData instead. `since` cannot be asked of
        the query and is not used."""
    if scope.ids:
        for source_id in scope.ids:
            qid = parse_id(source_id)
            if qid is None:
                yield BadRecord(f"{source_id!r} is not a Wikidata id")
            elif not skip(qid):
                yield _one_or_bad(client, qid)
        return
    years = scope.years or tuple(range(FIRST_YEAR, date.today().year + 1))
    seen: set[int] = set()
    for year in years:
        document = client.get_json(SPARQL_URL, {"query": films_query(year), "format": "json"})
        found: list[FilmRecord | BadRecord] = []
        for record in sparql_films(document):
            qid = record.source_id if isinstance(record, FilmRecord) else ""
            if qid and (int(qid[1:]) in seen or skip(qid)):
                continue
            if qid:
                seen.add(int(qid[1:]))
            found.append(record)
        yield from with_licences(client, found)


def with_licences(
    client: SourceClient, records: list[FilmRecord | BadRecord]
) -> list[FilmRecord | BadRecord]:
    """The records with their images' licences and authors from Commons: those whose licence
    is known free may be copied, the others stay linked."""
    names = {
        commons.file_name(record.poster.url)
        for record in records
        if isinstance(record, FilmRecord) and record.poster
    }
    known = commons.licensed(client, names - {""}) if names - {""} else {}
    for record in records:
        if isinstance(record, FilmRecord) and record.poster:
            record.poster = known.get(commons.file_name(record.poster.url), record.poster)
    return records


def films_query(year: int) -> str:
    return string.Template(QUERY_FILE.read_text(encoding="utf-8")).substitute(year=int(year))


def _one_or_bad(client: SourceClient, source_id: str) -> FilmRecord | BadRecord:
    try:
        return fetch_one(client, source_id)
    except BadRecord as bad:
        return bad


def _people_params(ids: list[str]) -> dict[str, str]:
    return {
        "action": "wbgetentities",
        "ids": "|".join(ids),
        "props": "labels|claims",
        "languages": "ko|en|mul",
        "format": "json",
    }


# --- Files ----------------------------------------------------------------------------------


def read_file(path: Path) -> Iterator[FilmRecord | BadRecord]:
    """Entity JSON, dump lines or SPARQL results, told apart by their first bytes."""
    kind, document = detect_format(Path(path))
    if kind == "sparql":
        yield from sparql_films(document)
    elif kind == "entities":
        yield from entity_document_films(document)
    else:
        yield from _DumpReader(Path(path)).films()


def detect_format(path: Path) -> tuple[str, Any]:
    """("sparql" | "entities", the parsed document) or ("lines", None)."""
    with path.open("rb") as handle:
        first = handle.readline()
    opening = first.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if opening == b"[" or opening == b"":
        return "lines", None
    try:
        document = json.loads(first)
    except ValueError:
        document = None
    if document is None:  # a document over several lines, or a broken first line
        try:
            document = json.loads(path.read_bytes())
        except ValueError:
            return "lines", None
    if isinstance(document, dict) and "head" in document and "results" in document:
        return "sparql", document
    if isinstance(document, dict) and isinstance(document.get("entities"), dict):
        return "entities", document
    return "lines", None


def entity_document_films(document: dict) -> Iterator[FilmRecord | BadRecord]:
    """Films of one Special:EntityData (or wbgetentities) document, people from the same one."""
    entities = _entities_of(document)
    people = _People()
    films = [_is_film(entity) for entity in entities]
    referenced: set[str] = set()
    for entity, is_film in zip(entities, films, strict=True):
        if is_film:
            referenced |= _person_refs(entity)
        else:
            people.keep(entity)
    for entity, is_film in zip(entities, films, strict=True):
        if is_film:
            yield _film_or_bad(entity, people.record)
        elif entity.get("id") not in referenced and not _is_human(entity):
            yield BadRecord(f"{entity.get('id', '?')}: not a film")


class _DumpReader:
    """Two passes over one-entity-a-line files: people kept compactly, then films."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.people = _People()
        self.film_lines = array("L")
        self.problems: dict[int, str] = {}
        self.others: dict[int, str] = {}  # line -> id of an entity that is not a film

    def films(self) -> Iterator[FilmRecord | BadRecord]:
        referenced = self._first_pass()
        self.people.keep_only(referenced)
        for number, entity_id in self.others.items():
            if not QID.fullmatch(entity_id) or int(entity_id[1:]) not in referenced:
                self.problems[number] = f"{entity_id} is not a film"
        self.others.clear()
        yield from self._second_pass()

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                text = raw.strip()
                if text.endswith(b","):
                    text = text[:-1].rstrip()
                if text and text not in (b"[", b"]"):
                    yield number, text

    def _first_pass(self) -> set[int]:
        referenced: set[int] = set()
        seen_films: dict[int, int] = {}
        for number, text in self._lines():
            entity = self._parse(number, text)
            if entity is None:
                continue
            if not _is_film(entity):
                self.people.keep(entity)
                if not _is_human(entity):  # people nobody credits are no error
                    self.others[number] = str(entity.get("id", "?"))
                continue
            qid = str(entity.get("id", ""))
            key = int(qid[1:]) if QID.fullmatch(qid) else -number
            if key in seen_films:
                self.problems[number] = f"{qid} again (first on line {seen_films[key]})"
                continue
            seen_films[key] = number
            self.film_lines.append(number)
            referenced.update(int(ref[1:]) for ref in _person_refs(entity))
        return referenced

    def _second_pass(self) -> Iterator[FilmRecord | BadRecord]:
        films = iter(self.film_lines)
        next_film = next(films, None)
        for number, text in self._lines():
            if number in self.problems:
                yield BadRecord(f"line {number}: {self.problems[number]}")
            elif number == next_film:
                next_film = next(films, None)
                record = _film_or_bad(json.loads(text), self.people.record)
                yield (
                    BadRecord(f"line {number}: {record}")
                    if isinstance(record, BadRecord)
                    else record
                )

    def _parse(self, number: int, text: bytes) -> dict | None:
        try:
            entity = json.loads(text.decode("utf-8"))
        except UnicodeDecodeError:
            self.problems[number] = "not UTF-8 text"
            return None
        except ValueError:
            self.problems[number] = "not JSON"
            return None
        if not isinstance(entity, dict) or "id" not in entity:
            self.problems[number] = "not a Wikidata entity"
            return None
        return entity


# --- SPARQL results -------------------------------------------------------------------------


def sparql_films(document: dict) -> Iterator[FilmRecord | BadRecord]:
    """SPARQL results of wikidata_films.rq: one fact a row, rows of a film folded back into
    entity JSON and read as entity JSON is."""
    films: dict[str, dict] = {}
    people: dict[str, dict] = {}
    try:
        rows = document["results"]["bindings"]
    except (KeyError, TypeError) as error:
        raise SourceError("wikidata: SPARQL answer without results.bindings") from error
    for row in rows:
        film_id = _qid(row.get("film"))
        if film_id:
            if film_id not in films:
                # The query keeps to films (P31/P279* Q11424): said so for film_record.
                films[film_id] = _empty_entity(film_id)
                _add(films[film_id], INSTANCE_OF, {"id": "Q11424"})
            _fold_row(films[film_id], people, row)
    store = _People()
    for person in people.values():
        store.keep(person)
    for _, entity in sorted(films.items(), key=lambda item: int(item[0][1:])):
        for prop in ROLES:
            entity["claims"].get(prop, []).sort(key=_ordinal)
        yield _film_or_bad(entity, store.record)


def _empty_entity(entity_id: str) -> dict:
    return {"id": entity_id, "type": "item", "labels": {}, "aliases": {}, "claims": {}}


def _fold_row(film: dict, people: dict[str, dict], row: dict) -> None:
    field = _text(row.get("field"))
    value = row.get("value")
    if field in ("label", "alias"):
        language = _text(row.get("lang")) or (value or {}).get("xml:lang", "")
        term = {"language": language, "value": _text(value)}
        if field == "label":
            film["labels"][language] = term
        elif term not in film["aliases"].setdefault(language, []):
            film["aliases"][language].append(term)
    elif field == PUBLISHED:
        _add(film, field, _time_value(_text(value), _text(row.get("precision"))))
    elif field == DURATION:
        amount = _text(value)
        amount = amount if amount.startswith(("+", "-")) else f"+{amount}"
        _add(film, field, {"amount": amount, "unit": _text(row.get("unit"))})
    elif field in ROLES:
        _fold_credit(film, people, field, row)
    elif field and value:
        item = _qid(value)
        _add(film, field, {"id": item} if item else _text(value))


def _fold_credit(film: dict, people: dict[str, dict], field: str, row: dict) -> None:
    person_id = _qid(row.get("person"))
    if not person_id:
        return
    statements = film["claims"].setdefault(field, [])
    if not any(_item(statement) == person_id for statement in statements):
        statement = _statement({"id": person_id})
        if ordinal := _text(row.get("ordinal")):
            statement["qualifiers"] = {
                ORDINAL: [{"snaktype": "value", "datavalue": {"value": ordinal}}]
            }
        statements.append(statement)
    person = people.setdefault(person_id, _empty_entity(person_id))
    for variable, language in (("personEn", "en"), ("personKo", "ko")):
        if name := _text(row.get(variable)):
            person["labels"].setdefault(language, {"language": language, "value": name})
    for variable, prop in (
        ("personImdb", IMDB),
        ("personTmdb", TMDB_PERSON),
        ("personKmdb", KMDB_PERSON),
    ):
        if (found := _text(row.get(variable))) and prop not in person["claims"]:
            _add(person, prop, found)
    for variable, prop in (("birth", BORN), ("death", DIED)):
        if (found := _text(row.get(variable))) and prop not in person["claims"]:
            _add(person, prop, _time_value(found, _text(row.get(variable + "Precision"))))


def _add(entity: dict, prop: str, value: Any) -> None:
    entity["claims"].setdefault(prop, []).append(_statement(value))


def _statement(value: Any) -> dict:
    return {"mainsnak": {"snaktype": "value", "datavalue": {"value": value}}, "rank": "normal"}


def _time_value(text: str, precision: str) -> dict:
    """A SPARQL xsd:dateTime ("2019-05-30T00:00:00Z") as a Wikibase time value."""
    text = text if text.startswith(("+", "-")) else f"+{text}"
    return {"time": text, "precision": int(precision) if precision.isdigit() else 11}


def _ordinal(statement: dict) -> int:
    for snak in statement.get("qualifiers", {}).get(ORDINAL, []):
        value = _snak_value(snak)
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return 1_000_000


def _text(term: dict | None) -> str:
    return str(term.get("value", "")) if isinstance(term, dict) else ""


def _qid(term: dict | None) -> str:
    value = _text(term)
    if value.startswith(ENTITY_URI):
        value = value[len(ENTITY_URI) :]
    return value if QID.fullmatch(value) else ""


# --- Entity JSON -> records -----------------------------------------------------------------


def _entities_of(document: Any) -> list[dict]:
    entities = document.get("entities") if isinstance(document, dict) else None
    if not isinstance(entities, dict):
        return []
    return [e for e in entities.values() if isinstance(e, dict) and "missing" not in e]


def _film_or_bad(
    entity: dict, people: Callable[[str], PersonRecord | None]
) -> FilmRecord | BadRecord:
    try:
        return film_record(entity, people)
    except BadRecord as bad:
        return bad


def film_record(entity: dict, people: Callable[[str], PersonRecord | None]) -> FilmRecord:
    """A film entity in Wikidata's JSON -> FilmRecord; `people(Q-id)` gives its people.
    Raises BadRecord for an entity that is not a Korean film or has no title or year we can use."""
    qid = str(entity.get("id", "?"))
    if not _is_film(entity):
        raise BadRecord(f"{qid}: not a film")
    countries = [_item(s) for s in _statements(entity, COUNTRY)]
    if SOUTH_KOREA not in countries:
        raise BadRecord(f"{qid}: country of origin is not South Korea")
    original_title, title = _label(entity, "ko"), _label(entity, "en")
    if not original_title and not title:
        raise BadRecord(f"{qid}: no title in Korean or English")
    year, release_date = _publication(entity)
    if year is not None and not FIRST_FILM_YEAR <= year <= LAST_FILM_YEAR:
        raise BadRecord(f"{qid}: impossible year {year}")
    return FilmRecord(
        source=SOURCE,
        source_id=qid,
        ids=_film_ids(entity),
        title=title,
        original_title=original_title,
        year=year,
        release_date=release_date,
        runtime=_runtime(entity),
        countries=["KR"] if countries == [SOUTH_KOREA] else [],
        genres=_genres(entity),
        alternative_titles=_alternative_titles(entity, {original_title, title}),
        credits=_credits(entity, people),
        poster=_image(entity),
        url=PAGE_URL.format(qid),
    )


def _image(entity: dict) -> ImageRecord | None:
    """The film's image (P18) on Commons, to link until Commons says its licence."""
    for value in _best(entity, IMAGE):
        if isinstance(value, str) and (name := commons.file_name(value)):
            return ImageRecord(url=commons.file_url(name))
    return None


def _is_film(entity: dict) -> bool:
    if entity.get("type", "item") != "item":
        return False
    return any(_item(s) in FILM_OR_GENRE_CLASSES for s in _statements(entity, INSTANCE_OF))


def _is_human(entity: dict) -> bool:
    return any(_item(s) == HUMAN for s in _statements(entity, INSTANCE_OF))


def _statements(entity: dict, prop: str) -> list[dict]:
    """Statements that assert a value, in statement order, deprecated ones left out."""
    claims = entity.get("claims")
    found = claims.get(prop) if isinstance(claims, dict) else None
    if not isinstance(found, list):
        return []
    return [
        s
        for s in found
        if isinstance(s, dict)
        and s.get("rank") != "deprecated"
        and s.get("mainsnak", {}).get("snaktype", "value") == "value"
    ]


def _best(entity: dict, prop: str) -> list[Any]:
    """Values of the best rank (preferred when there are any), as Wikidata's "truthy" ones."""
    statements = _statements(entity, prop)
    preferred = [s for s in statements if s.get("rank") == "preferred"]
    return [_snak_value(s.get("mainsnak", {})) for s in preferred or statements]


def _snak_value(snak: dict) -> Any:
    datavalue = snak.get("datavalue") if isinstance(snak, dict) else None
    return datavalue.get("value") if isinstance(datavalue, dict) else None


def _item(statement: dict) -> str:
    value = _snak_value(statement.get("mainsnak", {}))
    if isinstance(value, dict):
        item = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else "")
        return item if isinstance(item, str) and QID.fullmatch(item) else ""
    return ""


def _label(entity: dict, language: str) -> str:
    labels = entity.get("labels")
    term = labels.get(language) if isinstance(labels, dict) else None
    value = term.get("value") if isinstance(term, dict) else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def _first_id(entity: dict, prop: str, pattern: re.Pattern) -> str:
    for value in _best(entity, prop):
        if isinstance(value, str) and pattern.fullmatch(value.strip()):
            return value.strip()
    return ""


def _film_ids(entity: dict) -> dict[str, str]:
    ids = {"wikidata_id": str(entity["id"])}
    kmdb = _first_id(entity, KMDB_FILM, KMDB_PAGE)
    for field, found in (
        ("imdb_id", _first_id(entity, IMDB, FILM_IMDB)),
        ("tmdb_id", _first_id(entity, TMDB_FILM, NUMBER)),
        ("kobis_id", _first_id(entity, KOBIS, KOBIS_CODE)),
        ("kmdb_id", kmdb.replace("/", "")),
    ):
        if found:
            ids[field] = found
    return ids


def wikidata_time(value: Any) -> tuple[int | None, date | None]:
    """A Wikibase time value -> (year when precise to the year or better, date when precise to
    the day). Dates before the Gregorian calendar's years 1-9999 give nothing."""
    if not isinstance(value, dict):
        return None, None
    found = TIME.match(str(value.get("time", "")))
    precision = value.get("precision")
    if not found or not isinstance(precision, int) or precision < 9 or found.group(1) == "-":
        return None, None
    year, month, day = (int(part) for part in found.group(2, 3, 4))
    if not 1 <= year <= 9999:
        return None, None
    if precision < 11 or not month or not day:
        return year, None
    try:
        return year, date(year, month, day)
    except ValueError:
        return year, None


def _publication(entity: dict) -> tuple[int | None, date | None]:
    """The earliest year of publication, and the earliest day-precise date in that year."""
    dated = [wikidata_time(_snak_value(s["mainsnak"])) for s in _statements(entity, PUBLISHED)]
    years = [year for year, _ in dated if year is not None]
    if not years:
        return None, None
    year = min(years)
    days = [day for found_year, day in dated if found_year == year and day is not None]
    return year, min(days) if days else None


def _runtime(entity: dict) -> int | None:
    for value in _best(entity, DURATION):
        if not isinstance(value, dict) or value.get("unit") != MINUTE:
            continue
        try:
            minutes = round(float(str(value.get("amount", ""))))
        except ValueError:
            continue
        if 1 <= minutes <= MAX_RUNTIME_MINUTES:
            return minutes
    return None


def _genres(entity: dict) -> list[str]:
    slugs = [GENRES.get(_item(s), "") for s in _statements(entity, GENRE)]
    return list(dict.fromkeys(slug for slug in slugs if slug))


def _alternative_titles(entity: dict, titles: set[str]) -> list[TitleRecord]:
    aliases = entity.get("aliases")
    found: list[TitleRecord] = []
    seen = {title for title in titles if title}
    for language in ("ko", "en"):
        terms = aliases.get(language, []) if isinstance(aliases, dict) else []
        for term in terms if isinstance(terms, list) else []:
            title = " ".join(str(term.get("value", "")).split()) if isinstance(term, dict) else ""
            if title and title not in seen and len(title) <= 200:
                seen.add(title)
                found.append(TitleRecord(title=title, language=language))
    return found


def _person_refs(entity: dict) -> set[str]:
    return {item for prop in ROLES for s in _statements(entity, prop) if (item := _item(s))}


def _credits(entity: dict, people: Callable[[str], PersonRecord | None]) -> list[CreditRecord]:
    credits: list[CreditRecord] = []
    known: dict[str, PersonRecord | None] = {}
    for prop, role in ROLES.items():
        order = 0
        credited: set[str] = set()
        for statement in _statements(entity, prop):
            person_id = _item(statement)
            if not person_id or person_id in credited:
                continue
            if person_id not in known:
                known[person_id] = people(person_id)
            person = known[person_id]
            if person is None:  # not in the file, or with no name we can use
                continue
            credited.add(person_id)
            credits.append(CreditRecord(person=person, role=role, order=order))
            order += 1
    return credits


# --- People, kept compactly -----------------------------------------------------------------

_SEPARATOR = "\x1f"  # a unit separator: in no name or id


class _People:
    """People by Q-number, each as one short string (name, hangul name, IMDb, TMDB, birth,
    death): 300,000 people in tens of megabytes rather than hundreds."""

    def __init__(self) -> None:
        self._people: dict[int, str] = {}

    def keep(self, entity: dict) -> bool:
        """Keeps an item's person fields; False when it is not an item with a name."""
        qid = entity.get("id")
        if (
            entity.get("type", "item") != "item"
            or not isinstance(qid, str)
            or not QID.fullmatch(qid)
        ):
            return False
        fields = person_fields(entity)
        if fields is None:
            return False
        self._people[int(str(qid)[1:])] = _SEPARATOR.join(fields)
        return True

    def keep_only(self, numbers: set[int]) -> None:
        for number in [n for n in self._people if n not in numbers]:
            del self._people[number]

    def __len__(self) -> int:
        return len(self._people)

    def record(self, qid: str) -> PersonRecord | None:
        packed = self._people.get(int(qid[1:])) if QID.fullmatch(qid) else None
        if packed is None:
            return None
        name, name_ko, imdb, tmdb, kmdb, born, died = packed.split(_SEPARATOR)
        ids = {"wikidata_id": qid}
        if imdb:
            ids["imdb_id"] = imdb
        if tmdb:
            ids["tmdb_id"] = tmdb
        if kmdb:
            ids["kmdb_id"] = kmdb
        return PersonRecord(
            source=SOURCE,
            source_id=qid,
            ids=ids,
            name=name,
            name_ko=name_ko,
            birth_date=date.fromisoformat(born) if born else None,
            death_date=date.fromisoformat(died) if died else None,
        )


def person_fields(entity: dict) -> tuple[str, str, str, str, str, str, str] | None:
    """(name, hangul name, IMDb nm…, TMDB person id, KMDb person id, birth, death as ISO dates
    or "") of a person's entity; None when it has no name in English, Korean or the
    language-neutral "mul" label (which goes to the hangul name when it is hangul, to the name
    otherwise)."""
    name, name_ko, neutral = _label(entity, "en"), _label(entity, "ko"), _label(entity, "mul")
    if neutral and _is_hangul(neutral):
        name_ko = name_ko or neutral
    elif neutral:
        name = name or neutral
    if not name and not name_ko:
        return None
    born, died = (_day(entity, prop) for prop in (BORN, DIED))
    if born and died and died < born:
        born = died = ""  # the catalogue refuses a death before a birth: trust neither
    return (
        _clean(name),
        _clean(name_ko),
        _first_id(entity, IMDB, PERSON_IMDB),
        _first_id(entity, TMDB_PERSON, NUMBER),
        _first_id(entity, KMDB_PERSON, PERSON_KMDB),
        born,
        died,
    )


def _day(entity: dict, prop: str) -> str:
    for value in _best(entity, prop):
        _, day = wikidata_time(value)
        if day is not None:
            return day.isoformat()
    return ""


def _clean(text: str) -> str:
    return text.replace(_SEPARATOR, " ")


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= character <= "\ud7a3" for character in text)
