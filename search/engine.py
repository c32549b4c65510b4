"""Finding films and people: matching (through the backend), ranking, filters, typo
correction and suggestions, the same on SQLite and PostgreSQL.

Ranking, best first: the whole query is a title (0), a title starts with it (1), every word
is in the titles (2), the query starts the name of the director or a top-billed actor (3)
or of anyone credited (4), the story has the words (5); then popularity."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from catalog.models import Film, Genre, Person
from search import text
from search.backends import NameQuery, StoryQuery, current_backend
from search.models import Kind, SearchEntry
from search.sql import SQL, fetch_all, fetch_column
from search.tables import CREDIT, ENTRY, FILM, FILM_GENRES, NAME, PREFIX, TERM, TERM_VARIANT, WORD

RESULTS_PER_PAGE = 20
PEOPLE_ON_RESULTS = 6
SUGGESTED_FILMS = 6
SUGGESTED_PEOPLE = 4
MAX_TOKENS = 8  # more words than this narrow nothing down and only cost time
MAX_PAGE = 50  # 1,000 films: past that, a visitor refines the query
MAX_RESULTS = MAX_PAGE * RESULTS_PER_PAGE  # counted no further: no page beyond can be asked for
# More stories than this match: walk the films by popularity rather than sort the matches.
DENSE_STORIES = 2000
MAX_ENDINGS = 50  # story words a query's last word may end as, listed; more: a prefix search
DENSE_NAMES = 500  # more names than this start so: walk the people by popularity
CREDITED_PEOPLE = 20  # the people whose films a name query finds, best known first
MIN_CREDITED_LATIN = 5  # letters of a Latin name before it is looked up in the credits
LAST_CHARACTER = chr(0x10FFFF)  # after every character: "abc" <= "abcd" < "abc" + this
STOPWORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "who",
        "with",
    )
)
SORTS = ("relevance", "newest", "oldest", "title")
# Long texts the popular films offered when nothing is found never show: left in the database.
ENTRY_TEXTS = ("names", "leads", "people")
STORY_FIELDS = ("synopsis", "synopsis_ko", "plot", "plot_ko")
FILM_LIST_DEFERRED = (*ENTRY_TEXTS, *(f"film__{name}" for name in STORY_FIELDS))


@dataclass(frozen=True)
class SearchFilters:
    genre: Genre | None = None
    person: Person | None = None
    year_from: int | None = None
    year_to: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    sort: str = "relevance"

    @property
    def narrows(self) -> bool:
        return any(
            value is not None
            for value in (
                self.genre,
                self.person,
                self.year_from,
                self.year_to,
                self.runtime_min,
                self.runtime_max,
            )
        )


@dataclass(frozen=True)
class Query:
    """A visitor's query in normal form, split the way the index is."""

    text: str

    @classmethod
    def of(cls, raw: str | None) -> "Query":
        query = text.bounded_query(raw)
        return cls(" ".join(query.split()[:MAX_TOKENS]))

    @property
    def tokens(self) -> list[str]:
        return self.text.split()

    @property
    def phrase(self) -> str:
        return text.compact(self.text)

    @property
    def is_short(self) -> bool:
        """One or two letters: answered from the prefix table, not the trigram index."""
        return len(self.phrase) < 3

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass
class SearchResults:
    query: Query
    films: Page
    people: list[SearchEntry]
    corrected: Query | None = None  # the query searched instead, when the visitor's found nothing
    popular: list[Film] = field(default_factory=list)  # offered when nothing is found

    @property
    def total(self) -> int:
        return self.films.paginator.count

    @property
    def more_than_counted(self) -> bool:
        return self.total >= MAX_RESULTS


@dataclass
class Suggestions:
    query: Query
    films: list[SearchEntry]
    people: list[SearchEntry]
    corrected: Query | None = None


# Matching and ranking ------------------------------------------------------------------


def _named(kind: str, query: Query, namesakes: "Namesakes") -> Q:
    """The entries whose names match: the prefix table for one or two letters, the trigram
    index for more; for films also those of the best-known people whose name starts with
    the query."""
    backend = current_backend()
    if query.is_short:
        return Q(id__in=RawSQL(*backend.prefix_match(query.phrase, kind).as_sql()))
    film_ids = _credited_films(query, namesakes) if kind == Kind.FILM else []
    names = backend.names_match(NameQuery.of(query.tokens, STOPWORDS), film_ids)
    return Q(RawSQL(*names.as_sql(), output_field=BooleanField()))


