"""The films "more like this", computed ahead: what makes two films alike (one table of weights, a
plain scoring function), which films are worth comparing (a bounded set of candidates,
whatever the catalogue's size), and the writes that keep each film's short list in the
SimilarFilm table, read by the film page in one indexed query.

Who calls what:
- `refresh_similar_films(ids)` after films changed: the admin and loaders queue it through
  `catalog.editing.films_changed(ids)` (the background worker runs it); the demo calls it
  directly, so its pages show the lists at once.
- `refresh_all_similar_films()` for a whole catalogue: `manage.py similar_films`,
  `kcinema similar`.
"""

import heapq
import itertools
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.db import transaction

from catalog.models import Credit, Film, SimilarFilm


@dataclass(frozen=True)
class Weights:
    """What each thing two films have in common adds to their score. A shared director must
    outweigh anything a genre, the era and the story can add up to without one."""

    director: float = 10.0  # each director they share
    writer: float = 5.0  # each writer they share
    principal_cast: float = 4.0  # each of the top-billed PRINCIPAL_CAST they share
    genre: float = 2.0  # each genre they share
    era: float = 2.0  # the same year; less each year apart, nothing at ERA_YEARS apart
    story_word: float = 0.5  # each story word in common, up to STORY_WORDS_COUNTED
    popularity: float = 0.5  # at most, for the most popular candidate: a tie-breaker


WEIGHTS = Weights()
PRINCIPAL_CAST = 4  # the first cast credits by Credit.order
ERA_YEARS = 10
STORY_WORDS_COUNTED = 6
POPULARITY_CEILING = 10_000  # "admissions in thousands": ten million admissions scores full

KEEP = 12  # entries kept per film: the page shows 6, so unpublishing a few leaves enough
CANDIDATES_BY_PEOPLE = 60  # films sharing the most key people
CANDIDATES_PER_GENRE = 30  # most popular published films of each genre within ERA_YEARS
KEY_ROLES = (Credit.Role.DIRECTOR, Credit.Role.WRITER, Credit.Role.CAST)
IN_CHUNK = 500  # ids per `IN (...)` list
REFRESH_CHUNK = 50  # changed films per transaction (each may touch ~150 neighbours' lists)
REBUILD_CHUNK = 2_000  # films per transaction when rebuilding everything

Progress = Callable[[int, int], None]


# --- Story words ------------------------------------------------------------------------------

# Runs of letters: Latin words and hangul words (digits and punctuation split them).
_LETTERS = re.compile(r"[^\W\d_]+")
STORY_WORDS_PER_SCRIPT = 8  # the longest distinct words of each script a film keeps


def _word_list(text: str) -> list[str]:
    return text.split()


COMMON_ENGLISH = frozenset(
    _word_list(
        """about after again against all also among and another any are around back because been
    before being between both but can cannot comes could does down during each even ever every
    film find finds first from gets give gives goes going have having here herself himself his
    into its itself just last life like long make makes many more most much must never new
    next night nothing now off once one only other others over own people same she should
    since some something soon still story such take takes than that the their them then there
    these they thing things this those through time together too two under until upon very
    was way were what when where which while who whom whose why will with without would year
    years young your"""
    )
)
COMMON_KOREAN = frozenset(
    _word_list(
        """그리고 하지만 그러나 그런데 그래서 그러던 그녀 그들 자신 우리 모두 모든 어느 어떤 이런
    그런 저런 이제 다시 결국 마침내 우연히 함께 위해 대한 통해 있는 없는 있다 없다 한다 된다
    되는 하는 했던 되어 하고 하게 가장 매일 하나 시작 시작한다 사람 사람들 이야기 영화 사이
    동안 이후 이전 때문 그것 무렵 년의"""
    )
)
# Particles (조사) trimmed from the end of a hangul word when two syllables or more remain, so
# that 아버지가, 아버지를 and 아버지의 are one word: a light, consistent trim, not an analysis.
KOREAN_PARTICLES = sorted(
    _word_list(
        """은 는 이 가 을 를 의 에 로 와 과 도 만 으로 에서 에게 한테 까지 부터 처럼 보다 과의
    와의 에서는 에게서 이라는 라는 조차도 조차 뿐이다 뿐"""
    ),
    key=len,
    reverse=True,
)


