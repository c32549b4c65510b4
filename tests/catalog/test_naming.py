import pytest

from catalog.models import Film
from catalog.naming import film_slug, person_slug, romanise, romanised_title, unique_slug
from tests.factories import FilmFactory


def test_latin_title_slug_carries_the_year():
    assert film_slug("Miracle in Cell No. 7", "7번방의 선물", 2013) == "miracle-in-cell-no-7-2013"


def test_hangul_only_title_is_romanised_into_an_ascii_slug():
    assert film_slug("", "기생충", 2019) == "gisaengchung-2019"


def test_title_in_a_script_with_no_romanisation_keeps_a_unicode_slug():
    assert film_slug("", "寄生蟲", 2019) == "寄生蟲-2019"


def test_person_slug_falls_back_to_the_hangul_name():
    assert person_slug("", "류승룡") == "ryuseungryong"


def test_romanise_keeps_latin_letters():
    assert romanise("공동경비구역 JSA") == "gongdonggyeongbiguyeok JSA"


@pytest.mark.django_db
def test_unique_slug_counts_up_past_taken_ones():
    FilmFactory(slug="the-host-2006")
    FilmFactory(slug="the-host-2006-2")
    assert unique_slug(Film, "the-host-2006") == "the-host-2006-3"


@pytest.mark.django_db
def test_unique_slug_ignores_the_row_being_edited():
    film = FilmFactory(slug="the-host-2006")
    assert unique_slug(Film, "the-host-2006", exclude_pk=film.pk) == "the-host-2006"


def test_romanised_title_is_written_in_words_with_a_capital():
    assert romanised_title("기생충") == "Gisaengchung"
    assert romanised_title("7번방의 선물") == "7beonbangui seonmul"
