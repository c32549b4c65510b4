"""Background jobs of the catalogue, run by the database-backed worker (`kcinema worker`)."""

from django.tasks import task

from catalog.similarity import refresh_similar_films


@task
def refresh_similar_films_of(film_ids: list[int]) -> int:
    """Recompute these films' "more like this" lists and their neighbours' (queued by
    catalog.editing.films_changed once the edit's transaction commits)."""
    return refresh_similar_films(film_ids)
