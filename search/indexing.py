"""Keeping the search index in step with the catalogue: entries for films and people, their
short prefixes and the vocabulary for typos, written in the caller's transaction; and what
of each film can be played (from watch's playable sources), kept on its entry."""

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Prefetch

from catalog.models import Credit, Film, Person
from catalog.pagecache import SEARCH, invalidate
from search import text
from search.backends import current_backend
from search.engine.typos import typo_variants
from search.models import Kind, SearchEntry, SearchTerm, SearchWord
from search.tables import ENTRY, NAME, PREFIX, STORY, TERM, TERM_VARIANT, WORD
from watch.models import VideoSource

LEADING_CAST = 2  # top-billed cast who rank with the director
MIN_TERM_LENGTH = 3  # shorter words are not corrected: too many words are one edit away
MAX_TERM_LENGTH = 40
CHUNK = 2000
MAX_STORY_WORD = SearchWord._meta.get_field("word").max_length

Progress = Callable[[int, int], None]


@dataclass
class _Pending:
    films: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)


_pending: ContextVar[_Pending | None] = ContextVar("search_index_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect index updates and write each film and person once, at the end: for imports
    that touch the same film many times. Still inside the caller's transaction."""
    if _pending.get() is not None:
        yield
        return
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    index_films(pending.films)
    index_people(pending.people)


def films_changed(film_ids: Iterable[int]) -> None:
    if (pending := _pending.get()) is not None:
        pending.films.update(film_ids)
    else:
        index_films(film_ids)


def playable_changed(film_ids: Iterable[int]) -> None:
    """These films' sources changed: what can be played is written on their entries anew."""
    if (pending := _pending.get()) is not None:
        pending.films.update(film_ids)  # their entries are written whole at the end
    else:
        index_playable(film_ids)


def people_changed(person_ids: Iterable[int]) -> None:
    if (pending := _pending.get()) is not None:
        pending.people.update(person_ids)
    else:
        index_people(person_ids)


# Entries --------------------------------------------------------------------------------


@dataclass
class _Built:
    entry: SearchEntry
    prefixes: dict[str, tuple[bool, bool]]  # prefix -> (exact, start)
    terms: set[str]
    story: str = ""
    keys: tuple[str, ...] = ()  # a person's names for search.engine's name index


def _person_names(person: Person) -> tuple[str, ...]:
    """A person's names, their other names (stage, international, former romanisations)
    among them; for a Korean name in Latin letters ("Kim Ji-hun") also in the Western order
    ("Ji-hun Kim") in which foreign credits and visitors often write it."""
    words = person.name.split()
    names = (person.name, person.name_ko, *person.other_name_list)
    if person.name_ko and len(words) == 2:
        return (*names, f"{words[1]} {words[0]}")
    return names


def _person_forms(person: Person) -> list[str]:
    """A person's names as a credit lists them: Latin, hangul and romanised, without 초성."""
    return [form for form in text.name_variants(*_person_names(person)) if not _initials(form)]


def _initials(form: str) -> bool:
    return any(char in text.INITIALS for char in form)


@lru_cache(maxsize=200_000)
def _spelled_forms(*names: str) -> tuple[str, ...]:
    """Names with their spaces kept (words start prefixes and feed the vocabulary)."""
    forms: dict[str, None] = {}
    for name in names:
        if normal := text.normalise(name):
            forms[normal] = None
            forms.update(dict.fromkeys(sorted(text.romanisations(normal))))
    return tuple(forms)


def _prefixes(variants: Sequence[str], spelled: Sequence[str]) -> dict[str, tuple[bool, bool]]:
    found: dict[str, tuple[bool, bool]] = {}
    for variant in variants:
        for length in (1, 2):
            if len(variant) >= length:
                prefix = variant[:length]
                exact, _start = found.get(prefix, (False, True))
                found[prefix] = (exact or variant == prefix, True)
    for form in spelled:
        for word in form.split():
            for length in (1, 2):
                if len(word) >= length and word[:length] not in found:
                    found[word[:length]] = (False, False)
    return found


def _terms(spelled: Sequence[str], *whole_names: str) -> set[str]:
    found = {word for form in spelled for word in form.split()}
    found.update(whole_names)
    return {
        term
        for term in found
        if len(text.jamo(term)) >= MIN_TERM_LENGTH and len(term) <= MAX_TERM_LENGTH
    }


@dataclass(frozen=True)
class Playable:
    """What of a film visitors can play: a full film, the languages of its subtitles in the
    entry's normal form (",en,ko,"), and a trailer."""

    has_full_film: bool = False
    subtitles: str = ""
    has_trailer: bool = False

    @classmethod
    def of(cls, sources: Iterable[VideoSource]) -> "Playable":
        """From the film's playable sources. Only full films count for subtitles: the visitor
        asks whether they can watch the film in a language they read, which a subtitled
        trailer does not answer (and the filters then read only films that can be watched)."""
        full_films = [source for source in sources if source.kind == VideoSource.Kind.FULL_FILM]
        codes = {
            code.strip().lower()
            for source in full_films
            for code in source.subtitle_languages.split(",")
            if code.strip()
        }
        return cls(
            has_full_film=bool(full_films),
            subtitles=f",{','.join(sorted(codes))}," if codes else "",
            has_trailer=any(source.kind == VideoSource.Kind.TRAILER for source in sources),
        )


def _playable_sources():
    return VideoSource.objects.playable().only("film_id", "kind", "subtitle_languages")


def _film_entry(film: Film, credits: list[Credit]) -> _Built:
    titles = [film.title, film.original_title, film.romanised_title]
    titles += [alternative.title for alternative in film.alternative_titles.all()]
    variants = text.name_variants(*titles)
    leads: dict[str, None] = {}
    others: dict[str, None] = {}
    cast_seen = 0
    for credit in credits:
        lead = credit.role == Credit.Role.DIRECTOR
        if credit.role == Credit.Role.CAST:
            lead = cast_seen < LEADING_CAST
            cast_seen += 1
        (leads if lead else others).update(dict.fromkeys(_person_forms(credit.person)))
    for form in leads:
        others.pop(form, None)
    spelled = _spelled_forms(*titles)
    playable = Playable.of(film.playable_sources)
    entry = SearchEntry(
        kind=Kind.FILM,
        film=film,
        names=text.joined(variants),
        leads=text.joined(list(leads)),
        people=text.joined(list(others)),
        popularity=film.popularity,
        year=film.year,
        runtime=film.runtime,
        has_full_film=playable.has_full_film,
        subtitles=playable.subtitles,
        has_trailer=playable.has_trailer,
        title_en=text.normalise(film.title)[:200],
        title_ko=text.normalise(film.original_title or film.title)[:200],
    )
    story = text.normalise(" ".join((film.synopsis, film.synopsis_ko, film.plot, film.plot_ko)))
    return _Built(entry, _prefixes(variants, spelled), _terms(spelled), story)


@dataclass
class _Standing:
    """What a person is known for, from their credits on published films."""

    popularity: int = 0
    films: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (popularity, year)

    def add(self, film_id: int, popularity: int, year: int) -> None:
        self.films[film_id] = (popularity, year)

    @property
    def score(self) -> int:
        return sum(popularity for popularity, _year in self.films.values()) + len(self.films)

    @property
    def known_for(self) -> int | None:
        if not self.films:
            return None
        return max(self.films, key=lambda film_id: (*self.films[film_id], film_id))


def _person_entry(person: Person, standing: _Standing) -> _Built:
    variants = text.name_variants(*_person_names(person))
    spelled = _spelled_forms(*_person_names(person))
    whole = [text.compact(form) for form in spelled if " " in form]
    entry = SearchEntry(
        kind=Kind.PERSON,
        person=person,
        names=text.joined(variants),
        popularity=standing.score,
        title_en=text.normalise(person.name)[:200],
        title_ko=text.normalise(person.name_ko or person.name)[:200],
        known_for_id=standing.known_for,
    )
    keys = tuple(variants)
    return _Built(entry, _prefixes(variants, spelled), _terms(spelled, *whole), keys=keys)


def _standings(person_ids: Iterable[int] | None = None) -> dict[int, _Standing]:
    standings: dict[int, _Standing] = defaultdict(_Standing)
    if person_ids is None:  # every person: one pass over the credits of published films
        rows = (
            Credit.objects.filter(film__published=True)
            .order_by()
            .values_list("person_id", "film_id", "film__popularity", "film__year")
        )
        for person_id, film_id, popularity, year in rows.iterator(chunk_size=CHUNK):
            standings[person_id].add(film_id, popularity, year)
        return standings
    # Some people: their credits through the credit's person index, then their films by key.
    # Joined in one query, the planners start from the published films (all of them) instead.
    ids = list(person_ids)
    for start in range(0, len(ids), CHUNK):
        credits = list(
            Credit.objects.filter(person_id__in=ids[start : start + CHUNK])
            .order_by()
            .values_list("person_id", "film_id")
        )
        wanted = list({film_id for _person_id, film_id in credits})
        films = {}
        for first in range(0, len(wanted), CHUNK):
            # by key alone: with `published` in the query, SQLite would walk its index instead
            films.update(
                (pk, (popularity, year))
                for pk, popularity, year, published in Film.objects.filter(
                    pk__in=wanted[first : first + CHUNK]
                ).values_list("pk", "popularity", "year", "published")
                if published
            )
        for person_id, film_id in credits:
            if film_id in films:
                standings[person_id].add(film_id, *films[film_id])
    return standings


def _films_with_credits():
    credits = Credit.objects.select_related("person").order_by("order", "id")
    return Film.objects.published().prefetch_related(
        "alternative_titles",
        Prefetch("credits", queryset=credits, to_attr="ranked_credits"),
        Prefetch("video_sources", queryset=_playable_sources(), to_attr="playable_sources"),
    )


def _write(built: list[_Built]) -> None:
    entries = SearchEntry.objects.bulk_create([item.entry for item in built], batch_size=500)
    rows = [
        (entry.pk, entry.kind, prefix, exact, start, entry.popularity)
        for entry, item in zip(entries, built, strict=True)
        for prefix, (exact, start) in item.prefixes.items()
    ]
    stories = [
        (entry.pk, item.story) for entry, item in zip(entries, built, strict=True) if item.story
    ]
    keys = [
        (entry.pk, key) for entry, item in zip(entries, built, strict=True) for key in item.keys
    ]
    # Plain INSERTs: a model instance per prefix would cost more than the insert itself.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {PREFIX} "  # noqa: S608 - own table
            "(entry_id, kind, prefix, exact, start, popularity) VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
        cursor.executemany(
            f"INSERT INTO {STORY} (entry_id, body) VALUES (%s, %s)",  # noqa: S608
            stories,
        )
        cursor.executemany(
            f"INSERT INTO {NAME} (entry_id, key) VALUES (%s, %s)",  # noqa: S608
            keys,
        )
    add_story_words(story for _entry_id, story in stories)


def add_story_words(stories: Iterable[str]) -> None:
    """The words of these (normalised) stories into the story vocabulary, those already
    there left alone; words longer than SearchWord holds, and than a query may be, left out."""
    words = set()
    for story in stories:
        words |= text.story_words(story)
    rows = sorted((word,) for word in words if len(word) <= MAX_STORY_WORD)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {WORD} (word) VALUES (%s) "  # noqa: S608
            "ON CONFLICT (word) DO NOTHING",
            rows,
        )


