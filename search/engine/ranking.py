"""The SQL that finds and ranks films and people, and loads the entries shown: written out by
hand, the same on SQLite and PostgreSQL, with the backend (search.backends) for the matching.

Ranking, best first: the whole query is a title (0), a title starts with it (1), every word
is in the titles (2), the query starts the name of the director or a top-billed actor (3)
or of anyone credited (4), the story has the words (5); then popularity."""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import BooleanField, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from catalog.models import Film, Person
from search import text
from search.backends import NameQuery, StoryQuery, current_backend
from search.engine.query import STOPWORDS, Query, SearchFilters
from search.models import Kind, SearchEntry
from search.sql import SQL, fetch_all, fetch_column
from search.tables import CREDIT, ENTRY, FILM, FILM_GENRES, NAME, PREFIX, WORD

# More stories than this match: walk the films by popularity rather than sort the matches.
DENSE_STORIES = 2000
MAX_ENDINGS = 50  # story words a query's last word may end as, listed; more: a prefix search
DENSE_NAMES = 500  # more names than this start so: walk the people by popularity
CREDITED_PEOPLE = 20  # the people whose films a name query finds, best known first
# Letters of a Latin name before it is looked up in the credits: a surname ("song", "bong")
# finds the films of the best-known people with it; "kim" or "lee" name too many to mean any.
MIN_CREDITED_LATIN = 4
BEST_KNOWN = 5000  # people among whom a surname's best-known bearers are looked for
MAX_NAME_WORDS = 3  # the words of a person's name in a query that mixes a title and a person
MIXED_CREDITS = 2000  # credits of the people a mixed query names, read at most
LAST_CHARACTER = chr(0x10FFFF)  # after every character: "abc" <= "abcd" < "abc" + this


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
    tier, bearer) each, or None when more than DENSE_NAMES names start so (each use then asks
    the database its own way). `bearer` is 0 when a one-word query is the first word of the
    person's Latin name (a surname: "jeon" is Jeon Do-yeon's, not Jeong's), else 1."""

    rows: list[tuple[int, int, int, int, int]] | None
    # When rows is None and the query is one word: the best-known bearers of it as a surname,
    # (entry id, person id) best known first, read once for both uses too.
    bearers: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, query: Query) -> "Namesakes":
        if not query or query.is_short:
            return cls([])
        # One row per name (a person may have several starting so): their number is the
        # number of names, as the choice between sorting and walking wants.
        rows = fetch_all(
            SQL.compose(
                f"SELECT {ENTRY}.id, {ENTRY}.person_id, {ENTRY}.popularity, %(tier)s, "
                "%(bearer)s "
                "FROM (%(named)s LIMIT %(limit)s) named "
                f"JOIN {ENTRY} ON {ENTRY}.id = named.entry_id WHERE {ENTRY}.kind = %(kind)s",
                tier=_tier(query),
                bearer=SQL.compose(
                    "CASE WHEN %(bears)s THEN 0 ELSE 1 END", bears=_bears_surname(query)
                ),
                named=_names_starting(query.phrase),
                limit=DENSE_NAMES + 1,
                kind=Kind.PERSON,
            )
        )
        if len(rows) > DENSE_NAMES:
            return cls(None, _bearers(query, CREDITED_PEOPLE) if len(query.tokens) == 1 else [])
        return cls(list(dict.fromkeys(rows)))

    def most_popular(self, limit: int) -> list[int]:
        """Person ids, best known first."""
        ranked = sorted(self.rows, key=lambda row: (-row[2], row[0]))
        return [row[1] for row in ranked[:limit]]

    def best(self, limit: int) -> list[int]:
        """Entry ids, by tier, bearers of a surname first, then popularity."""
        ranked = sorted(self.rows, key=lambda row: (row[3], row[4], -row[2], row[0]))
        return [row[0] for row in ranked[:limit]]