@dataclass(frozen=True)
class Namesakes:
    """The people with a name that is or starts with the query, read once for the two uses of
    them (the films they are credited in, the people shown): (entry id, person id, popularity,
    tier) each, or None when more than DENSE_NAMES names start so (each use then asks the
    database its own way)."""

    rows: list[tuple[int, int, int, int]] | None

    @classmethod
    def of(cls, query: Query) -> "Namesakes":
        if not query or query.is_short:
            return cls([])
        # One row per name (a person may have several starting so): their number is the
        # number of names, as the choice between sorting and walking wants.
        rows = fetch_all(
            SQL.compose(
                f"SELECT {ENTRY}.id, {ENTRY}.person_id, {ENTRY}.popularity, %(tier)s "
                "FROM (%(named)s LIMIT %(limit)s) named "
                f"JOIN {ENTRY} ON {ENTRY}.id = named.entry_id WHERE {ENTRY}.kind = %(kind)s",
                tier=_tier(query),
                named=_names_starting(query.phrase),
                limit=DENSE_NAMES + 1,
                kind=Kind.PERSON,
            )
        )
        if len(rows) > DENSE_NAMES:
            return cls(None)
        return cls(list(dict.fromkeys(rows)))

    def most_popular(self, limit: int) -> list[int]:
        """Person ids, best known first."""
        ranked = sorted(self.rows, key=lambda row: (-row[2], row[0]))
        return [person_id for _entry_id, person_id, _popularity, _tier in ranked[:limit]]

    def best(self, limit: int) -> list[int]:
        """Entry ids, by tier then popularity."""
        ranked = sorted(self.rows, key=lambda row: (row[3], -row[2], row[0]))
        return [entry_id for entry_id, _person_id, _popularity, _tier in ranked[:limit]]


def _credited_films(query: Query, namesakes: Namesakes) -> list[int]:
    """The films of the CREDITED_PEOPLE most popular people with a name starting with the
    query ("kimjihun" or "jihunkim" for "Kim Ji-hun", "김지훈"), found in the name index. A
    short Latin start ("kim") names too many people to mean one of them."""
    phrase = query.phrase
    enough = 2 if text.has_hangul(phrase) else MIN_CREDITED_LATIN
    if len(phrase) < enough or text.is_initials_only(phrase):
        return []
    if namesakes.rows is not None:
        people = namesakes.most_popular(CREDITED_PEOPLE)
    else:
        people = fetch_column(
            SQL.compose(
                f"SELECT person_id FROM {ENTRY} WHERE kind = %(kind)s AND id IN (%(named)s) "
                "ORDER BY popularity DESC, id LIMIT %(limit)s",
                kind=Kind.PERSON,
                named=_names_starting(phrase),
                limit=CREDITED_PEOPLE,
            )
        )
    if not people:
        return []
    # Two queries: as one, a planner may run the people's LIMIT once per credit.
    films = SQL.compose(
        f"SELECT DISTINCT credit.film_id FROM {CREDIT} credit "
        f"JOIN {FILM} film ON film.id = credit.film_id "
        "WHERE film.published = %(published)s AND credit.person_id IN (%(people)s)",
        published=True,
        people=SQL.list_of(people),
    )
    return sorted(fetch_column(films))


def _names_starting(phrase: str) -> SQL:
    """Ids of the people with a name that is or starts with phrase, from the name index."""
    return SQL.compose(
        f"SELECT entry_id FROM {NAME} WHERE key >= %(start)s AND key < %(end)s",
        start=phrase,
        end=phrase + LAST_CHARACTER,
    )


def _prefix_ordered(phrase: str, kind: str) -> SQL:
    """Ids of the entries with a name, or a word of a name, starting with these one or two
    letters: exact names first, then names that start so, then by popularity."""
    return SQL.compose(
        f"SELECT entry_id FROM {PREFIX} WHERE prefix = %(prefix)s AND kind = %(kind)s "
        "ORDER BY exact DESC, start DESC, popularity DESC, entry_id",
        prefix=phrase,
        kind=kind,
    )


