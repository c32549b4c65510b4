"""The words of the stories, for the last word of a query (see search.models.SearchWord),
filled from the stories already indexed."""

from django.db import migrations, models


def compare_by_code_point(apps, schema_editor):
    """On PostgreSQL, words compared by code point, as SQLite does, so a range is a prefix."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE search_searchword ALTER COLUMN word TYPE varchar(100) COLLATE "C"'
        )


def fill(apps, schema_editor):
    from search.indexing import add_story_words

    story = apps.get_model("search", "SearchStory")
    bodies = story.objects.values_list("body", flat=True).order_by("pk")
    batch = []
    for body in bodies.iterator(chunk_size=2000):
        batch.append(body)
        if len(batch) == 2000:
            add_story_words(batch)
            batch = []
    add_story_words(batch)


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
