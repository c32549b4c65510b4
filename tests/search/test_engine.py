"""What a visitor finds, ranked; the suite runs on SQLite (FTS5) and on PostgreSQL in CI,
so each test here holds for both backends."""

import pytest

from catalog.models import Credit
from search.engine import Query, SearchFilters, correct, search, suggest
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    miracle_in_cell_no_7,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Miracle in Cell No. 7 among films that compete for the same words and people."""
    miracle = miracle_in_cell_no_7()
    miracle.popularity = 12811
    miracle.save()
    ryu = miracle.credits.get(person__name="Ryu Seung-ryong").person
    for title, original, year, popularity in [
        ("The Admiral: Roaring Currents", "명량", 2014, 17615),
        ("Extreme Job", "극한직업", 2019, 16265),
        ("Masquerade", "광해, 왕이 된 남자", 2012, 12319),
    ]:
        film = FilmFactory(title=title, original_title=original, year=year, popularity=popularity)
        CreditFactory(film=film, person=ryu, order=1)
    FilmFactory(
        title="Cell Phone Stories", original_title="휴대폰 이야기", year=2001, popularity=90000
    )
    FilmFactory(
        title="A Quiet Miracle",
        original_title="조용한 기적",
        year=2005,
        runtime=95,
        popularity=50000,
        synopsis="Nothing about prisons.",
    )
    FilmFactory(
        title="The Seventh Room",
        original_title="일곱 번째 방",
        year=2020,
        runtime=101,
        popularity=99000,
        synopsis="A story that mentions a miracle in a cell, but in its synopsis only.",
    )
    return miracle


DESIGN_QUERIES = [
    "miracle cell",
    "miracle in cell no 7",
    "Miracle in Cell No. 7",
    "7번방",
    "7번방의 선물",
    "7번방의선물",
    "chilbeonbang",
    "chilbeonbangui seonmul",
    "miracel",
    "Ryu Seung-ryong",
    "류승룡",
    "ㅂㅂㅇㅅㅁ",
    "7ㅂㅂ",
]


@pytest.mark.parametrize("query", DESIGN_QUERIES)
def test_the_design_queries_find_the_film_in_the_top_three(catalogue, query):
    films = list(search(query).films.object_list)
    assert catalogue in films[:3], [film.title for film in films]


@pytest.mark.parametrize("query", DESIGN_QUERIES)
def test_suggestions_find_the_film_too(catalogue, query):
    films = [entry.film for entry in suggest(query).films]
    assert catalogue in films[:3], [film.title for film in films]


def test_a_title_match_outranks_a_more_popular_story_match(catalogue):
    titles = [film.title for film in search("miracle cell").films.object_list]
    assert titles == ["Miracle in Cell No. 7", "The Seventh Room"]


def test_exact_title_beats_title_start_beats_title_words(catalogue):
    exact = FilmFactory(title="Cell", original_title="셀", popularity=1)
    starts = FilmFactory(title="Cellmates", original_title="감방 동료", popularity=5)
    titles = [film.title for film in search("cell").films.object_list]
    # Two titles start with "cell": the more popular first.
    assert titles[:3] == [exact.title, "Cell Phone Stories", starts.title]
    assert titles.index(starts.title) < titles.index("Miracle in Cell No. 7")


def test_a_film_found_through_its_lead_ranks_by_popularity(catalogue):
    titles = [film.title for film in search("류승룡").films.object_list]
    assert titles == [
        "The Admiral: Roaring Currents",
        "Extreme Job",
        "Miracle in Cell No. 7",
        "Masquerade",
    ]


def test_people_are_found_with_their_best_known_film(catalogue):
    people = search("ryu seung").people
    assert [entry.person.name for entry in people] == ["Ryu Seung-ryong"]
    assert people[0].known_for.title == "The Admiral: Roaring Currents"
    assert [e.person.name for e in suggest("ㄹㅅㄹ").people] == ["Ryu Seung-ryong"]


def test_one_letter_suggests_titles_starting_with_it_first(catalogue):
    FilmFactory(title="Seven Days", original_title="세븐 데이즈", popularity=1)
    titles = [entry.film.title for entry in suggest("7").films]
    assert titles[0] == "Miracle in Cell No. 7"
    assert suggest("se").films[0].film.title == "Seven Days"


def test_a_two_letter_title_is_found_exactly(catalogue):
    host = FilmFactory(title="The Host", original_title="괴물", popularity=1)
    FilmFactory(title="Monsters Inc Again", original_title="괴물들의 밤", popularity=999999)
    assert search("괴물").films.object_list[0] == host
    assert suggest("괴물").films[0].film == host


def test_a_typo_is_corrected_and_said_so(catalogue):
    found = search("miracel cel")
    assert found.corrected is not None
    assert found.corrected.text == "miracle cell"
    assert found.films.object_list[0] == catalogue


def test_a_hangul_typo_is_one_jamo_away(catalogue):
    assert correct(Query.of("7번방의 선믈")).text == "7번방의 선물"
    assert search("류승용").people[0].person.name == "Ryu Seung-ryong"


def test_no_correction_for_a_known_word_or_nonsense(catalogue):
    assert correct(Query.of("miracle")) is None
    assert correct(Query.of("zzzzqqq")) is None


def test_nothing_found_offers_popular_films(catalogue):
    found = search("zzzzqqq")
    assert found.total == 0
    assert found.popular[0].title == "The Seventh Room"


def test_story_words_match_by_prefix(catalogue):
    assert [film.title for film in search("prison").films.object_list] == ["A Quiet Miracle"]
    assert catalogue in search("누명").films.object_list


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "miracle*", "NEAR(miracle cell)", "-miracle", "miracle OR cell", "'; --"],
)
def test_query_syntax_is_searched_for_not_obeyed(catalogue, query):
    found = search(query)
    assert found.query.text == Query.of(query).text
    assert found.films.paginator.count >= 0


def test_filters_narrow_the_results(catalogue):
    drama = catalogue.genres.get(slug="drama")
    ryu = catalogue.credits.get(person__name="Ryu Seung-ryong").person
    assert list(search("류승룡", SearchFilters(genre=drama)).films.object_list) == [catalogue]
    assert search("", SearchFilters(person=ryu)).total == 4
    assert search("", SearchFilters(year_from=2013, year_to=2013)).total == 1
    assert search("", SearchFilters(runtime_min=125, runtime_max=130)).total == 1
    assert search("miracle", SearchFilters(genre=GenreFactory())).total == 0


def test_sorting_by_year_and_title(catalogue):
    newest = [f.year for f in search("", SearchFilters(sort="newest")).films.object_list]
    assert newest == sorted(newest, reverse=True)
    titles = [f.title for f in search("", SearchFilters(sort="title")).films.object_list]
    assert titles == sorted(titles, key=str.casefold)
    oldest = search("miracle", SearchFilters(sort="oldest", year_from=2000)).films.object_list
    assert [f.title for f in oldest] == [
        "A Quiet Miracle",  # 2005
        "Miracle in Cell No. 7",  # 2013
        "The Seventh Room",  # 2020, by its story
    ]


def test_korean_titles_sort_in_hangul_order(catalogue):
    titles = [
        f.original_title
        for f in search("", SearchFilters(sort="title"), language="ko").films.object_list
    ]
    assert titles == sorted(titles, key=lambda title: title.casefold())


def test_a_page_past_the_end_gives_the_last_page(catalogue):
    for number in range(25):
        FilmFactory(title=f"Miracle copy {number}")
    found = search("miracle copy", page=99)
    assert found.films.number == 2
    assert len(found.films.object_list) == 5


def test_unpublished_films_are_not_found(catalogue):
    catalogue.published = False
    catalogue.save()
    assert catalogue not in search("miracle cell").films.object_list


def test_a_short_latin_name_finds_people_not_their_films(catalogue):
    found = search("ryu")
    assert found.people[0].person.name == "Ryu Seung-ryong"
    assert catalogue not in found.films.object_list


def test_a_director_ranks_with_the_leads(catalogue):
    director = catalogue.credits.get(role=Credit.Role.DIRECTOR).person
    assert search(director.name).films.object_list[0] == catalogue


def test_counting_stops_where_pages_stop(catalogue, monkeypatch):
    monkeypatch.setattr("search.engine.pages.MAX_RESULTS", 3)
    found = search("류승룡")  # four films by a credit, none by story
    assert found.total == 3
    assert found.more_than_counted
    assert len(found.films.object_list) == 3


def test_name_matches_come_before_story_matches_across_pages(catalogue, monkeypatch):
    monkeypatch.setattr("search.engine.pages.RESULTS_PER_PAGE", 1)
    pages = [search("miracle cell", page=number) for number in (1, 2)]
    assert [page.films.object_list[0].title for page in pages] == [
        "Miracle in Cell No. 7",
        "The Seventh Room",
    ]


def test_a_korean_name_is_found_in_either_order(catalogue):
    assert search("seung-ryong ryu").people[0].person.name == "Ryu Seung-ryong"
    assert catalogue in search("seungryong ryu").films.object_list


def test_many_people_with_the_name_are_walked_by_popularity_exact_names_first(
    catalogue, monkeypatch
):
    monkeypatch.setattr("search.engine.ranking.DENSE_NAMES", 0)
    PersonFactory(name="Ryu Seung-ryong Jr", name_ko="")
    found = [entry.person.name for entry in search("ryu seung-ryong").people]
    assert found == ["Ryu Seung-ryong", "Ryu Seung-ryong Jr"]