def _story_words(query: Query) -> list[str]:
    """The words a story must have: not "the" or "of", which every story has; nothing for one
    letter, which would match half the stories ("사랑" and "누명" are two)."""
    if len(query.phrase) < 2:
        return []
    return [token for token in query.tokens if token not in STOPWORDS]


def _story_query(query: Query) -> StoryQuery | None:
    """The story words of the query, the last looked up in the story vocabulary; None when
    there are none, or no story has a word that starts as the last does."""
    words = _story_words(query)
    if not words:
        return None
    *whole, last = words
    endings = fetch_column(
        SQL.compose(
            f"SELECT word FROM {WORD} WHERE word >= %(start)s AND word < %(end)s "
            "ORDER BY word LIMIT %(limit)s",
            start=last,
            end=last + LAST_CHARACTER,
            limit=MAX_ENDINGS + 1,
        )
    )
    if not endings:
        return None
    return StoryQuery(whole, last, endings if len(endings) <= MAX_ENDINGS else None)


def _sorted(
    entries: QuerySet[SearchEntry], query: Query, sort: str, language: str
) -> QuerySet[SearchEntry]:
    if sort == "title":
        field_name = "title_ko" if language.startswith("ko") else "title_en"
        return entries.order_by(current_backend().title_order(field_name), "id")
    if not query:
        relevance = ["-popularity", "id"]
    else:
        entries = entries.annotate(tier=RawSQL(*_tier(query).as_sql(), output_field=IntegerField()))
        relevance = ["tier", "-popularity", "id"]
    if sort == "newest":
        return entries.order_by(F("year").desc(nulls_last=True), *relevance)
    if sort == "oldest":
        return entries.order_by(F("year").asc(nulls_last=True), *relevance)
    return entries.order_by(*relevance)


def _film_entries(
    query: Query, filters: SearchFilters, language: str, namesakes: Namesakes
) -> "RankedFilms":
    if query and filters.sort == "relevance":
        return _relevant_films(query, filters, namesakes)
    entries = SearchEntry.objects.filter(kind=Kind.FILM)
    if query:
        matched = _named(Kind.FILM, query, namesakes)
        if story := _story_query(query):
            matched |= Q(id__in=RawSQL(*current_backend().body_match(story).as_sql()))
        entries = entries.filter(matched)
    if narrowed := _filter_conditions(filters):
        where = SQL.join(" AND ", narrowed)
        entries = entries.filter(RawSQL(*where.as_sql(), output_field=BooleanField()))
    ranked = _sorted(entries, query, filters.sort, language)
    sql, params = ranked.values_list("id", flat=True).query.sql_with_params()
    return RankedFilms([RankedIds(SQL(sql, tuple(params)))])


def _relevant_films(query: Query, filters: SearchFilters, namesakes: Namesakes) -> "RankedFilms":
    """Films matched by name (ranked by tier) come before films matched by their story
    alone (ranked by popularity): two lists, so that a word common in stories ("사랑",
    "love") costs a walk down the popularity index, not a sort of every match. Written out
    as SQL: this is the query behind every results page."""
    backend = current_backend()
    narrowed = _filter_conditions(filters)
    if query.is_short:
        prefixed = backend.prefix_match(query.phrase, Kind.FILM)
        by_name = SQL.compose(f"{ENTRY}.id IN (%(ids)s)", ids=prefixed)
    else:
        credited = _credited_films(query, namesakes)
        by_name = backend.names_match(NameQuery.of(query.tokens, STOPWORDS), credited)
    if query.is_short and not filters.narrows:
        named = RankedIds(_prefix_ordered(query.phrase, Kind.FILM))  # the same order, indexed
    else:
        named = RankedIds(
            SQL.compose(
                f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(matched)s "
                "ORDER BY %(tier)s, popularity DESC, id",
                kind=Kind.FILM,
                matched=SQL.join(" AND ", [by_name, *narrowed]),
                tier=_tier(query),
            )
        )

    def told() -> RankedIds | None:
        """The films found by their story alone: only looked for when the films found by
        name leave room for more (a word common in stories is dear to look up)."""
        story = _story_query(query)
        first_ids = fetch_column(backend.body_ids(story, DENSE_STORIES + 1)) if story else []
        if not first_ids:
            return None
        if dense := len(first_ids) > DENSE_STORIES:
            matched = backend.by_popularity(backend.body_match(story), dense=True)
        else:  # all of them: looked up one by one
            matched = SQL.compose(f"{ENTRY}.id IN (%(ids)s)", ids=SQL.list_of(first_ids))
        # Unfiltered, a dense story match has more films than a page count needs: not counted.
        at_least = len(first_ids) if dense and not filters.narrows else 0
        return RankedIds(
            SQL.compose(
                f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(matched)s "
                "ORDER BY popularity DESC, id",
                kind=Kind.FILM,
                matched=SQL.join(" AND ", [matched, ~by_name, *narrowed]),
            ),
            at_least,
        )

    return RankedFilms([named, told])


