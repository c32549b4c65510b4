"""Background jobs of the catalogue, run by the database-backed worker (`kcinema worker`)."""

from django.tasks import task

from catalog.pagecache import invalidate_film_pages
from catalog.similarity import films_listing, refresh_similar_films


@task
def refresh_similar_films_of(film_ids: list[int]) -> int:
    """Recompute these films' "more like this" lists and their neighbours' (queued by
    catalog.editing.films_changed once the edit's transaction commits). The film pages whose
    lists showed these films before, or show them now, are made stale with their own."""
    listing_before = films_listing(film_ids)
    written = refresh_similar_films(film_ids)
    invalidate_film_pages({*film_ids, *listing_before, *films_listing(film_ids)})
    return written
