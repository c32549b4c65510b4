import pytest

from catalog.composition import compose_summary_line, has_final_consonant
from catalog.models import Credit
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    miracle_in_cell_no_7,
)

pytestmark = pytest.mark.django_db


def test_english_summary_line_names_genres_director_and_two_stars():
    film = miracle_in_cell_no_7()
    assert compose_summary_line(film, "en") == (
        "Miracle in Cell No. 7 (2013) is a South Korean comedy drama film directed by "
        "Lee Hwan-kyung, starring Ryu Seung-ryong and Kal So-won."
    )


def test_korean_summary_line_uses_hangul_names_and_the_right_particles():
    film = miracle_in_cell_no_7()
    assert compose_summary_line(film, "ko") == (
        "《7번방의 선물》은 2013년에 개봉한 한국의 코미디 드라마 영화로, "
        "이환경이 감독을 맡았고 류승룡, 갈소원이 출연했다."
    )


def test_korean_particles_follow_the_last_syllable():
    film = FilmFactory(title="Mother", original_title="마더", year=2009, genres=[])
    director = PersonFactory(name="Bong Joon-ho", name_ko="봉준호")
    CreditFactory(film=film, person=director, role=Credit.Role.DIRECTOR)
    assert compose_summary_line(film, "ko") == (
        "《마더》는 2009년에 개봉한 한국의 영화로, 봉준호가 감독을 맡았다."
    )


def test_summary_without_credits_or_genres_is_still_a_sentence():
    film = FilmFactory(title="Untitled", original_title="", year=1961, countries="", genres=[])
    assert compose_summary_line(film, "en") == "Untitled (1961) is a film."
    assert compose_summary_line(film, "ko") == "《Untitled》는 1961년에 개봉한 영화이다."


def test_three_directors_and_a_vowel_genre_read_naturally():
    film = FilmFactory(
        title="Three", year=2002, countries="", genres=[GenreFactory(slug="action", name="Action")]
    )
    for name in ["A One", "B Two", "C Three"]:
        CreditFactory(film=film, person=PersonFactory(name=name), role=Credit.Role.DIRECTOR)
    assert compose_summary_line(film, "en") == (
        "Three (2002) is an action film directed by A One, B Two and C Three."
    )


def test_drama_comes_after_the_other_genres():
    drama = GenreFactory(slug="drama", name="Drama")
    crime = GenreFactory(slug="crime", name="Crime")
    film = FilmFactory(title="X", year=2003, genres=[drama, crime])
    assert "South Korean crime drama film" in compose_summary_line(film, "en")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("선물", True), ("마더", False), ("JSA", False), ("7", True), ("2", False), ("Film", True)],
)
def test_final_consonant_of_hangul_digits_and_letters(word, expected):
    assert has_final_consonant(word) is expected