def _filter_conditions(filters: SearchFilters) -> list[SQL]:
    """The filters as conditions on the entry, to be joined by AND; none when nothing is
    filtered."""
    conditions = []
    if filters.genre is not None:
        conditions.append(
            SQL.compose(
                f"EXISTS (SELECT 1 FROM {FILM_GENRES} film_genre WHERE film_genre.film_id = "
                f"{ENTRY}.film_id AND film_genre.genre_id = %(genre)s)",
                genre=filters.genre.pk,
            )
        )
    if filters.person is not None:
        conditions.append(
            SQL.compose(
                f"EXISTS (SELECT 1 FROM {CREDIT} credit WHERE credit.film_id = {ENTRY}.film_id "
                "AND credit.person_id = %(person)s)",
                person=filters.person.pk,
            )
        )
    for value, bound in (
        (filters.year_from, "year >="),
        (filters.year_to, "year <="),
        (filters.runtime_min, "runtime >="),
        (filters.runtime_max, "runtime <="),
    ):
        if value is not None:
            conditions.append(SQL.compose(f"{ENTRY}.{bound} %(value)s", value=value))
    return conditions


def _tier(query: Query) -> SQL:
    """The rank of an entry that matched (see the module's docstring), as SQL on the entry
    table."""
    backend = current_backend()

    def contains(column: str, value: str) -> SQL:
        return backend.contains(f"{ENTRY}.{column}", value)

    separator, phrase = text.SEPARATOR, query.phrase
    whole, start = f"{separator}{phrase}{separator}", f"{separator}{phrase}"
    return SQL.compose(
        "CASE WHEN %(whole)s THEN 0 WHEN %(start)s THEN 1 "
        "WHEN %(every_token)s THEN 2 WHEN %(lead)s THEN 3 "
        "WHEN %(credited)s THEN 4 ELSE 5 END",
        whole=contains("names", whole),
        start=contains("names", start),
        every_token=SQL.join(" AND ", [contains("names", token) for token in query.tokens]),
        lead=contains("leads", start),
        credited=contains("people", start),
    )


@dataclass
class RankedIds:
    """A query of entry ids in rank order (no LIMIT yet), and how many rows it is known to
    have at least, minus those of the lists before it (0: count them)."""

    query: SQL
    at_least: int = 0

    def ids(self, limit: int, offset: int = 0) -> list[int]:
        return fetch_column(
            SQL.compose(
                "%(ranked)s LIMIT %(limit)s OFFSET %(offset)s",
                ranked=self.query,
                limit=limit,
                offset=offset,
            )
        )


class RankedFilms:
    """Lists of entry ids shown one after the other as one list, for the paginator. Each list
    is read once, up to MAX_RESULTS ids, which both counts it and holds every page of it (no
    page past MAX_RESULTS can be asked for); a list known to be longer than that is not
    counted, and only the page asked for is read from it. A list may be given as a function
    that makes it, called only when the lists before it leave room."""

    def __init__(self, parts: list[RankedIds | Callable[[], RankedIds | None]]) -> None:
        self.parts = parts
        self._counts: list[int] | None = None
        self._made: list[RankedIds | None] = []
        self._read: list[list[int] | None] = []

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts, room = [], MAX_RESULTS
            for part in self.parts:
                made = read = None
                if room:
                    made = part if isinstance(part, RankedIds) else part()
                if made is None:
                    found = 0
                elif made.at_least - sum(self._counts) >= room:
                    found = room
                else:
                    read = made.ids(room)
                    found = len(read)
                self._counts.append(found)
                self._made.append(made)
                self._read.append(read)
                room -= found
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[int]:
        ids, start, stop = [], window.start or 0, window.stop
        counts = self.counts()
        for made, counted, read in zip(self._made, counts, self._read, strict=True):
            if made is not None and start < counted and stop > 0:
                end = min(stop, counted)
                ids += read[start:end] if read is not None else made.ids(end - start, start)
            start, stop = max(0, start - counted), stop - counted
        return ids  # the entries are loaded with the people shown beside them


