"""The words of the stories, for the last word of a query (see search.models.SearchWord),
filled from the stories already indexed.

The words are split here as search.text.story_words split them when this migration was made
(a migration never calls today's code)."""

import re

from django.db import migrations, models

MAX_WORD = 100  # SearchWord.word's max_length
BATCH = 2000
# Normalised story text has nothing between its spaces but letters, digits and, beyond ASCII
# and hangul, the rare mark, which splits words there.
BEYOND_ASCII_AND_HANGUL = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]")
NOT_IN_WORDS = re.compile(r"[^\w]|_")


def story_words(normal: str) -> set[str]:
    if not BEYOND_ASCII_AND_HANGUL.search(normal):
        return set(normal.split())
    return set(NOT_IN_WORDS.sub(" ", normal).split())


def add_words(schema_editor, stories: list[str]) -> None:
    words = set()
    for story in stories:
        words |= story_words(story)
    rows = sorted((word,) for word in words if len(word) <= MAX_WORD)
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_searchword (word) VALUES (%s) ON CONFLICT (word) DO NOTHING", rows
        )


def compare_by_code_point(apps, schema_editor):
    """On PostgreSQL, words compared by code point, as SQLite does, so a range is a prefix."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE search_searchword ALTER COLUMN word TYPE varchar(100) COLLATE "C"'
        )


def fill(apps, schema_editor):
    story = apps.get_model("search", "SearchStory")
    bodies = story.objects.values_list("body", flat=True).order_by("pk")
    batch = []
    for body in bodies.iterator(chunk_size=BATCH):
        batch.append(body)
        if len(batch) == BATCH:
            add_words(schema_editor, batch)
            batch = []
    add_words(schema_editor, batch)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_indexes")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=100, unique=True)),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(compare_by_code_point, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
