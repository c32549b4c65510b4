"""Film counts kept as the catalogue changes: each genre's published films (Genre.film_count) and
each year's (YearCount, from which the decades are read), so that the genre menu, the genre
index, the decade list and the pagination of genre, year and decade pages read a few small rows
instead of counting films on every request.

The database keeps them, with triggers on the film table and on the film-genre table: they
follow every write whatever makes it (the admin, an importer's bulk_create, a raw UPDATE), in
the same transaction. The triggers are created, and the films there counted, after the
`migrate` that applies catalog's migration 0005, and again after any `migrate` that finds one
missing (SQLite drops a table's triggers when Django's schema editor
rebuilds that table), and `kcinema count_films` (recount) counts everything afresh."""

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# The triggers each backend has, by name (SQLite: one per table and event; PostgreSQL: two
# functions and the triggers that call them).
SQLITE_TRIGGERS = {
    "catalog_count_film_insert": """
        CREATE TRIGGER IF NOT EXISTS catalog_count_film_insert AFTER INSERT ON catalog_film
        WHEN NEW.published BEGIN
            INSERT INTO catalog_yearcount (year, film_count) VALUES (NEW.year, 1)
            ON CONFLICT (year) DO UPDATE SET film_count = catalog_yearcount.film_count + 1;
        END""",
    "catalog_count_film_delete": """
        CREATE TRIGGER IF NOT EXISTS catalog_count_film_delete AFTER DELETE ON catalog_film
        WHEN OLD.published BEGIN
            UPDATE catalog_yearcount SET film_count = film_count - 1 WHERE year = OLD.year;
        END""",
    "catalog_count_film_update": """
        CREATE TRIGGER IF NOT EXISTS catalog_count_film_update
        AFTER UPDATE OF year, published ON catalog_film
        WHEN OLD.year IS NOT NEW.year OR OLD.published IS NOT NEW.published BEGIN
            UPDATE catalog_yearcount SET film_count = film_count - 1
            WHERE year = OLD.year AND OLD.published;
            INSERT INTO catalog_yearcount (year, film_count) SELECT NEW.year, 1
            WHERE NEW.published
            ON CONFLICT (year) DO UPDATE SET film_count = catalog_yearcount.film_count + 1;
            UPDATE catalog_genre
            SET film_count = film_count + (CASE WHEN NEW.published THEN 1 ELSE -1 END)
            WHERE OLD.published IS NOT NEW.published
            AND id IN (SELECT genre_id FROM catalog_film_genres WHERE film_id = NEW.id);
        END""",
    "catalog_count_genre_insert": """
        CREATE TRIGGER IF NOT EXISTS catalog_count_genre_insert
        AFTER INSERT ON catalog_film_genres BEGIN
            UPDATE catalog_genre SET film_count = film_count + 1
            WHERE id = NEW.genre_id
            AND EXISTS (SELECT 1 FROM catalog_film WHERE id = NEW.film_id AND published);
        END""",
    "catalog_count_genre_delete": """
        CREATE TRIGGER IF NOT EXISTS catalog_count_genre_delete
        AFTER DELETE ON catalog_film_genres BEGIN
            UPDATE catalog_genre SET film_count = film_count - 1
            WHERE id = OLD.genre_id
            AND EXISTS (SELECT 1 FROM catalog_film WHERE id = OLD.film_id AND published);
        END""",
    "catalog_count_genre_update": """
        CREATE TRIGGER IF NOT EXISTS catalog_count_genre_update
        AFTER UPDATE OF film_id, genre_id ON catalog_film_genres BEGIN
            UPDATE catalog_genre SET film_count = film_count - 1
            WHERE id = OLD.genre_id
            AND EXISTS (SELECT 1 FROM catalog_film WHERE id = OLD.film_id AND published);
            UPDATE catalog_genre SET film_count = film_count + 1
            WHERE id = NEW.genre_id
            AND EXISTS (SELECT 1 FROM catalog_film WHERE id = NEW.film_id AND published);
        END""",
}