def _top_people_ids(query: Query, limit: int, namesakes: Namesakes) -> list[int]:
    """People with a name that is the query (first) or starts with it, then by popularity:
    "Ryu Seung-ryong", "류승룡", "seungryong ryu", "ㄹㅅㄹ" and "ryuseung" all find him."""
    phrase = query.phrase
    if query.is_short:
        return fetch_column(_limited(_prefix_ordered(phrase, Kind.PERSON), limit))
    if namesakes.rows is not None:
        return namesakes.best(limit)
    # Many names start so ("kim..."): those that are the query, then a walk by popularity.
    named = SQL.compose(f"SELECT entry_id FROM {NAME} WHERE key = %(key)s", key=phrase)
    ids = fetch_column(
        SQL.compose(
            f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND id IN (%(named)s) "
            "ORDER BY popularity DESC, id LIMIT %(limit)s",
            kind=Kind.PERSON,
            named=named,
            limit=limit,
        )
    )
    if len(ids) < limit:
        walk = current_backend().by_popularity(_names_starting(phrase), dense=True)
        ids += fetch_column(
            SQL.compose(
                f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(walk)s "
                "AND NOT (id IN (%(named)s)) ORDER BY popularity DESC, id LIMIT %(limit)s",
                kind=Kind.PERSON,
                walk=walk,
                named=named,
                limit=limit - len(ids),
            )
        )
    return ids


def _top_film_ids(query: Query, limit: int, namesakes: Namesakes) -> list[int]:
    if query.is_short:
        return fetch_column(_limited(_prefix_ordered(query.phrase, Kind.FILM), limit))
    credited = _credited_films(query, namesakes)
    names = current_backend().names_match(NameQuery.of(query.tokens, STOPWORDS), credited)
    return fetch_column(
        _limited(
            SQL.compose(
                f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(names)s "
                "ORDER BY %(tier)s, popularity DESC, id",
                kind=Kind.FILM,
                names=names,
                tier=_tier(query),
            ),
            limit,
        )
    )


def _limited(query: SQL, limit: int) -> SQL:
    return SQL.compose("%(query)s LIMIT %(limit)s", query=query, limit=limit)


def _suggested(query: Query) -> tuple[list[SearchEntry], list[SearchEntry]]:
    """The best films and people, loaded together."""
    namesakes = Namesakes.of(query)
    film_ids = _top_film_ids(query, SUGGESTED_FILMS, namesakes)
    people_ids = _top_people_ids(query, SUGGESTED_PEOPLE, namesakes)
    entries = _light_entries(film_ids + people_ids)
    films = [entry for entry in entries if entry.kind == Kind.FILM]
    return films, [entry for entry in entries if entry.kind == Kind.PERSON]


def _light_entries(ids: list[int]) -> list[SearchEntry]:
    """The entries of these ids, in this order, with their film, person and best-known film,
    from three plain queries: a join of the three with some fields left out costs the ORM
    more to compile than the database takes to answer it."""
    if not ids:
        return []
    rows = fetch_all(
        SQL.compose(
            f"SELECT id, kind, film_id, person_id, known_for_id FROM {ENTRY} WHERE id IN (%(ids)s)",
            ids=SQL.list_of(ids),
        )
    )
    film_ids = {row[2] for row in rows} | {row[4] for row in rows}
    films = Film.objects.in_bulk(film_ids - {None})
    people = Person.objects.in_bulk({row[3] for row in rows} - {None})
    by_id = {}
    for entry_id, kind, film_id, person_id, known_for_id in rows:
        entry = SearchEntry(id=entry_id, kind=kind)
        entry.film = films.get(film_id)
        entry.person = people.get(person_id)
        entry.known_for = films.get(known_for_id)
        if entry.film or entry.person:  # not deleted since it was ranked
            by_id[entry_id] = entry
    return [by_id[entry_id] for entry_id in ids if entry_id in by_id]


# Typos -----------------------------------------------------------------------------------


