"""The full-text side of the index, which Django's schema editor does not describe:
FTS5 tables and triggers on SQLite, pg_trgm and GIN indexes on PostgreSQL.

Written out as it was when this migration was made (a migration never calls today's code):
search.backends keeps the same statements for its rebuilds, and a test holds the two equal."""

from django.db import migrations

SQLITE_TRIGGERS = (
    # Only films: people are found through the B-tree of names (SearchName).
    """CREATE TRIGGER search_entry_insert AFTER INSERT ON search_searchentry
        WHEN new.kind = 'film' BEGIN
            INSERT INTO search_names_fts(rowid, names) VALUES (new.id, new.names);
        END""",
    """CREATE TRIGGER search_entry_delete AFTER DELETE ON search_searchentry
        WHEN old.kind = 'film' BEGIN
            INSERT INTO search_names_fts(search_names_fts, rowid, names)
                VALUES ('delete', old.id, old.names);
        END""",
    """CREATE TRIGGER search_entry_update AFTER UPDATE ON search_searchentry
        WHEN old.kind = 'film' BEGIN
            INSERT INTO search_names_fts(search_names_fts, rowid, names)
                VALUES ('delete', old.id, old.names);
            INSERT INTO search_names_fts(rowid, names) VALUES (new.id, new.names);
        END""",
    """CREATE TRIGGER search_story_insert AFTER INSERT ON search_searchstory BEGIN
            INSERT INTO search_body_fts(rowid, body) VALUES (new.entry_id, new.body);
        END""",
    """CREATE TRIGGER search_story_delete AFTER DELETE ON search_searchstory BEGIN
            INSERT INTO search_body_fts(search_body_fts, rowid, body)
                VALUES ('delete', old.entry_id, old.body);
        END""",
    """CREATE TRIGGER search_story_update AFTER UPDATE ON search_searchstory BEGIN
            INSERT INTO search_body_fts(search_body_fts, rowid, body)
                VALUES ('delete', old.entry_id, old.body);
            INSERT INTO search_body_fts(rowid, body) VALUES (new.entry_id, new.body);
        END""",
)
SQLITE = (
    """CREATE VIRTUAL TABLE search_names_fts USING fts5(names,
        content='search_searchentry', content_rowid='id', tokenize='trigram')""",
    """CREATE VIRTUAL TABLE search_body_fts USING fts5(body, content='search_searchstory',
        content_rowid='entry_id', tokenize='unicode61', detail='none')""",
    *SQLITE_TRIGGERS,
)
SQLITE_UNDO = (
    *(
        f"DROP TRIGGER IF EXISTS search_{table}_{event}"
        for table in ("entry", "story")
        for event in ("insert", "delete", "update")
    ),
    "DROP TABLE IF EXISTS search_names_fts",
    "DROP TABLE IF EXISTS search_body_fts",
)

POSTGRESQL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Names compared by code point, as SQLite does, so a range is a prefix on both.
    'ALTER TABLE search_searchname ALTER COLUMN key TYPE varchar(200) COLLATE "C"',
    # A column Django does not know of: the ORM never writes or reads it.
    "ALTER TABLE search_searchstory ADD COLUMN body_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED",
    "CREATE INDEX search_entry_names_trgm ON search_searchentry USING gin (names gin_trgm_ops) "
    "WHERE kind = 'film'",
    "CREATE INDEX search_story_body_words ON search_searchstory USING gin (body_words)",
    'CREATE INDEX search_entry_title_en_c ON search_searchentry (kind, title_en COLLATE "C")',
    'CREATE INDEX search_entry_title_ko_c ON search_searchentry (kind, title_ko COLLATE "C")',
)
POSTGRESQL_UNDO = (
    "DROP INDEX IF EXISTS search_entry_names_trgm",
    "DROP INDEX IF EXISTS search_story_body_words",
    "DROP INDEX IF EXISTS search_entry_title_en_c",
    "DROP INDEX IF EXISTS search_entry_title_ko_c",
    "ALTER TABLE search_searchstory DROP COLUMN IF EXISTS body_words",
)

STATEMENTS = {"sqlite": (SQLITE, SQLITE_UNDO), "postgresql": (POSTGRESQL, POSTGRESQL_UNDO)}


def _run(schema_editor, undo: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"kcinema's search runs on SQLite or PostgreSQL, not {vendor}")
    for statement in STATEMENTS[vendor][undo]:
        schema_editor.execute(statement)


def install(apps, schema_editor):
    _run(schema_editor, undo=False)


def uninstall(apps, schema_editor):
    _run(schema_editor, undo=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
