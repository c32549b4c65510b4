"""Both backends give the results the ranking rules define: each query's films, in order,
are compared with a plain-Python reading of the rules on the same catalogue. CI runs this
on SQLite and on PostgreSQL, so the two backends agree with each other through it."""

import random

import pytest

from search import indexing, text
from search.engine import STOPWORDS, SearchFilters, search
from search.models import SearchEntry
from tests.factories import CreditFactory, FilmFactory, PersonFactory, VideoSourceFactory
from watch.models import VideoSource

pytestmark = pytest.mark.django_db

ENGLISH = ["summer", "night", "secret", "city", "war", "memory", "girl", "gift", "spring", "road"]
HANGUL = ["여름", "밤의", "비밀", "도시", "전쟁", "기억", "소녀", "선물", "봄", "길"]
STORY = ["prison", "father", "daughter", "river", "아버지", "감옥", "강가", "딸", "miracle"]
SURNAMES = [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Song", "송")]
GIVEN = [("Min-su", "민수"), ("Ji-woo", "지우"), ("Seo-yeon", "서연"), ("Kang-ho", "강호")]


def reference(entries: list[SearchEntry], query: str) -> list[int]:
    """The matching and ranking rules of search.engine, read literally."""
    tokens = text.bounded_query(query).split()
    phrase = "".join(tokens)
    long_tokens = [token for token in tokens if len(token) >= 3] or [phrase]
    short_tokens = [token for token in tokens if len(token) < 3]
    story_words = [token for token in tokens if token not in STOPWORDS]
    ranked = []
    for entry in entries:
        by_title = all(token in entry.names for token in long_tokens + short_tokens)
        credit = f"|{phrase}"
        long_enough = len(phrase) >= (2 if text.has_hangul(phrase) else 5)
        by_credit = long_enough and (credit in entry.leads or credit in entry.people)
        words = entry.story.body.split() if hasattr(entry, "story") else []
        *whole, last = story_words or [""]
        by_story = bool(story_words) and all(word in words for word in whole)
        by_story = by_story and any(word.startswith(last) for word in words)
        if not (by_title or by_credit or by_story):
            continue
        if f"|{phrase}|" in entry.names:
            tier = 0
        elif f"|{phrase}" in entry.names:
            tier = 1
        elif all(token in entry.names for token in tokens):
            tier = 2
        elif credit in entry.leads:
            tier = 3
        elif credit in entry.people:
            tier = 4
        else:
            tier = 5
        ranked.append((tier, -entry.popularity, entry.pk, entry.film_id))
    return [film_id for *_key, film_id in sorted(ranked)]


@pytest.fixture
def catalogue():
    with indexing.deferred():  # each film indexed once, not once per credit
        build(random.Random(20261125))
    return list(SearchEntry.objects.filter(kind="film").select_related("story"))


def build(chance: random.Random) -> None:
    people = [
        PersonFactory(name=f"{surname} {given}", name_ko=f"{surname_ko}{given_ko}")
        for (surname, surname_ko) in SURNAMES
        for (given, given_ko) in GIVEN
    ]
    for number in range(60):
        size = chance.randint(1, 3)
        picks = chance.sample(range(len(ENGLISH)), size)
        film = FilmFactory(
            title=" ".join(ENGLISH[pick] for pick in picks).title() + f" {number}",
            original_title=" ".join(HANGUL[pick] for pick in picks),
            popularity=chance.choice([0, 10, 10, 500, 9000]),
            synopsis=" ".join(chance.sample(STORY, 3)),
        )
        for order, person in enumerate(chance.sample(people, 4)):
            CreditFactory(film=film, person=person, order=order)
        for _source in range(chance.choice([0, 0, 1, 2])):
            VideoSourceFactory(
                film=film,
                kind=chance.choice([VideoSource.Kind.FULL_FILM, VideoSource.Kind.TRAILER]),
                subtitle_languages=chance.choice(["", "en", "ko,en", "ja"]),
                active=chance.random() > 0.2,
                hidden_by_takedown=chance.random() < 0.2,
            )


def queries() -> list[str]:
    chance = random.Random(7)
    picked = ["summer", "여름", "밤의 비밀", "secret city", "ret cit", "kim min", "김민수"]
    picked += [
        "kimmi",
        "seoyeon park",
        "이지우",
        "park seo yeon",
        "song kangho",
        "gift 선물",
        "prison",
        "감옥",
        "father river",
    ]
    picked += [
        "summer kim",
        "spr",
        "the prison",
        "prison the river",
        "father riv",
        "mem ory",
        "war 1",
        "ㅇㄹ",
        "ㅂㅇ ㅂㅁ",
        "yeoreum",
        "bamui",
    ]
    for _ in range(30):
        word = chance.choice(ENGLISH + HANGUL + STORY)
        start = chance.randrange(0, max(1, len(word) - 2))
        picked.append(word[start : start + chance.randint(2, 5)] + " " + chance.choice(HANGUL))
    return picked


def test_results_follow_the_ranking_rules(catalogue):
    disagreements = {}
    for query in queries():
        if len(text.compact(text.bounded_query(query))) < 3:
            continue  # one- and two-letter queries go to the prefix table, tested on their own
        expected = reference(catalogue, query)
        first = search(query)
        pages = [first] + [
            search(query, page=number) for number in range(2, first.films.paginator.num_pages + 1)
        ]
        films = [film.pk for page in pages for film in page.films.object_list]
        if films != expected or first.total != len(expected):
            disagreements[query] = (films, expected)
    assert not disagreements


def test_the_walk_by_popularity_gives_the_same_results(catalogue, monkeypatch):
    """Many story matches are walked down the popularity index instead of sorted: same list."""
    monkeypatch.setattr("search.engine.ranking.DENSE_STORIES", 0)
    monkeypatch.setattr("search.engine.ranking.DENSE_NAMES", 0)
    test_results_follow_the_ranking_rules(catalogue)


def playable(filters: SearchFilters) -> set[int]:
    """The films the filters keep, read literally: a full film visitors may see (active, not
    hidden by a takedown), with subtitles in the language asked for, when one is."""
    kept = set()
    for source in VideoSource.objects.all():
        languages = source.subtitle_languages.split(",")
        if source.kind != VideoSource.Kind.FULL_FILM or not source.active:
            continue
        if source.hidden_by_takedown:
            continue
        if filters.subtitle_language and filters.subtitle_language not in languages:
            continue
        kept.add(source.film_id)
    return kept


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(full_film=True),
        SearchFilters(subtitle_language="en"),
        SearchFilters(full_film=True, subtitle_language="ja"),
    ],
)
def test_filtered_results_follow_the_rules(catalogue, filters):
    kept = playable(filters)
    assert kept  # the catalogue has some of each
    disagreements = {}
    for query in ["", *queries()]:
        if query and len(text.compact(text.bounded_query(query))) < 3:
            continue
        if query:
            expected = [film_id for film_id in reference(catalogue, query) if film_id in kept]
        else:  # no query: every film kept, by popularity
            ranked = sorted((-entry.popularity, entry.pk, entry.film_id) for entry in catalogue)
            expected = [film_id for *_key, film_id in ranked if film_id in kept]
        first = search(query, filters)
        pages = [first] + [
            search(query, filters, page=number)
            for number in range(2, first.films.paginator.num_pages + 1)
        ]
        films = [film.pk for page in pages for film in page.films.object_list]
        if films != expected or first.total != len(expected):
            disagreements[query] = (films, expected)
    assert not disagreements