@transaction.atomic
def index_films(film_ids: Iterable[int]) -> None:
    """Write the entries of these films anew (removing those no longer published)."""
    film_ids = set(film_ids)
    if not film_ids:
        return
    SearchEntry.objects.filter(film_id__in=film_ids).delete()
    films = list(_films_with_credits().filter(pk__in=film_ids))
    built = [_film_entry(film, film.ranked_credits) for film in films]
    _write(built)
    _add_terms(Counter(term for item in built for term in item.terms))
    _index_changed()


@transaction.atomic
def index_playable(film_ids: Iterable[int]) -> None:
    """Write what can be played of these films on their entries, and nothing else: a source's
    edit or a takedown changes no name. An UPDATE per distinct answer (most are "nothing"), not
    per film; a film being deleted keeps its entry until the cascade removes it."""
    film_ids = set(film_ids)
    if not film_ids:
        return
    sources: dict[int, list[VideoSource]] = defaultdict(list)
    for source in _playable_sources().filter(film_id__in=film_ids).order_by():
        sources[source.film_id].append(source)
    films_by_answer: dict[Playable, list[int]] = defaultdict(list)
    for film_id in sorted(film_ids):
        films_by_answer[Playable.of(sources[film_id])].append(film_id)
    for playable, ids in films_by_answer.items():
        SearchEntry.objects.filter(kind=Kind.FILM, film_id__in=ids).update(
            has_full_film=playable.has_full_film,
            subtitles=playable.subtitles,
            has_trailer=playable.has_trailer,
        )
    _index_changed()


