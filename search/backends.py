"""The two full-text implementations behind one interface: SQLite FTS5 (the embedded
default) and PostgreSQL (pg_trgm for names, full-text search for stories). Both answer
the same questions with the same rows; everything else (ranking, filters, typos) is shared
in search.engine.

Each backend answers two questions as an SQL fragment (search.sql) on the entry table:
- names: every long token (3+ letters) is in the entry's own names (titles), and every short
  token too (a query of short tokens only must appear whole); or the entry is one of the
  films found through the people credited in it (looked up by search.engine);
- body: every word of the story query is a word of the story, the last one as a prefix."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.db.models.expressions import Expression
from django.db.models.functions import Collate

from search.sql import SQL
from search.tables import BODY_FTS, ENTRY, NAMES_FTS, PREFIX, SEARCH_TABLES, STORY

TRIGRAM = 3  # letters a token needs before the trigram index can find it


@dataclass(frozen=True)
class NameQuery:
    long_tokens: list[str]
    short_tokens: list[str]
    phrase: str  # the compacted query
    tokens: list[str]
    common_tokens: list[str]  # long ones in nearly every title ("the"): checked, not looked up

    @classmethod
    def of(cls, tokens: list[str], common: frozenset[str] = frozenset()) -> "NameQuery":
        long_tokens = [token for token in tokens if len(token) >= TRIGRAM]
        rare = [token for token in long_tokens if token not in common]
        return cls(
            long_tokens=rare or long_tokens,
            short_tokens=[token for token in tokens if len(token) < TRIGRAM],
            phrase="".join(tokens),
            tokens=tokens,
            common_tokens=[token for token in long_tokens if token in common] if rare else [],
        )

    @property
    def indexed_terms(self) -> list[str]:
        """What the trigram index looks up: the long tokens, else the whole compacted query."""
        return self.long_tokens or [self.phrase]

    @property
    def checked_tokens(self) -> list[str]:
        """What each entry the index found is checked for: the short tokens, which the
        trigram index cannot look up, and the common ones, which would cost more to look up
        than to check on the few entries the others find."""
        return [*self.short_tokens, *self.common_tokens]


@dataclass(frozen=True)
class StoryQuery:
    """The words a story must have: every whole word, and a word that is or starts with the
    last one: one of `endings` (the story words that start so), or, when there are too many
    of those to list, any word the index finds by that start."""

    whole: list[str]
    last: str
    endings: list[str] | None


class SearchBackend:
    vendor = ""
    contains_function = ""  # position of a string in another, 0 when it is not there

    def contains(self, column: str, value: str) -> SQL:
        """The condition that column contains value, case-sensitively (Django's `contains` on
        normal-form text): the hot queries are written out by search.engine."""
        return SQL.compose(f"{self.contains_function}({column}, %(value)s) > 0", value=value)

    def prefix_match(self, prefix: str, kind: str) -> SQL:
        """Ids of the entries with a name, or a word of a name, starting with these one or
        two letters."""
        return SQL.compose(
            f"SELECT entry_id FROM {PREFIX} WHERE prefix = %(prefix)s AND kind = %(kind)s",
            prefix=prefix,
            kind=kind,
        )

    def names_match(self, query: NameQuery, film_ids: list[int] = ()) -> SQL:
        """The condition on an entry: its names have the query's words, or it is one of
        these films."""
        raise NotImplementedError

    def _or_films(self, condition: SQL, film_ids: list[int]) -> SQL:
        if not film_ids:
            return condition
        films = SQL.compose(f"{ENTRY}.film_id IN (%(ids)s)", ids=SQL.list_of(film_ids))
        return condition | films

    def body_match(self, story: StoryQuery) -> SQL:
        """Ids of the entries whose story has the words."""
        raise NotImplementedError

    def body_ids(self, story: StoryQuery, limit: int) -> SQL:
        """The first ids of films whose story matches, at most limit of them: few enough are
        looked up one by one; more are walked by popularity (by_popularity)."""
        return SQL.compose("%(ids)s LIMIT %(limit)s", ids=self.body_match(story), limit=limit)

    def by_popularity(self, ids: SQL, dense: bool) -> SQL:
        """The condition "the entry's id is one of these", for a query ordered by popularity.
        When the ids are many (dense), the database should walk its popularity index and test
        each entry, rather than fetch every id and sort them."""
        return SQL.compose(f"{ENTRY}.id IN (%(ids)s)", ids=ids)

    def title_order(self, field: str) -> Expression:
        """Titles in code-point order, which is 가나다 order for hangul, on both backends."""
        return F(field)

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Around a full rebuild: indexes that are faster built once, afterwards."""
        yield

    def tidy_after_rebuild(self) -> None:
        """After a rebuild has committed (outside any transaction): housekeeping the rebuild
        leaves the database needing."""


