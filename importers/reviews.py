"""An editor's decisions on imports: a match to review merged or made new, and a field given
back to a source ("take the source's value"), so that imports keep it current again."""

from django.db import transaction
from django.utils import timezone

from catalog.editing import films_changed
from catalog.models import Film, Person
from importers.apply import Outcome, film_values, import_film, resolve_film, write_field
from importers.models import Provenance, Review, SourceRecord
from importers.records import film_from_json
from search.indexing import deferred


@transaction.atomic
def resolve_review(
    review: Review,
    *,
    film: Film | None = None,
    person: Person | None = None,
    create: bool = False,
) -> Outcome:
    """Merge the waiting record into `film` (or credit `person`), or make it new (`create`)."""
    if review.status != Review.Status.OPEN:
        raise ValueError("This review was resolved already.")
    record = film_from_json(review.record)
    with deferred():
        if review.kind == Review.Kind.PERSON:
            chosen = {review.person_index: None if create else person.pk}
            outcome = import_film(record, film=review.film, people=chosen)
        elif create:
            outcome = import_film(record, force_new=True)
        else:
            outcome = import_film(record, film=film)
        if outcome.kind == "skipped":
            raise ValueError(outcome.reason)
        films_changed([outcome.film_id])
    review.status = Review.Status.CREATED if create else Review.Status.MERGED
    review.resolved_at = timezone.now()
    review.save(update_fields=["status", "resolved_at"])
    if review.kind == Review.Kind.PERSON:
        # the film's other credits waiting for review that this decision settled (the same
        # person credited twice): no longer filed by the import just made
        Review.objects.filter(
            kind=Review.Kind.PERSON,
            source=review.source,
            source_id=review.source_id,
            status=Review.Status.OPEN,
        ).exclude(person_index__in=outcome.people_filed).update(
            status=review.status, resolved_at=review.resolved_at
        )
    return outcome


def dismiss_review(review: Review) -> None:
    review.status = Review.Status.DISMISSED
    review.resolved_at = timezone.now()
    review.save(update_fields=["status", "resolved_at"])


@transaction.atomic
def take_source_value(instance: Film | Person, name: str, source: str) -> None:
    """Give a field an editor changed back to the imports: it takes `source`'s value, and the
    imports keep it current from then on (by the ranking). For credits, the merged list of
    every source's credits."""
    kind = "film" if isinstance(instance, Film) else "person"
    provenance, _created = Provenance.objects.get_or_create(**{kind: instance})
    now = timezone.now()
    with deferred():
        if name == "credits":
            provenance.fields["credits"] = {
                "source": "merged",
                "value": film_values(instance)["credits"],
                "at": "",
            }
            provenance.save()
            resolve_film(instance, now)
        else:
            kept = SourceRecord.objects.get(**{kind: instance}, source=source)
            if name not in kept.values:
                raise ValueError(f"{source} gives no {name}")
            value = kept.values[name]
            write_field(instance, name, value)
            provenance.fields[name] = {"source": source, "value": value, "at": now.isoformat()}
            provenance.save()
        if kind == "film":
            films_changed([instance.pk])
        else:  # the person's page and the pages of their films
            films_changed(instance.credits.values_list("film_id", flat=True))