def _is_hangul(word: str) -> bool:
    return "가" <= word[0] <= "힣"


@lru_cache(maxsize=65_536)  # a pure function of its argument: safe to keep for the process
def story_word(token: str) -> str:
    """A token as a story word ("" when it is too short or too common to tell films apart):
    Latin words of four letters or more, hangul words of two syllables or more once a
    particle is trimmed, neither on the common-word lists."""
    if _is_hangul(token):
        for particle in KOREAN_PARTICLES:
            if token.endswith(particle) and len(token) - len(particle) >= 2:
                token = token[: -len(particle)]
                break
        kept = len(token) >= 2 and token not in COMMON_KOREAN
    else:
        kept = len(token) >= 4 and token not in COMMON_ENGLISH
    # Interned: a catalogue's films share one copy of each word they keep.
    return sys.intern(token) if kept else ""


def story_words(*texts: str) -> frozenset[str]:
    """The words a film's story is told in, for comparing stories: case-folded, split into
    runs of letters, each kept as `story_word` says; then the STORY_WORDS_PER_SCRIPT longest
    of each script (a long word is usually a rarer one, and a bounded set keeps a catalogue's
    worth in memory). Written here because catalog may not import search's text module and
    no small library splits both languages; Korean would need a morphological analyser
    (Kiwi, KoNLPy) for more, which is a heavy dependency for a tie of a few points."""
    tokens = set(_LETTERS.findall(" ".join(texts).casefold()))
    words = {word for word in map(story_word, tokens) if word}
    latin = sorted((w for w in words if not _is_hangul(w)), key=lambda w: (-len(w), w))
    hangul = sorted((w for w in words if _is_hangul(w)), key=lambda w: (-len(w), w))
    return frozenset(latin[:STORY_WORDS_PER_SCRIPT] + hangul[:STORY_WORDS_PER_SCRIPT])


# --- Scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilmFeatures:
    """What the score reads of a film, as plain data."""

    id: int
    year: int
    popularity: int = 0
    genres: frozenset[int] = frozenset()
    directors: frozenset[int] = frozenset()
    writers: frozenset[int] = frozenset()
    principal_cast: frozenset[int] = frozenset()
    story_words: frozenset[str] = frozenset()

    @property
    def key_people(self) -> frozenset[int]:
        return self.directors | self.writers | self.principal_cast


def era_closeness(year: int, other_year: int) -> float:
    """1 for the same year, falling evenly to 0 at ERA_YEARS apart."""
    return max(0.0, 1 - abs(year - other_year) / ERA_YEARS)


def popularity_share(popularity: int) -> float:
    """0 to 1 on a log scale: 10 and 100 differ as much as 1,000 and 10,000."""
    return min(1.0, math.log1p(popularity) / math.log1p(POPULARITY_CEILING))


def similarity_score(film: FilmFeatures, other: FilmFeatures, weights: Weights = WEIGHTS) -> float:
    """How much `other` is like `film`, by the weights (not symmetric: `other`'s popularity
    counts)."""
    shared_words = min(len(film.story_words & other.story_words), STORY_WORDS_COUNTED)
    return (
        weights.director * len(film.directors & other.directors)
        + weights.writer * len(film.writers & other.writers)
        + weights.principal_cast * len(film.principal_cast & other.principal_cast)
        + weights.genre * len(film.genres & other.genres)
        + weights.era * era_closeness(film.year, other.year)
        + weights.story_word * shared_words
        + weights.popularity * popularity_share(other.popularity)
    )


Ranking = list[tuple[int, float]]  # (similar film id, score), best first


def rank_similar(film: FilmFeatures, candidates: Iterable[FilmFeatures]) -> Ranking:
    """The KEEP best candidates: highest score first, then the lower id (a stable tie-break)."""
    scored = [(other.id, similarity_score(film, other)) for other in candidates]
    return sorted(scored, key=lambda entry: (-entry[1], entry[0]))[:KEEP]