class SQLiteBackend(SearchBackend):
    """FTS5 tables with the entry table as external content, kept in step by triggers."""

    vendor = "sqlite"
    contains_function = "instr"
    # Made by migration 0002; dropped and made again around a rebuild (bulk_writes).
    triggers = (
        # Only films: people are found through the B-tree of names (SearchName).
        f"""CREATE TRIGGER search_entry_insert AFTER INSERT ON {ENTRY}
        WHEN new.kind = 'film' BEGIN
            INSERT INTO {NAMES_FTS}(rowid, names) VALUES (new.id, new.names);
        END""",
        f"""CREATE TRIGGER search_entry_delete AFTER DELETE ON {ENTRY}
        WHEN old.kind = 'film' BEGIN
            INSERT INTO {NAMES_FTS}({NAMES_FTS}, rowid, names) VALUES ('delete', old.id, old.names);
        END""",
        f"""CREATE TRIGGER search_entry_update AFTER UPDATE ON {ENTRY}
        WHEN old.kind = 'film' BEGIN
            INSERT INTO {NAMES_FTS}({NAMES_FTS}, rowid, names) VALUES ('delete', old.id, old.names);
            INSERT INTO {NAMES_FTS}(rowid, names) VALUES (new.id, new.names);
        END""",
        f"""CREATE TRIGGER search_story_insert AFTER INSERT ON {STORY} BEGIN
            INSERT INTO {BODY_FTS}(rowid, body) VALUES (new.entry_id, new.body);
        END""",
        f"""CREATE TRIGGER search_story_delete AFTER DELETE ON {STORY} BEGIN
            INSERT INTO {BODY_FTS}({BODY_FTS}, rowid, body)
                VALUES ('delete', old.entry_id, old.body);
        END""",
        f"""CREATE TRIGGER search_story_update AFTER UPDATE ON {STORY} BEGIN
            INSERT INTO {BODY_FTS}({BODY_FTS}, rowid, body)
                VALUES ('delete', old.entry_id, old.body);
            INSERT INTO {BODY_FTS}(rowid, body) VALUES (new.entry_id, new.body);
        END""",
    )
    trigger_names = tuple(
        f"search_{table}_{event}"
        for table in ("entry", "story")
        for event in ("insert", "delete", "update")
    )

    def names_match(self, query: NameQuery, film_ids: list[int] = ()) -> SQL:
        # Each term a quoted FTS5 string: quotes doubled, so * NEAR - AND " are searched for.
        match = " AND ".join(_fts_string(term) for term in query.indexed_terms)
        conditions = [SQL.compose(f"{NAMES_FTS} MATCH %(match)s", match=match)]
        conditions += [
            SQL.compose("instr(names, %(token)s)", token=token) for token in query.checked_tokens
        ]
        named = SQL.compose(
            f"{ENTRY}.id IN (SELECT rowid FROM {NAMES_FTS} WHERE %(conditions)s)",
            conditions=SQL.join(" AND ", conditions),
        )
        return self._or_films(named, film_ids)

    def body_match(self, story: StoryQuery) -> SQL:
        return SQL.compose(
            f"SELECT rowid FROM {BODY_FTS} WHERE {BODY_FTS} MATCH %(words)s",
            words=_fts_words(story),
        )

    def by_popularity(self, ids: SQL, dense: bool) -> SQL:
        if not dense:
            return super().by_popularity(ids, dense)
        # "+id" cannot use the primary key, so SQLite walks the (kind, popularity) index.
        return SQL.compose(f"+{ENTRY}.id IN (%(ids)s)", ids=ids)

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        # One 'rebuild' of each FTS table beats a trigger firing per row.
        with connection.cursor() as cursor:
            for name in self.trigger_names:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {NAMES_FTS}({NAMES_FTS}) VALUES ('delete-all')")
            cursor.execute(
                f"INSERT INTO {NAMES_FTS}(rowid, names) "
                f"SELECT id, names FROM {ENTRY} WHERE kind = 'film'"
            )
            cursor.execute(f"INSERT INTO {BODY_FTS}({BODY_FTS}) VALUES ('rebuild')")
            for statement in self.triggers:
                cursor.execute(statement)
            # The planner's statistics, for the new sizes of the models' tables; not of the
            # cache's table, whose few entries now would have SQLite read it whole for good
            # (kcinema.cachebackends.forget_cache_table_statistics).
            for table in connection.introspection.django_table_names(only_existing=True):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


