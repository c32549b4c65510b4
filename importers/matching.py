"""Which film or person of the catalogue a source's record describes, or that none does, or
that it cannot be told without an editor.

Films: the same id at any source (the record's own, or one it links to) is the same film,
unless the ids point at two films or the film holds another id of that source. Without a
shared id, the same hangul title, a year at most one apart and a shared director (by id or by
hangul name) is the same film. Anything less certain is "uncertain": importers.apply files it
for review instead of merging or duplicating.

People: a shared id is the same person. Without one, a person with the same hangul name
credited on the same film is the same person; never a Latin name alone. A person with no id
named like people of the catalogue who share no film with them is uncertain (김지훈 is many
people); with an id of their own, or a name nobody has, they are new."""

from dataclasses import dataclass, field

from django.db.models import Q

from catalog.models import Credit, Film, Person
from importers.models import SourceRecord
from importers.records import ID_FIELDS, FilmRecord, PersonRecord

# The id field the record's own source id fills, where the catalogue has one for it.
OWN_ID = {"wikidata": "wikidata_id", "tmdb": "tmdb_id", "kobis": "kobis_id", "kmdb": "kmdb_id"}


@dataclass
class Match:
    film_or_person: Film | Person | None
    kind: str  # "id", "title", "name", "new", "chosen", "uncertain", "skip"
    reason: str = ""
    candidates: list = field(default_factory=list)

    @property
    def film(self) -> Film | None:
        return self.film_or_person  # type: ignore[return-value]


def _id_query(ids: dict[str, str]) -> Q | None:
    query = None
    for name in ID_FIELDS:
        value = ids.get(name)
        if value:
            term = Q(**{name: value})
            query = term if query is None else query | term
    return query


def _conflicting_id(instance: Film | Person, ids: dict[str, str]) -> str:
    for name in ID_FIELDS:
        have, given = getattr(instance, name), ids.get(name)
        if have not in (None, "") and given and str(have) != str(given):
            return name
    return ""


def match_film(record: FilmRecord, kept: Film | None = None) -> Match:
    """`kept`: the film this source's record was merged into before, if any."""
    found = {kept.pk: kept} if kept else {}
    query = _id_query(record.ids)
    if query is not None:
        for film in Film.objects.filter(query):
            found[film.pk] = film
    if len(found) > 1:
        films = list(found.values())
        return Match(None, "uncertain", "its ids point at different films", films)
    if found:
        film = next(iter(found.values()))
        if conflict := _conflicting_id(film, record.ids):
            return Match(None, "uncertain", f"the film has another {conflict}", [film])
        return Match(film, "id")
    return _match_by_title(record)


def _match_by_title(record: FilmRecord) -> Match:
    if not record.year or not (record.original_title or record.title):
        return Match(None, "new")
    if record.original_title:
        same_title = Q(original_title=record.original_title)
    else:
        same_title = Q(title=record.title)
    candidates = list(
        Film.objects.filter(same_title, year__gte=record.year - 1, year__lte=record.year + 1)[:20]
    )
    if not candidates:
        return Match(None, "new")
    directors = record.directors()
    names = {person.name_ko for person in directors if person.name_ko}
    credited = Credit.objects.filter(film__in=candidates, role=Credit.Role.DIRECTOR).select_related(
        "person"
    )
    sharing = set()
    for credit in credited:
        person = credit.person
        if person.name_ko in names or any(
            _conflicting_id(person, director.ids) == "" and _shares_id(person, director.ids)
            for director in directors
        ):
            sharing.add(credit.film_id)
    matches = [film for film in candidates if film.pk in sharing]
    if len(matches) == 1 and not _conflicting_id(matches[0], record.ids):
        return Match(matches[0], "title")
    if matches:
        return Match(None, "uncertain", "several films share its title, year and director", matches)
    return Match(
        None,
        "uncertain",
        "a film has its title and year but no director in common",
        candidates,
    )


def _shares_id(person: Person, ids: dict[str, str]) -> bool:
    return any(
        ids.get(name) and str(getattr(person, name) or "") == str(ids[name]) for name in ID_FIELDS
    )


def match_person(record: PersonRecord, film: Film, *, film_is_new: bool) -> Match:
    if not (record.name_ko or record.name):
        return Match(None, "skip", "no name")
    found: dict[int, Person] = {}
    query = _id_query(record.ids)
    if query is not None:
        for person in Person.objects.filter(query)[:5]:
            found[person.pk] = person
    if record.source_id:
        kept = SourceRecord.objects.filter(
            source=record.source, source_id=record.source_id, person__isnull=False
        ).select_related("person")
        for source_record in kept:
            found[source_record.person_id] = source_record.person
    if len(found) > 1:
        return Match(None, "uncertain", "its ids point at different people", list(found.values()))
    if found:
        person = next(iter(found.values()))
        if _conflicting_id(person, record.ids):
            return Match(None, "uncertain", "the person has another id there", [person])
        return Match(person, "id")
    if record.name_ko and not film_is_new:
        same = [
            credit.person
            for credit in film.credits.filter(person__name_ko=record.name_ko).select_related(
                "person"
            )
        ]
        people = {person.pk: person for person in same if not _conflicting_id(person, record.ids)}
        if len(people) == 1:
            return Match(next(iter(people.values())), "name")
    if record.ids or record.source_id:
        return Match(None, "new")
    same_name = Q(name_ko=record.name_ko) if record.name_ko else Q(name=record.name)
    namesakes = list(Person.objects.filter(same_name)[:10])
    if namesakes:
        return Match(
            None, "uncertain", "people of this name share no film with this one", namesakes
        )
    return Match(None, "new")