def related(film: FilmFeatures, other: FilmFeatures) -> bool:
    """Whether the candidate search could reach `other` from `film`: they share a key person,
    or a genre within ERA_YEARS."""
    if film.key_people & other.key_people:
        return True
    return bool(film.genres & other.genres) and abs(film.year - other.year) <= ERA_YEARS


# --- Candidates -------------------------------------------------------------------------------


class CandidateSource(Protocol):
    """Where candidates come from: the database for a few films, memory for all of them."""

    def prepare(self, films: Sequence[FilmFeatures]) -> None: ...

    def sharing_people(self, film: FilmFeatures) -> set[int]:
        """Published films where one of the film's key people has a key role (a superset:
        `choose_candidates` keeps those sharing a key person)."""

    def popular_in_genre(self, genre: int, year: int) -> list[int]:
        """The CANDIDATES_PER_GENRE most popular published films of the genre within
        ERA_YEARS of the year."""


class DatabaseCandidates:
    """Candidates through the indexes: credits by person (credit_person_role), films by
    genre and year, each query bounded by the people or by LIMIT."""

    def __init__(self) -> None:
        self._films_of: dict[int, set[int]] = defaultdict(set)
        self._in_genre: dict[tuple[int, int], list[int]] = {}

    def prepare(self, films: Sequence[FilmFeatures]) -> None:
        people = set().union(*(film.key_people for film in films)) - set(self._films_of)
        for chunk in chunks(sorted(people), IN_CHUNK):
            credits = Credit.objects.filter(
                person_id__in=chunk, role__in=KEY_ROLES, film__published=True
            ).values_list("person_id", "film_id")
            for person_id, film_id in credits:
                self._films_of[person_id].add(film_id)

    def sharing_people(self, film: FilmFeatures) -> set[int]:
        return set().union(*(self._films_of.get(person, ()) for person in film.key_people))

    def popular_in_genre(self, genre: int, year: int) -> list[int]:
        if (genre, year) not in self._in_genre:
            films = Film.objects.published().filter(
                genres=genre, year__gte=year - ERA_YEARS, year__lte=year + ERA_YEARS
            )
            self._in_genre[genre, year] = list(
                films.order_by("-popularity", "pk").values_list("pk", flat=True)[
                    :CANDIDATES_PER_GENRE
                ]
            )
        return self._in_genre[genre, year]


class MemoryCandidates:
    """The same candidates from every published film's features, held in memory."""

    def __init__(self, features: dict[int, FilmFeatures]) -> None:
        self._films_of: dict[int, list[int]] = defaultdict(list)
        by_genre_year: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for film in features.values():
            for person in film.key_people:
                self._films_of[person].append(film.id)
            for genre in film.genres:
                by_genre_year[genre, film.year].append((-film.popularity, film.id))
        for entries in by_genre_year.values():
            entries.sort()
        self._by_genre_year = by_genre_year
        self._in_genre: dict[tuple[int, int], list[int]] = {}

    def prepare(self, films: Sequence[FilmFeatures]) -> None:
        pass

    def sharing_people(self, film: FilmFeatures) -> set[int]:
        return set().union(*(self._films_of.get(person, ()) for person in film.key_people))

    def popular_in_genre(self, genre: int, year: int) -> list[int]:
        if (genre, year) not in self._in_genre:
            years = range(year - ERA_YEARS, year + ERA_YEARS + 1)
            merged = heapq.merge(*(self._by_genre_year.get((genre, y), ()) for y in years))
            best = itertools.islice(merged, CANDIDATES_PER_GENRE)
            self._in_genre[genre, year] = [film_id for _popularity, film_id in best]
        return self._in_genre[genre, year]


def candidate_ids(film: FilmFeatures, source: CandidateSource) -> set[int]:
    """Every film worth a look: those sharing key people, and each genre's popular films."""
    found = source.sharing_people(film)
    for genre in film.genres:
        found.update(source.popular_in_genre(genre, film.year))
    found.discard(film.id)
    return found