@dataclass(frozen=True)
class Mixed:
    """A query read as a title and a person's name, in either order ("괴물 봉준호",
    "handmaiden park chan-wook"): each way of splitting its words into a title and a whole
    name of somebody credited, as (the title's words, the films of the people so named). Read
    with one query, from the name index and the credits; none for a query of one word, or one
    that is the start of somebody's whole name (its namesakes), such as "song kang-ho"."""

    splits: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = ()

    @classmethod
    def of(cls, query: Query, namesakes: Namesakes) -> "Mixed":
        if namesakes.rows is None or namesakes.rows:
            return cls()
        tokens = query.tokens
        titles: dict[str, tuple[str, ...]] = {}  # a person's name, compacted -> the title's words
        for size in range(1, min(MAX_NAME_WORDS, len(tokens) - 1) + 1):
            for name, title in ((tokens[-size:], tokens[:-size]), (tokens[:size], tokens[size:])):
                phrase = text.compact("".join(name))
                if _may_be_a_name(phrase) and [word for word in title if word not in STOPWORDS]:
                    titles.setdefault(phrase, tuple(title))
        if not titles:
            return cls()
        rows = fetch_all(
            SQL.compose(
                f"SELECT DISTINCT name.key, credit.film_id FROM {NAME} name "
                f"JOIN {ENTRY} person ON person.id = name.entry_id "
                f"JOIN {CREDIT} credit ON credit.person_id = person.person_id "
                f"JOIN {FILM} film ON film.id = credit.film_id "
                "WHERE name.key IN (%(names)s) AND film.published = %(published)s "
                "ORDER BY credit.film_id LIMIT %(limit)s",
                names=SQL.list_of(sorted(titles)),
                published=True,
                limit=MIXED_CREDITS,
            )
        )
        films: dict[str, list[int]] = {}
        for name, film_id in rows:
            films.setdefault(name, []).append(film_id)
        return cls(tuple((titles[name], tuple(ids)) for name, ids in sorted(films.items())))

    def __bool__(self) -> bool:
        return bool(self.splits)

    def both(self) -> SQL:
        """The condition "the entry is a film of a person named and its names have the rest of
        the query's words"."""
        backend = current_backend()
        conditions = [
            reduce(
                operator.and_,
                [
                    SQL.compose(f"{ENTRY}.film_id IN (%(ids)s)", ids=SQL.list_of(ids)),
                    *(backend.contains(f"{ENTRY}.names", word) for word in title),
                ],
            )
            for title, ids in self.splits
        ]
        return reduce(operator.or_, conditions)

    def either(self) -> SQL:
        """The condition "the entry is a film of a person named"."""
        ids = sorted({film_id for _title, ids in self.splits for film_id in ids})
        return SQL.compose(f"{ENTRY}.film_id IN (%(ids)s)", ids=SQL.list_of(ids))


def _bearers(query: Query, limit: int) -> list[tuple[int, int]]:
    """The best-known people whose surname a one-word query is ("park"), looked for among the
    BEST_KNOWN people only, so that a word nobody bears costs a bounded read: (entry id,
    person id), best known first."""
    return [
        (entry_id, person_id)
        for entry_id, person_id in fetch_all(
            SQL.compose(
                f"SELECT id, person_id FROM (SELECT id, person_id, popularity, title_en "
                f"FROM {ENTRY} WHERE kind = %(kind)s ORDER BY popularity DESC, id "
                f"LIMIT %(best_known)s) {ENTRY} WHERE %(bears)s "
                "ORDER BY popularity DESC, id LIMIT %(limit)s",
                kind=Kind.PERSON,
                best_known=BEST_KNOWN,
                bears=_bears_surname(query),
                limit=limit,
            )
        )
    ]


def _bears_surname(query: Query) -> SQL:
    """The condition "the person's Latin name starts with the query as a whole word", for a
    query of one word; false for others."""
    if len(query.tokens) != 1:
        return SQL("1 = 0")
    word = query.tokens[0] + " "
    return SQL.compose(
        f"substr({ENTRY}.title_en, 1, %(length)s) = %(word)s", length=len(word), word=word
    )


def _may_be_a_name(phrase: str) -> bool:
    enough = 2 if text.has_hangul(phrase) else MIN_CREDITED_LATIN
    return len(phrase) >= enough and not text.is_initials_only(phrase)


def _credited_films(query: Query, namesakes: Namesakes) -> list[int]:
    """The films of the CREDITED_PEOPLE most popular people with a name starting with the
    query ("kimjihun" or "jihunkim" for "Kim Ji-hun", "김지훈"), found in the name index. A
    short Latin start ("kim") names too many people to mean one of them."""
    phrase = query.phrase
    if not _may_be_a_name(phrase):
        return []
    people = []
    if namesakes.rows is not None:
        people = namesakes.most_popular(CREDITED_PEOPLE)
    else:  # a name many start with may be a surname ("park")
        people = [person_id for _entry_id, person_id in namesakes.bearers]
    if namesakes.rows is None and not people:
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
    if sort == "popular":
        return entries.order_by("-popularity", "id")
    if not query:
        relevance = ["-popularity", "id"]
    else:
        entries = entries.annotate(tier=RawSQL(*_tier(query).as_sql(), output_field=IntegerField()))
        relevance = ["tier", "-popularity", "id"]
    # A film always has a year (only people's entries have none): plain year order, which
    # PostgreSQL, like SQLite, reads from the (kind, year) index in either direction.
    if sort == "newest":
        return entries.order_by(F("year").desc(), *relevance)
    if sort == "oldest":
        return entries.order_by(F("year").asc(), *relevance)
    return entries.order_by(*relevance)


