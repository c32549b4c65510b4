"""Queries as visitors of film sites type them: wish words, years, a title with a person,
spacing and punctuation, a surname, another name. Each example of issue 14 finds its film in
the top three on the demo catalogue."""

import pytest

from kcinema.demo import load_demo_catalogue
from search.engine import Query, SearchFilters, search, suggest
from search.engine.understanding import WISH_PHRASES, understand

THIS_YEAR = 2026


def read(raw: str):
    return understand(Query.of(raw, max_tokens=None), this_year=THIS_YEAR)


@pytest.mark.parametrize(
    ("raw", "words", "year", "aside"),
    [
        ("parasite 2019", "parasite", 2019, ()),
        ("기생충 영화", "기생충", None, ("영화",)),
        ("7번방의 선물 다시보기", "7번방의 선물", None, ("다시보기",)),
        ("miracle in cell no 7 full movie", "miracle in cell no 7", None, ("full movie",)),
        ("train to busan eng sub", "train to busan", None, ("eng sub",)),
        ("Oldboy (Movie) 2003 HD", "oldboy", 2003, ("movie", "hd")),
        ("서울의 봄 2023 예고편 자막", "서울의 봄", 2023, ("예고편", "자막")),
        ("the host 2006 full movie", "the host", 2006, ("full movie",)),
        (
            "the girl in new york full movie eng sub",
            "the girl in new york",
            None,
            ("full movie", "eng sub"),
        ),
    ],
)
def test_wish_words_are_set_aside_and_a_year_is_read_as_a_year(raw, words, year, aside):
    understood = read(raw)
    assert (understood.query.text, understood.year, understood.set_aside) == (words, year, aside)
    assert understood.changed


@pytest.mark.parametrize(
    "raw", ["trailer", "movie", "영화", "2019", "the movie", "full movie", "1987 2017"]
)
def test_a_query_of_nothing_else_is_searched_as_typed(raw):
    understood = read(raw)
    assert understood.query == Query.of(raw) and not understood.changed


def test_the_words_kept_are_cut_at_eight_only_after_the_wishes_are_set_aside():
    understood = read("one two three four five six seven eight nine full movie")
    assert understood.query.text == "one two three four five six seven eight"


@pytest.mark.parametrize("raw", ["parasite 1899", "parasite 2028", "parasite 20190", "12.12"])
def test_only_a_plausible_year_is_a_year(raw):
    assert read(raw).year is None


def test_the_list_is_in_normal_form():
    assert all(" ".join(phrase) == Query.of(" ".join(phrase)).text for phrase in WISH_PHRASES)


@pytest.fixture
def demo(db):
    load_demo_catalogue()


def top_three(raw: str) -> list[str]:
    return [film.title for film in search(raw).films.object_list[:3]]


EXAMPLES = [
    ("parasite 2019", "Parasite"),
    ("기생충 2019", "Parasite"),
    ("기생충 영화", "Parasite"),
    ("oldboy movie", "Oldboy"),
    ("7번방의 선물 다시보기", "Miracle in Cell No. 7"),
    ("miracle in cell no 7 full movie", "Miracle in Cell No. 7"),
    ("train to busan eng sub", "Train to Busan"),
    ("JSA 2000", "Joint Security Area"),
    ("괴물 봉준호", "The Host"),
    ("봉준호 괴물", "The Host"),
    ("handmaiden park chan-wook", "The Handmaiden"),
    ("mother bong joon-ho", "Mother"),
    ("살인의추억", "Memories of Murder"),
    ("택시 운전사", "A Taxi Driver"),
    ("bong", "Parasite"),
    ("don lee", "Train to Busan"),
    ("마동석", "Train to Busan"),
]


def test_each_example_finds_its_film_in_the_top_three(demo):
    missed = {raw: top_three(raw) for raw, title in EXAMPLES if title not in top_three(raw)}
    assert not missed


def test_a_name_is_found_however_it_is_spaced_or_hyphenated(demo):
    for raw in ["park chan wook", "park chan-wook", "parkchanwook", "박찬욱", "Chan-wook Park"]:
        found = search(raw)
        assert found.people[0].person.name == "Park Chan-wook", raw
        assert "The Handmaiden" in [film.title for film in found.films.object_list[:10]], raw


def test_a_surname_lists_the_best_known_people_with_it_and_their_films(demo):
    found = search("song")
    assert "Song Kang-ho" in [entry.person.name for entry in found.people]
    songs = {"Parasite", "Memories of Murder", "The Host", "The Attorney", "A Taxi Driver"}
    assert songs & set(top_three("song"))


def test_another_name_finds_the_person_and_shows_on_their_page(demo, client):
    found = search("don lee")
    assert found.people[0].person.name == "Ma Dong-seok"
    assert [entry.person.name for entry in suggest("don lee").people][:1] == ["Ma Dong-seok"]
    page = client.get(found.people[0].person.get_absolute_url()).text
    assert "Also known as" in page and "Don Lee" in page


def test_the_title_and_the_person_rank_above_either_alone(demo):
    titles = [film.title for film in search("괴물 봉준호").films.object_list]
    assert titles[0] == "The Host"
    # The rest of Bong Joon-ho's films follow.
    assert {"Parasite", "Mother", "Memories of Murder"} <= set(titles[1:])


def test_the_search_box_suggests_the_film_of_a_title_and_a_person(demo):
    assert [entry.film.title for entry in suggest("괴물 봉준호").films][:1] == ["The Host"]


def test_films_of_the_year_come_first_but_others_still_show(demo):
    titles = [film.title for film in search("parasite 2013").films.object_list]
    assert "Parasite" in titles  # the year ranks, it does not filter


def test_the_page_says_how_it_read_the_query_and_links_to_the_literal_search(demo, client):
    html = client.get("/search/", {"q": "parasite 2019"}).text
    assert "Showing films of 2019 first, matching “parasite”." in html
    assert "literal=1" in html
    literal = client.get("/search/", {"q": "parasite 2019", "literal": "1"}).text
    assert "Showing films of" not in literal
    korean = client.get("/ko/search/", {"q": "기생충 영화"}).text
    assert "(“영화”은(는) 제외)" in korean and "literal=1" in korean


def test_the_literal_search_takes_the_words_as_typed(demo):
    literal = search("oldboy movie", SearchFilters(literal=True))
    assert not literal.understood.changed and literal.understood.query.text == "oldboy movie"
    assert "Oldboy" not in [film.title for film in literal.films.object_list[:1]]
    assert search("oldboy movie").films.object_list[0].title == "Oldboy"
