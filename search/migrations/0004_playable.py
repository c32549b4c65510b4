"""What of a film can be played, on its index entry: has_full_film, and the languages its
full films are subtitled in (",en,ko,"), filled from watch's playable sources, with an index
that walks the films that can be watched by popularity.

Written out as it was when this migration was made (a migration never calls today's code):
the sources are read as search.indexing read them then. On SQLite, adding a column copies the
entry table, which drops its triggers: they are made again, as migration 0002 made them."""

from collections import defaultdict

from django.db import migrations, models

# A source visitors may see: active and not hidden by a takedown (VideoSource.objects.playable()).
PLAYABLE_FULL_FILMS = """
    SELECT film_id, subtitle_languages FROM watch_videosource
    WHERE kind = 'full_film' AND active = %s AND hidden_by_takedown = %s
"""
SQLITE_ENTRY_TRIGGERS = (
    "DROP TRIGGER IF EXISTS search_entry_insert",
    "DROP TRIGGER IF EXISTS search_entry_delete",
    "DROP TRIGGER IF EXISTS search_entry_update",
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
)


def entry_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_ENTRY_TRIGGERS:
            schema_editor.execute(statement)


def fill_playable(apps, schema_editor):
    subtitles: dict[int, set[str]] = defaultdict(set)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(PLAYABLE_FULL_FILMS, [True, False])
        for film_id, languages in cursor.fetchall():
            codes = (code.strip().lower() for code in (languages or "").split(","))
            subtitles[film_id].update(code for code in codes if code)
        rows = [
            (True, f",{','.join(sorted(codes))}," if codes else "", film_id)
            for film_id, codes in sorted(subtitles.items())
        ]
        cursor.executemany(
            "UPDATE search_searchentry SET has_full_film = %s, subtitles = %s "
            "WHERE kind = 'film' AND film_id = %s",
            rows,
        )


def statistics_again(apps, schema_editor):
    """The planner's statistics for the entry table: on SQLite, adding the columns copied it,
    and the copy has none (every search then chose its plans blind: ten times slower at
    100,000 films)."""
    schema_editor.execute("ANALYZE search_searchentry")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_film_popularity"),
        ("watch", "0001_initial"),
        ("search", "0003_story_words"),
    ]

    operations = [
        # Backwards, removing the columns copies the table again: the triggers come back last.
        migrations.RunPython(migrations.RunPython.noop, entry_triggers_again, elidable=False),
        migrations.AddField(
            model_name="searchentry",
            name="has_full_film",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="subtitles",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(entry_triggers_again, entry_triggers_again, elidable=False),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["kind", "has_full_film", "-popularity", "id"],
                name="search_entry_playable",
            ),
        ),
        migrations.RunPython(fill_playable, migrations.RunPython.noop),
        migrations.RunPython(statistics_again, migrations.RunPython.noop),
    ]