def film_lists(
    query: Query,
    filters: SearchFilters,
    language: str,
    namesakes: Namesakes,
    mixed: Mixed | None = None,
    year: int | None = None,
) -> list["RankedList"]:
    """The films matched, filtered and sorted, as lists of entry ids shown one after the other
    (RankedFilms reads them for the paginator). By relevance, the films of `year` (one the
    query named) come first, each part ranked as a whole list would be."""
    if query and filters.sort == "relevance":
        if year is None:
            return _relevant_films(query, filters, namesakes, mixed)
        in_year = SQL.compose(f"{ENTRY}.year = %(year)s", year=year)
        other_years = SQL.compose(f"({ENTRY}.year IS NULL OR NOT (%(in_year)s))", in_year=in_year)
        return [
            *_relevant_films(query, filters, namesakes, mixed, in_year),
            *_relevant_films(query, filters, namesakes, mixed, other_years),
        ]
    # The other sorts are put together by the ORM, the fragments given to it as RawSQL.
    entries = SearchEntry.objects.filter(kind=Kind.FILM)
    if query:
        matched = _named(Kind.FILM, query, namesakes)
        if mixed:
            matched |= Q(RawSQL(*mixed.either().as_sql(), output_field=BooleanField()))
        if story := _story_query(query):
            matched |= Q(id__in=RawSQL(*current_backend().body_match(story).as_sql()))
        entries = entries.filter(matched)
    if narrowed := _filter_conditions(filters):
        where = SQL.join(" AND ", narrowed)
        entries = entries.filter(RawSQL(*where.as_sql(), output_field=BooleanField()))
    ranked = _sorted(entries, query, filters.sort, language)
    sql, params = ranked.values_list("id", flat=True).query.sql_with_params()
    return [RankedIds(SQL(sql, tuple(params)))]


def _relevant_films(
    query: Query,
    filters: SearchFilters,
    namesakes: Namesakes,
    mixed: Mixed | None = None,
    condition: SQL | None = None,
) -> list["RankedList"]:
    """Films matched by name (ranked by tier) come before films matched by their story
    alone (ranked by popularity): two lists, so that a word common in stories ("사랑",
    "love") costs a walk down the popularity index, not a sort of every match. A query that
    names a title and a person puts first the films where both match, and after the films
    matched by name those of the person. Written out as SQL: this is the query behind every
    results page."""
    backend = current_backend()
    narrowed = [*_filter_conditions(filters), *([condition] if condition else [])]
    if query.is_short:
        prefixed = backend.prefix_match(query.phrase, Kind.FILM)
        by_name = SQL.compose(f"{ENTRY}.id IN (%(ids)s)", ids=prefixed)
    else:
        credited = _credited_films(query, namesakes)
        by_name = backend.names_match(NameQuery.of(query.tokens, STOPWORDS), credited)
    lists: list[RankedList] = []
    shown = by_name  # what the lists so far hold, for the next ones to leave out
    if mixed:
        both = mixed.both()
        lists.append(_by_popularity(both, narrowed))
        by_name, shown = by_name & ~both, by_name | both
    if query.is_short and not narrowed and not mixed:
        lists.append(RankedIds(_prefix_ordered(query.phrase, Kind.FILM)))  # the same, indexed
    else:
        lists.append(
            RankedIds(
                SQL.compose(
                    f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(matched)s "
                    "ORDER BY %(tier)s, popularity DESC, id",
                    kind=Kind.FILM,
                    matched=SQL.join(" AND ", [by_name, *narrowed]),
                    tier=_tier(query),
                )
            )
        )
    if mixed:
        either = mixed.either()
        lists.append(_by_popularity(either & ~shown, narrowed))
        shown = shown | either

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
        at_least = len(first_ids) if dense and not narrowed else 0
        return _by_popularity(matched & ~shown, narrowed, at_least)

    return [*lists, told]