def _edit_distance(first: str, second: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbours each count one."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(spelled: str) -> int:
    return 2 if len(spelled) >= 8 else 1


def correct(query: Query) -> Query | None:
    """The query with each unknown word replaced by the closest word of the catalogue's
    names (one edit away, two for long words; a hangul letter counts as its jamo), or None
    when nothing could be corrected."""
    tokens = query.tokens
    candidates = [
        token for token in tokens if len(text.jamo(token)) >= 3 and not text.is_initials_only(token)
    ]
    if not candidates:
        return None
    known = set(
        fetch_column(
            SQL.compose(
                f"SELECT term FROM {TERM} WHERE term IN (%(candidates)s)",
                candidates=SQL.list_of(candidates),
            )
        )
    )
    unknown = [token for token in candidates if token not in known]
    if not unknown:
        return None
    variants = {token: _deletions(text.jamo(token)) for token in unknown}
    wanted = sorted(set().union(*variants.values()))
    rows = fetch_all(
        SQL.compose(
            "SELECT DISTINCT variant.variant, term.term, term.frequency "
            f"FROM {TERM_VARIANT} variant JOIN {TERM} term ON term.id = variant.term_id "
            "WHERE variant.variant IN (%(wanted)s)",
            wanted=SQL.list_of(wanted),
        )
    )
    by_variant: dict[str, set[tuple[str, int]]] = {}
    for variant, term, frequency in rows:
        by_variant.setdefault(variant, set()).add((term, frequency))
    replaced = {}
    for token, token_variants in variants.items():
        spelled = text.jamo(token)
        found = {pair for variant in token_variants for pair in by_variant.get(variant, ())}
        scored = [
            (distance, -frequency, term)
            for term, frequency in found
            if (distance := _edit_distance(spelled, text.jamo(term))) <= _allowed_edits(spelled)
        ]
        if scored:
            replaced[token] = min(scored)[2]
    if not replaced:
        return None
    return Query(" ".join(replaced.get(token, token) for token in tokens))


def _deletions(spelled: str) -> set[str]:
    return {spelled} | {spelled[:i] + spelled[i + 1 :] for i in range(len(spelled))}


# What the pages call ------------------------------------------------------------------


def search(
    raw_query: str | None,
    filters: SearchFilters | None = None,
    page: int = 1,
    language: str | None = None,
) -> SearchResults:
    """The results page: one page of films (filtered and sorted) and, on the first page of a
    query, the best-matching people. A query that finds nothing is tried with its typos
    corrected; a page number past the end gives the last page."""
    filters = filters or SearchFilters()
    language = language or get_language() or "en"
    query = Query.of(raw_query)
    results = _search(query, filters, page, language)
    if query and not results.total and not results.people and (fixed := correct(query)):
        corrected = _search(fixed, filters, page, language)
        if corrected.total or corrected.people:
            corrected.query, corrected.corrected = query, fixed
            return corrected
    if query and not results.total:
        popular = SearchEntry.objects.filter(kind=Kind.FILM).order_by("-popularity", "id")
        popular = popular.select_related("film").defer(*FILM_LIST_DEFERRED)
        results.popular = [entry.film for entry in popular[:6]]
    return results


def _search(query: Query, filters: SearchFilters, page: int, language: str) -> SearchResults:
    namesakes = Namesakes.of(query)
    entries = _film_entries(query, filters, language, namesakes)
    paginator = Paginator(entries, RESULTS_PER_PAGE)
    films = paginator.get_page(min(max(page, 1), MAX_PAGE))
    wants_people = query and films.number == 1 and not filters.narrows
    people_ids = _top_people_ids(query, PEOPLE_ON_RESULTS, namesakes) if wants_people else []
    loaded = _light_entries([*films.object_list, *people_ids])
    films.object_list = [entry.film for entry in loaded if entry.kind == Kind.FILM]
    people = [entry for entry in loaded if entry.kind == Kind.PERSON]
    return SearchResults(query=query, films=films, people=people)


def suggest(raw_query: str | None) -> Suggestions:
    """Autocomplete: the few films and people most likely meant, from titles and names only."""
    query = Query.of(raw_query)
    if not query:
        return Suggestions(query, [], [])
    films, people = _suggested(query)
    if not films and not people and (fixed := correct(query)):
        fixed_films, fixed_people = _suggested(fixed)
        return Suggestions(query, fixed_films, fixed_people, corrected=fixed)
    return Suggestions(query, films, people)