@transaction.atomic
def index_people(person_ids: Iterable[int]) -> None:
    person_ids = set(person_ids)
    if not person_ids:
        return
    SearchEntry.objects.filter(person_id__in=person_ids).delete()
    standings = _standings(person_ids)
    built = [
        _person_entry(person, standings.get(person.pk, _Standing()))
        for person in Person.objects.filter(pk__in=person_ids)
    ]
    _write(built)
    _add_terms(Counter(term for item in built for term in item.terms))
    _index_changed()


def _add_terms(frequencies: Counter[str]) -> None:
    """Add words the vocabulary lacks. Known words keep their count until a rebuild: a stale
    word costs nothing, since a correction is only offered when it finds something."""
    if not frequencies:
        return
    known = set(
        SearchTerm.objects.filter(term__in=list(frequencies)).values_list("term", flat=True)
    )
    new = sorted(set(frequencies) - known)
    _create_terms({term: frequencies[term] for term in new})


def _create_terms(frequencies: dict[str, int]) -> None:
    items = list(frequencies.items())
    for start in range(0, len(items), CHUNK):
        chunk = dict(items[start : start + CHUNK])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TERM} (term, frequency) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (term) DO NOTHING",
                list(chunk.items()),
            )
            ids = SearchTerm.objects.filter(term__in=list(chunk)).values_list("term", "id")
            cursor.executemany(
                f"INSERT INTO {TERM_VARIANT} (variant, term_id) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (variant, term_id) DO NOTHING",
                [(variant, term_id) for term, term_id in ids for variant in typo_variants(term)],
            )