class PostgreSQLBackend(SearchBackend):
    """pg_trgm's GIN index answers LIKE '%token%' on the names; a GIN index on the story's
    'simple' tsvector answers prefix queries on its words."""

    vendor = "postgresql"
    contains_function = "strpos"
    body_vector = f"{STORY}.body_words"  # to_tsvector('simple', body), stored
    # The full-text indexes, made by migration 0002, dropped and made again around a rebuild.
    indexes = (
        f"CREATE INDEX search_entry_names_trgm ON {ENTRY} USING gin (names gin_trgm_ops) "
        "WHERE kind = 'film'",
        f"CREATE INDEX search_story_body_words ON {STORY} USING gin (body_words)",
    )

    def names_match(self, query: NameQuery, film_ids: list[int] = ()) -> SQL:
        # The kind spelt out: the trigram index holds films only (a partial index).
        conditions = [SQL(f"{ENTRY}.kind = 'film'")]
        conditions += [
            SQL.compose(f"{ENTRY}.names LIKE %(pattern)s", pattern=f"%{_like_escape(term)}%")
            for term in query.indexed_terms
        ]
        conditions += [self.contains(f"{ENTRY}.names", token) for token in query.checked_tokens]
        # A condition on the row itself: as "id IN (SELECT id FROM the same table ...)" the
        # planner may sort every film before it looks at the names.
        named = SQL.compose("(%(conditions)s)", conditions=SQL.join(" AND ", conditions))
        return self._or_films(named, film_ids)

    def body_match(self, story: StoryQuery) -> SQL:
        return SQL.compose(
            f"SELECT entry_id FROM {STORY} WHERE {self.body_vector} @@ "
            "to_tsquery('simple'::regconfig, %(words)s)",
            words=_tsquery_words(story),
        )

    def title_order(self, field: str) -> Expression:
        return Collate(F(field), "C")

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        # PostgreSQL alters no table with foreign key checks still pending (Django defers
        # them to the commit): run them first.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP INDEX IF EXISTS search_entry_names_trgm")
            cursor.execute("DROP INDEX IF EXISTS search_story_body_words")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in self.indexes:
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # The planner's statistics, for the new sizes of every search table.
            cursor.execute(f"ANALYZE {', '.join(SEARCH_TABLES)}")

    def tidy_after_rebuild(self) -> None:
        # The old index's rows are still in the tables, dead, until a VACUUM: without it every
        # search reads past them (searches were twice as slow at 100,000 films), and a
        # database with autovacuum off keeps them for good.
        if connection.in_atomic_block:
            return  # VACUUM cannot run in a transaction; autovacuum's work, then
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(SEARCH_TABLES)}")


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_words(story: StoryQuery) -> str:
    """Every word, the last as a prefix (the visitor may still be typing it)."""
    if story.endings is None:
        last = _fts_string(story.last) + "*"
    else:
        last = "(" + " OR ".join(_fts_string(word) for word in story.endings) + ")"
    return " AND ".join([*(_fts_string(word) for word in story.whole), last])


def _tsquery_words(story: StoryQuery) -> str:
    """The last word as a prefix whatever its endings: the GIN index finds a prefix among its
    sorted words cheaply, while a list of words led the planner to read every story."""
    last = _tsquery_lexeme(story.last) + ":*"
    return " & ".join([*(_tsquery_lexeme(word) for word in story.whole), last])


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tsquery_lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


BACKENDS: dict[str, type[SearchBackend]] = {
    SQLiteBackend.vendor: SQLiteBackend,
    PostgreSQLBackend.vendor: PostgreSQLBackend,
}


def backend_for(vendor: str) -> SearchBackend:
    try:
        return BACKENDS[vendor]()
    except KeyError:
        message = f"kcinema's search runs on SQLite or PostgreSQL, not {vendor}"
        raise NotImplementedError(message) from None


def current_backend() -> SearchBackend:
    return backend_for(connection.vendor)