def _by_popularity(matched: SQL, narrowed: list[SQL], at_least: int = 0) -> "RankedIds":
    return RankedIds(
        SQL.compose(
            f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(matched)s "
            "ORDER BY popularity DESC, id",
            kind=Kind.FILM,
            matched=SQL.join(" AND ", [matched, *narrowed]),
        ),
        at_least,
    )


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
    if filters.full_film or filters.subtitle_language:
        # Subtitles are those of full films (search.indexing.Playable): the condition on
        # has_full_film lets either filter walk the index of films that can be watched.
        conditions.append(SQL.compose(f"{ENTRY}.has_full_film = %(playable)s", playable=True))
    if filters.trailer:
        conditions.append(SQL.compose(f"{ENTRY}.has_trailer = %(trailer)s", trailer=True))
    if filters.subtitle_language:
        language = f",{filters.subtitle_language},"
        conditions.append(current_backend().contains(f"{ENTRY}.subtitles", language))
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


RankedList = RankedIds | Callable[[], RankedIds | None]


class RankedFilms:
    """Lists of entry ids shown one after the other as one list, for the paginator. Each list
    is read once, up to `limit` ids, which both counts it and holds every page of it (no
    page past `limit` ids can be asked for); a list known to be longer than that is not
    counted, and only the page asked for is read from it. A list may be given as a function
    that makes it, called only when the lists before it leave room."""

    def __init__(self, parts: list[RankedList], limit: int) -> None:
        self.parts = parts
        self.limit = limit
        self._counts: list[int] | None = None
        self._made: list[RankedIds | None] = []
        self._read: list[list[int] | None] = []

    def counts(self) -> list[int]:
        if self._counts is None:
            self._counts, room = [], self.limit
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


def top_people_ids(query: Query, limit: int, namesakes: Namesakes) -> list[int]:
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
    if len(ids) < limit and len(query.tokens) == 1:
        ids += [entry_id for entry_id, _person_id in namesakes.bearers if entry_id not in ids]
        ids = ids[:limit]
    if len(ids) < limit:
        walk = current_backend().by_popularity(_names_starting(phrase), dense=True)
        found = SQL.compose("AND NOT (id IN (%(ids)s))", ids=SQL.list_of(ids)) if ids else SQL("")
        ids += fetch_column(
            SQL.compose(
                f"SELECT id FROM {ENTRY} WHERE kind = %(kind)s AND %(walk)s "
                "AND NOT (id IN (%(named)s)) %(found)s "
                "ORDER BY popularity DESC, id LIMIT %(limit)s",
                kind=Kind.PERSON,
                walk=walk,
                named=named,
                found=found,
                limit=limit - len(ids),
            )
        )
    return ids


def top_film_ids(query: Query, limit: int, namesakes: Namesakes) -> list[int]:
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


def mixed_film_ids(mixed: Mixed, limit: int) -> list[int]:
    """The films where a title and a person named both match, best known first."""
    return fetch_column(_limited(_by_popularity(mixed.both(), []).query, limit))


def _limited(query: SQL, limit: int) -> SQL:
    return SQL.compose("%(query)s LIMIT %(limit)s", query=query, limit=limit)


def load_entries(ids: list[int]) -> list[SearchEntry]:
    """The entries of these ids, in this order, with their film, person and best-known film
    (and what of the film can be played), from three plain queries: a join of the three with
    some fields left out costs the ORM more to compile than the database takes to answer it."""
    if not ids:
        return []
    rows = fetch_all(
        SQL.compose(
            f"SELECT id, kind, film_id, person_id, known_for_id, has_full_film, subtitles, "
            "has_trailer "
            f"FROM {ENTRY} WHERE id IN (%(ids)s)",
            ids=SQL.list_of(ids),
        )
    )
    film_ids = {row[2] for row in rows} | {row[4] for row in rows}
    films = Film.objects.in_bulk(film_ids - {None})
    people = Person.objects.in_bulk({row[3] for row in rows} - {None})
    by_id = {}
    for entry_id, kind, film_id, person_id, known_for_id, full_film, subtitles, trailer in rows:
        # What can be played shows on the film's card (film.search_entry, set with entry.film).
        entry = SearchEntry(
            id=entry_id,
            kind=kind,
            has_full_film=full_film,
            subtitles=subtitles,
            has_trailer=trailer,
        )
        entry.film = films.get(film_id)
        entry.person = people.get(person_id)
        entry.known_for = films.get(known_for_id)
        if entry.film or entry.person:  # not deleted since it was ranked
            by_id[entry_id] = entry
    return [by_id[entry_id] for entry_id in ids if entry_id in by_id]