@transaction.atomic
def rebuild(progress: Progress | None = None) -> int:
    """Throw the index away and build it again from the catalogue, in one transaction: on
    SQLite the old index serves until it commits; on PostgreSQL searches wait for the commit,
    since the rebuild drops the full-text indexes (PostgreSQLBackend.bulk_writes). Returns the
    number of entries."""
    report = progress or (lambda done, total: None)
    total = Film.objects.published().count() + Person.objects.count()
    done = 0
    report(done, total)
    frequencies: Counter[str] = Counter()
    with current_backend().bulk_writes():
        with connection.cursor() as cursor:
            # Plain DELETEs: the ORM's would load every entry to cascade by hand.
            for table in (WORD, TERM_VARIANT, TERM, PREFIX, NAME, STORY, ENTRY):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - own table
        for films in _chunks(_films_with_credits().order_by("pk")):
            built = [_film_entry(film, film.ranked_credits) for film in films]
            _write(built)
            frequencies.update(term for item in built for term in item.terms)
            done += len(built)
            report(done, total)
        standings = _standings()
        for people in _chunks(Person.objects.order_by("pk")):
            built = [_person_entry(p, standings.get(p.pk, _Standing())) for p in people]
            _write(built)
            frequencies.update(term for item in built for term in item.terms)
            done += len(built)
            report(done, total)
        _create_terms(dict(sorted(frequencies.items())))
    _index_changed()
    return done


def _chunks(queryset) -> Iterator[list]:
    """Keyset pagination, so prefetching stays per chunk and memory stays flat."""
    last = 0
    while chunk := list(queryset.filter(pk__gt=last)[:CHUNK]):
        yield chunk
        last = chunk[-1].pk


# Cached answers --------------------------------------------------------------------------

VERSION_KEY = "search:index-version"


def index_version() -> int:
    """A number that changes whenever the index does, for cache keys of search answers:
    kept in the shared cache, so every process sees the same."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = int(time.time() * 1000)
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _index_changed() -> None:
    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)

    transaction.on_commit(bump)
    invalidate([SEARCH])  # the results pages the page cache keeps