def choose_candidates(
    film: FilmFeatures, source: CandidateSource, features: dict[int, FilmFeatures]
) -> list[FilmFeatures]:
    """The bounded candidates: the CANDIDATES_BY_PEOPLE films sharing the most key people, and
    each genre's CANDIDATES_PER_GENRE most popular films of the era (published only)."""
    shared = Counter(
        {
            other: len(film.key_people & features[other].key_people)
            for other in source.sharing_people(film)
            if other in features and other != film.id
        }
    )
    by_people = sorted((-count, other) for other, count in shared.items() if count)
    chosen = {other for _count, other in by_people[:CANDIDATES_BY_PEOPLE]}
    for genre in film.genres:
        chosen.update(source.popular_in_genre(genre, film.year))
    chosen.discard(film.id)
    return [features[other] for other in sorted(chosen) if other in features]


# --- Reading films ----------------------------------------------------------------------------


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_features(film_ids: Iterable[int]) -> dict[int, FilmFeatures]:
    """The features of those of these films that are published: three queries per IN_CHUNK."""
    found: dict[int, FilmFeatures] = {}
    for chunk in chunks(sorted(set(film_ids)), IN_CHUNK):
        films = Film.objects.published().filter(pk__in=chunk)
        rows = films.values_list(
            "pk", "year", "popularity", "synopsis", "synopsis_ko", "plot", "plot_ko"
        )
        genres: dict[int, set[int]] = defaultdict(set)
        through = Film.genres.through.objects.filter(film_id__in=chunk)
        for film_id, genre_id in through.values_list("film_id", "genre_id"):
            genres[film_id].add(genre_id)
        people = _key_people(chunk)
        for pk, year, popularity, *texts in rows:
            directors, writers, cast = people.get(pk, (set(), set(), []))
            found[pk] = FilmFeatures(
                id=pk,
                year=year,
                popularity=popularity,
                genres=frozenset(genres[pk]),
                directors=frozenset(directors),
                writers=frozenset(writers),
                principal_cast=frozenset(cast[:PRINCIPAL_CAST]),
                story_words=story_words(*texts),
            )
    return found


def _key_people(film_ids: Sequence[int]) -> dict[int, tuple[set[int], set[int], list[int]]]:
    """(directors, writers, cast in billing order) of each film."""
    people: dict[int, tuple[set[int], set[int], list[int]]] = defaultdict(
        lambda: (set(), set(), [])
    )
    credits = (
        Credit.objects.filter(film_id__in=film_ids, role__in=KEY_ROLES)
        .order_by("film_id", "order", "pk")
        .values_list("film_id", "person_id", "role")
    )
    for film_id, person_id, role in credits:
        directors, writers, cast = people[film_id]
        if role == Credit.Role.DIRECTOR:
            directors.add(person_id)
        elif role == Credit.Role.WRITER:
            writers.add(person_id)
        elif person_id not in cast:
            cast.append(person_id)
    return people


def current_lists(film_ids: Iterable[int]) -> dict[int, dict[int, float]]:
    """{film: {similar film: score}} as the table holds them now."""
    lists: dict[int, dict[int, float]] = defaultdict(dict)
    for chunk in chunks(sorted(set(film_ids)), IN_CHUNK):
        rows = SimilarFilm.objects.filter(film_id__in=chunk).values_list(
            "film_id", "similar_id", "score"
        )
        for film_id, similar_id, score in rows:
            lists[film_id][similar_id] = score
    return lists


def films_listing(film_ids: Iterable[int]) -> list[int]:
    """The films whose lists hold any of these films."""
    listing: set[int] = set()
    for chunk in chunks(sorted(set(film_ids)), IN_CHUNK):
        rows = SimilarFilm.objects.filter(similar_id__in=chunk).values_list("film_id", flat=True)
        listing.update(rows)
    return sorted(listing)


# --- Writing the lists ------------------------------------------------------------------------


def write_lists(lists: dict[int, Ranking]) -> None:
    """These films' lists become these rankings (the caller holds the transaction)."""
    ids = sorted(lists)
    for chunk in chunks(ids, IN_CHUNK):
        SimilarFilm.objects.filter(film_id__in=chunk).delete()
    SimilarFilm.objects.bulk_create(
        SimilarFilm(film_id=film_id, similar_id=similar_id, score=score, rank=rank)
        for film_id in ids
        for rank, (similar_id, score) in enumerate(lists[film_id], start=1)
    )


