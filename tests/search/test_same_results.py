"""Both backends give the results the ranking rules define: each query's films, in order,
are compared with a plain-Python reading of the rules on the same catalogue. CI runs this
on SQLite and on PostgreSQL, so the two backends agree with each other through it."""

import random

import pytest

from search import indexing, text
from search.engine import STOPWORDS, Query, SearchFilters, search
from search.engine.ranking import MAX_NAME_WORDS
from search.engine.understanding import understand
from search.models import SearchEntry
from tests.factories import CreditFactory, FilmFactory, PersonFactory, VideoSourceFactory
from watch.models import VideoSource

pytestmark = pytest.mark.django_db

ENGLISH = ["summer", "night", "secret", "city", "war", "memory", "girl", "gift", "spring", "road"]
HANGUL = ["여름", "밤의", "비밀", "도시", "전쟁", "기억", "소녀", "선물", "봄", "길"]
STORY = ["prison", "father", "daughter", "river", "아버지", "감옥", "강가", "딸", "miracle"]
SURNAMES = [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Song", "송")]
GIVEN = [("Min-su", "민수"), ("Ji-woo", "지우"), ("Seo-yeon", "서연"), ("Kang-ho", "강호")]


def reference(entries: list[SearchEntry], query: str, people: list[SearchEntry]) -> list[int]:
    """The matching and ranking rules of search.engine, read literally: the query understood
    (wish words set aside, a year read as a year: search.engine.understanding, tested on its
    own), films of the year first; within each, films where a title and a person named both
    match, then films matched by name (by tier), then the rest of the person's films, then
    films matched by their story alone."""
    understood = understand(Query.of(query, max_tokens=None))
    tokens = understood.query.tokens
    if understood.year is None:
        return ranked(entries, tokens, people)
    in_year = [entry for entry in entries if entry.year == understood.year]
    other_years = [entry for entry in entries if entry.year != understood.year]
    return ranked(in_year, tokens, people) + ranked(other_years, tokens, people)


def ranked(entries: list[SearchEntry], tokens: list[str], people: list[SearchEntry]) -> list[int]:
    phrase = "".join(tokens)
    long_tokens = [token for token in tokens if len(token) >= 3] or [phrase]
    short_tokens = [token for token in tokens if len(token) < 3]
    story_words = [token for token in tokens if token not in STOPWORDS]
    splits = mixed_splits(tokens, people)
    lists: dict[str, list[tuple]] = {"both": [], "named": [], "person": [], "story": []}
    for entry in entries:
        by_title = all(token in entry.names for token in long_tokens + short_tokens)
        credit = f"|{phrase}"
        by_credit = is_name(phrase) and (credit in entry.leads or credit in entry.people)
        words = entry.story.body.split() if hasattr(entry, "story") else []
        *whole, last = story_words or [""]
        by_story = bool(story_words) and all(word in words for word in whole)
        by_story = by_story and any(word.startswith(last) for word in words)
        both = any(
            entry.film_id in films and all(word in entry.names for word in title)
            for title, films in splits
        )
        of_person = any(entry.film_id in films for _title, films in splits)
        popularity = (-entry.popularity, entry.pk, entry.film_id)
        if both:
            lists["both"].append(popularity)
        elif by_title or by_credit:
            lists["named"].append((tier(entry, tokens, phrase), *popularity))
        elif of_person:
            lists["person"].append(popularity)
        elif by_story:
            lists["story"].append(popularity)
    return [key[-1] for kind in lists.values() for key in sorted(kind)]


def tier(entry: SearchEntry, tokens: list[str], phrase: str) -> int:
    if f"|{phrase}|" in entry.names:
        return 0
    if f"|{phrase}" in entry.names:
        return 1
    if all(token in entry.names for token in tokens):
        return 2
    if f"|{phrase}" in entry.leads:
        return 3
    if f"|{phrase}" in entry.people:
        return 4
    return 5


def is_name(phrase: str) -> bool:
    """Long enough to be looked up in the credits: two hangul letters, four Latin ones."""
    enough = 2 if text.has_hangul(phrase) else 4
    return len(phrase) >= enough and not text.is_initials_only(phrase)


def mixed_splits(tokens: list[str], people: list[SearchEntry]) -> list[tuple[list[str], set]]:
    """The ways the words split into a title and somebody's whole name (one of the names the
    index keeps for them), with that person's films; none when the query is the start of a
    name."""
    names = {person.pk: set(person.names.strip("|").split("|")) for person in people}
    phrase = "".join(tokens)
    if any(name.startswith(phrase) for known in names.values() for name in known):
        return []
    splits = []
    for size in range(1, min(MAX_NAME_WORDS, len(tokens) - 1) + 1):
        for name, title in ((tokens[-size:], tokens[:-size]), (tokens[:size], tokens[size:])):
            wanted = "".join(name)
            if not is_name(wanted) or not [word for word in title if word not in STOPWORDS]:
                continue
            named = [person for person in people if wanted in names[person.pk]]
            films = {c.film_id for p in named for c in p.person.credits.all()}
            if films:
                splits.append((title, films))
    return splits


@pytest.fixture
def catalogue():
    with indexing.deferred():  # each film indexed once, not once per credit
        build(random.Random(20261125))
    return list(SearchEntry.objects.filter(kind="film").select_related("story"))


@pytest.fixture
def people():
    people = SearchEntry.objects.filter(kind="person").select_related("person")
    return list(people.prefetch_related("person__credits"))


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
            year=chance.choice([2001, 2002, 2003]),
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
        # Wish words, years, a title and a person.
        "summer movie",
        "여름 영화 다시보기",
        "secret city full movie",
        "summer 2002",
        "밤의 비밀 2003",
        "secret 2001 eng sub",
        "summer kim min-su",
        "김민수 여름",
        "song kang-ho gift",
        "prison lee ji-woo",
        "movie",
        "trailer 2002",
    ]
    for _ in range(30):
        word = chance.choice(ENGLISH + HANGUL + STORY)
        start = chance.randrange(0, max(1, len(word) - 2))
        picked.append(word[start : start + chance.randint(2, 5)] + " " + chance.choice(HANGUL))
    return picked


def test_results_follow_the_ranking_rules(catalogue, people):
    disagreements = {}
    for query in queries():
        if len(understand(Query.of(query, max_tokens=None)).query.phrase) < 3:
            continue  # one- and two-letter queries go to the prefix table, tested on their own
        expected = reference(catalogue, query, people)
        first = search(query)
        pages = [first] + [
            search(query, page=number) for number in range(2, first.films.paginator.num_pages + 1)
        ]
        films = [film.pk for page in pages for film in page.films.object_list]
        if films != expected or first.total != len(expected):
            disagreements[query] = (films, expected)
    assert not disagreements


def test_the_walk_by_popularity_gives_the_same_results(catalogue, people, monkeypatch):
    """Many story matches are walked down the popularity index instead of sorted: same list."""
    monkeypatch.setattr("search.engine.ranking.DENSE_STORIES", 0)
    monkeypatch.setattr("search.engine.ranking.DENSE_NAMES", 0)
    test_results_follow_the_ranking_rules(catalogue, people)


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
def test_filtered_results_follow_the_rules(catalogue, people, filters):
    kept = playable(filters)
    assert kept  # the catalogue has some of each
    disagreements = {}
    for query in ["", *queries()]:
        if query and len(understand(Query.of(query, max_tokens=None)).query.phrase) < 3:
            continue
        if query:
            expected = [
                film_id for film_id in reference(catalogue, query, people) if film_id in kept
            ]
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