POSTGRESQL_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION catalog_count_film() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF OLD.published THEN
                UPDATE catalog_yearcount SET film_count = film_count - 1 WHERE year = OLD.year;
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.published THEN
                INSERT INTO catalog_yearcount (year, film_count) VALUES (NEW.year, 1)
                ON CONFLICT (year) DO UPDATE SET film_count = catalog_yearcount.film_count + 1;
            END IF;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            IF OLD.published IS DISTINCT FROM NEW.published THEN
                UPDATE catalog_genre
                SET film_count = film_count + (CASE WHEN NEW.published THEN 1 ELSE -1 END)
                WHERE id IN (SELECT genre_id FROM catalog_film_genres WHERE film_id = NEW.id);
            END IF;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
    """
    CREATE OR REPLACE FUNCTION catalog_count_genre() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            UPDATE catalog_genre SET film_count = film_count - 1
            WHERE id = OLD.genre_id
            AND EXISTS (SELECT 1 FROM catalog_film WHERE id = OLD.film_id AND published);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            UPDATE catalog_genre SET film_count = film_count + 1
            WHERE id = NEW.genre_id
            AND EXISTS (SELECT 1 FROM catalog_film WHERE id = NEW.film_id AND published);
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",
]
POSTGRESQL_TRIGGERS = {
    "catalog_count_film_write": """
        CREATE TRIGGER catalog_count_film_write AFTER INSERT OR DELETE ON catalog_film
        FOR EACH ROW EXECUTE FUNCTION catalog_count_film()""",
    "catalog_count_film_update": """
        CREATE TRIGGER catalog_count_film_update AFTER UPDATE OF year, published ON catalog_film
        FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year
                           OR OLD.published IS DISTINCT FROM NEW.published)
        EXECUTE FUNCTION catalog_count_film()""",
    "catalog_count_genre_write": """
        CREATE TRIGGER catalog_count_genre_write
        AFTER INSERT OR DELETE OR UPDATE OF film_id, genre_id ON catalog_film_genres
        FOR EACH ROW EXECUTE FUNCTION catalog_count_genre()""",
}


def trigger_names(connection: BaseDatabaseWrapper = default_connection) -> set[str]:
    return set(POSTGRESQL_TRIGGERS if connection.vendor == "postgresql" else SQLITE_TRIGGERS)


def installed_triggers(connection: BaseDatabaseWrapper = default_connection) -> set[str]:
    """The count triggers the database has now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                ["catalog\\_count\\_%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["catalog_count_%"],
            )
        return {name for (name,) in cursor.fetchall()} & trigger_names(connection)


def install_triggers(connection: BaseDatabaseWrapper = default_connection) -> None:
    """Create the triggers that are missing (and, on PostgreSQL, the functions they call)."""
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"No count triggers for {connection.vendor}")
    missing = trigger_names(connection) - installed_triggers(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for function in POSTGRESQL_FUNCTIONS:
                cursor.execute(function)
            for name in sorted(missing):
                cursor.execute(POSTGRESQL_TRIGGERS[name])
        else:
            for name in sorted(missing):
                cursor.execute(SQLITE_TRIGGERS[name])


def recount(connection: BaseDatabaseWrapper = default_connection) -> None:
    """Count every genre's and every year's published films afresh (in one transaction with
    the caller's, so that pages never read a half-made count)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE catalog_genre SET film_count = (
                SELECT COUNT(*) FROM catalog_film_genres
                JOIN catalog_film ON catalog_film.id = catalog_film_genres.film_id
                WHERE catalog_film_genres.genre_id = catalog_genre.id AND catalog_film.published
            )"""
        )
        cursor.execute("DELETE FROM catalog_yearcount")
        cursor.execute(
            """INSERT INTO catalog_yearcount (year, film_count)
            SELECT year, COUNT(*) FROM catalog_film WHERE published GROUP BY year"""
        )


def ensure_counted(connection: BaseDatabaseWrapper = default_connection) -> bool:
    """After a migration: the triggers back where one was lost, and the counts made afresh
    (writes made while a trigger was missing were not counted). True if anything was missing."""
    if connection.vendor not in {"sqlite", "postgresql"}:
        return False
    tables = set(connection.introspection.table_names())
    if not {"catalog_film", "catalog_film_genres", "catalog_yearcount"} <= tables:
        return False  # migrating to a state before the counts
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM django_migrations WHERE app = 'catalog' AND name = %s",
            ["0005_film_counts"],
        )
        if cursor.fetchone() is None:
            return False
    if installed_triggers(connection) == trigger_names(connection):
        return False
    with transaction.atomic(using=connection.alias):
        install_triggers(connection)
        recount(connection)
    return True