def compute_lists(
    films: Iterable[FilmFeatures], source: CandidateSource, features: dict[int, FilmFeatures]
) -> dict[int, Ranking]:
    """Each film's ranking from its candidates; `features` gains what it lacked."""
    films = list(films)
    source.prepare(films)
    wanted = set().union(*(candidate_ids(film, source) for film in films)) - set(features)
    features.update(load_features(wanted))
    return {
        film.id: rank_similar(film, choose_candidates(film, source, features)) for film in films
    }


def refresh_similar_films(film_ids: Iterable[int]) -> int:
    """Recompute the lists of these films (created, edited, unpublished or deleted) and
    bring their neighbours' lists up to date: films they may now enter (their candidates)
    and films that list them now. One transaction per REFRESH_CHUNK films. Returns the
    number of lists written.

    A neighbour's list changes only where a changed film stands, since every other entry's
    score is unchanged; only a neighbour whose full list lost or demoted a changed film is
    recomputed whole (its next best is not in the table). What stays approximate until the
    next `refresh_all_similar_films`: a changed popularity or year that moves other films in
    or out of a genre's top CANDIDATES_PER_GENRE elsewhere."""
    written = 0
    for chunk in chunks(sorted(set(film_ids)), REFRESH_CHUNK):
        with transaction.atomic():
            written += _refresh_chunk(set(chunk))
    return written


def _refresh_chunk(changed: set[int]) -> int:
    source = DatabaseCandidates()
    features = load_features(changed)
    films = [features[film_id] for film_id in sorted(changed) if film_id in features]
    lists: dict[int, Ranking] = {film_id: [] for film_id in changed}  # gone or unpublished
    lists |= compute_lists(films, source, features)
    neighbours = set().union(*(candidate_ids(film, source) for film in films))
    neighbours |= set(films_listing(changed))
    neighbours -= changed
    features.update(load_features(neighbours - set(features)))
    current = current_lists(neighbours)
    whole = []
    for neighbour_id in sorted(neighbours):
        neighbour = features.get(neighbour_id)
        if neighbour is None:
            continue  # unpublished: its list is made again when it is published
        entries = current.get(neighbour_id, {})
        merged = merge_changed(neighbour, entries, changed, features)
        if merged is None:
            whole.append(neighbour)
        elif merged != sorted(entries.items(), key=lambda entry: (-entry[1], entry[0])):
            lists[neighbour_id] = merged
    lists |= compute_lists(whole, source, features)
    write_lists(lists)
    return len(lists)


def merge_changed(
    film: FilmFeatures,
    entries: dict[int, float],
    changed: set[int],
    features: dict[int, FilmFeatures],
) -> Ranking | None:
    """The film's list with the changed films scored again (in, out or moved), or None when
    only a whole recomputation can say: the full list lost a changed film or demoted one
    below its old last entry."""
    merged = {other: score for other, score in entries.items() if other not in changed}
    for other_id in changed:
        other = features.get(other_id)
        if other is not None and related(film, other):
            merged[other_id] = similarity_score(film, other)
    ranking = sorted(merged.items(), key=lambda entry: (-entry[1], entry[0]))[:KEEP]
    if len(entries) >= KEEP:
        lowest = min(entries.values())
        if len(ranking) < KEEP or ranking[-1][1] < lowest:
            return None
    return ranking


def refresh_all_similar_films(progress: Progress | None = None) -> int:
    """Recompute every published film's list from features held in memory (read IN_CHUNK
    films at a time), writing REBUILD_CHUNK films' lists per transaction; unpublished films'
    lists are emptied. Returns the number of films listed."""
    SimilarFilm.objects.filter(film__published=False).delete()
    ids = list(Film.objects.published().order_by("pk").values_list("pk", flat=True))
    features: dict[int, FilmFeatures] = {}
    for chunk in chunks(ids, REBUILD_CHUNK):
        features.update(load_features(chunk))
    source = MemoryCandidates(features)
    done = 0
    for chunk in chunks(ids, REBUILD_CHUNK):
        lists = {
            film_id: rank_similar(
                features[film_id], choose_candidates(features[film_id], source, features)
            )
            for film_id in chunk
            if film_id in features
        }
        with transaction.atomic():
            write_lists(lists)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    return len(ids)
