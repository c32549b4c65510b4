"""Edits to the catalogue reach the search index here, in the same transaction as the edit.
Imports wrap their writes in search.indexing.deferred() so each film is indexed once. So do
edits of video sources and takedowns (watch's sources_changed, since a takedown hides sources
with an update(), which sends no post_save), for what of a film can be played."""

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.models import AlternativeTitle, Credit, Film, Person
from search.indexing import films_changed, people_changed, playable_changed
from watch.models import VideoSource
from watch.signals import sources_changed


@receiver(post_save, sender=Film, dispatch_uid="search_film_saved")
def film_saved(sender, instance: Film, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    films_changed([instance.pk])
    # Its people's standing (popularity, best-known film) follows the film's.
    people_changed(instance.credits.values_list("person_id", flat=True))


@receiver(post_save, sender=Person, dispatch_uid="search_person_saved")
def person_saved(sender, instance: Person, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    people_changed([instance.pk])
    films_changed(instance.credits.values_list("film_id", flat=True).distinct())


def goes_with_its_film(origin: Model | QuerySet | None) -> bool:
    """A credit, title or source deleted because its film is (Django's `origin` of the
    deletion: the film, or a queryset of films the admin's bulk action deletes). Its film's
    entry goes in the same cascade: writing it anew would leave an entry pointing at no film,
    which the foreign key refuses when the transaction commits."""
    if isinstance(origin, QuerySet):
        return origin.model is Film
    return isinstance(origin, Film)


@receiver(post_save, sender=Credit, dispatch_uid="search_credit_saved")
@receiver(post_delete, sender=Credit, dispatch_uid="search_credit_deleted")
def credit_changed(sender, instance: Credit, raw: bool = False, origin=None, **kwargs) -> None:
    if raw:
        return
    if not goes_with_its_film(origin):
        films_changed([instance.film_id])
    # The person stays; their standing (popularity, best-known film) loses the film.
    people_changed([instance.person_id])


@receiver(post_save, sender=AlternativeTitle, dispatch_uid="search_title_saved")
@receiver(post_delete, sender=AlternativeTitle, dispatch_uid="search_title_deleted")
def alternative_title_changed(
    sender, instance: AlternativeTitle, raw: bool = False, origin=None, **kwargs
) -> None:
    if raw or goes_with_its_film(origin):
        return
    films_changed([instance.film_id])


@receiver(post_save, sender=VideoSource, dispatch_uid="search_source_saved")
@receiver(post_delete, sender=VideoSource, dispatch_uid="search_source_deleted")
def source_changed(sender, instance: VideoSource, raw: bool = False, origin=None, **kwargs) -> None:
    if raw or goes_with_its_film(origin):
        return
    playable_changed([instance.film_id])


@receiver(sources_changed, sender=VideoSource, dispatch_uid="search_sources_shown_or_hidden")
def sources_shown_or_hidden(sender, film_ids: list[int], **kwargs) -> None:
    playable_changed(film_ids)
