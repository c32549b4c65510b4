"""The full-text side of the index, which Django's schema editor does not describe:
FTS5 tables and triggers on SQLite, pg_trgm and GIN indexes on PostgreSQL."""

from django.db import migrations

from search.backends import backend_for


def install(apps, schema_editor):
    for statement in backend_for(schema_editor.connection.vendor).install_sql():
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    backend = backend_for(schema_editor.connection.vendor)
    if backend.vendor == "sqlite":
        for name in backend.trigger_names:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DROP TABLE IF EXISTS search_names_fts")
        schema_editor.execute("DROP TABLE IF EXISTS search_body_fts")
    else:
        for name in (
            "entry_names_trgm",
            "story_body_words",
            "entry_title_en_c",
            "entry_title_ko_c",
        ):
            schema_editor.execute(f"DROP INDEX IF EXISTS search_{name}")
        schema_editor.execute("ALTER TABLE search_searchstory DROP COLUMN IF EXISTS body_words")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
