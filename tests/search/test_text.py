import unicodedata

import pytest

from search import text


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Miracle in Cell No. 7", "miracle in cell no 7"),
        ("  MIRACLE\tin\ncell  ", "miracle in cell"),
        ("Amélie", "amelie"),
        ("Ｍｉｒａｃｌｅ　７", "miracle 7"),  # full-width letters and space
        ("Don't Cry Mommy", "dont cry mommy"),
        ("Ryu Seung-ryong", "ryu seungryong"),
        ("Spider-Man – Far From Home", "spiderman far from home"),
        ("12.12: The Day", "12 12 the day"),
        ("좋은 놈, 나쁜 놈, 이상한 놈", "좋은 놈 나쁜 놈 이상한 놈"),
        ("ㅂㅂㅇㅅㅁ", "ㅂㅂㅇㅅㅁ"),
        ('"* NEAR - OR', "near or"),
        ("-miracle", "miracle"),
        ("a|b", "a b"),
        ("\x00\x1f\x7f", ""),
    ],
)
def test_normalise_gives_queries_and_names_one_form(raw, normal):
    assert text.normalise(raw) == normal


def test_decomposed_hangul_is_composed_again():
    decomposed = "\u1100\u1161\u11a8"  # 각 typed as jamo
    assert text.normalise(decomposed) == "각"


def test_initial_consonants_of_a_title():
    assert text.initial_consonants("7번방의 선물") == "7ㅂㅂㅇㅅㅁ"
    assert text.initial_consonants("류승룡") == "ㄹㅅㄹ"
    assert text.is_initials_only("ㅂㅂ ㅇㅅㅁ")
    assert not text.is_initials_only("7ㅂㅂ")


def test_romanisations_include_syllable_by_syllable_and_numbers_read_in_korean():
    forms = text.romanisations("7번방의 선물")
    assert "chilbeonbangui seonmul" in forms
    assert "7beonbangui seonmul" in forms
    assert "seo ul ui bom" not in forms  # not this title's
    assert {"seourui bom", "seoului bom"} <= text.romanisations("서울의 봄")
    assert text.romanisations("Parasite") == set()


def test_sino_korean_numbers():
    assert [text.sino_korean_number(n) for n in (0, 7, 10, 12, 20, 105, 2013)] == [
        "영",
        "칠",
        "십",
        "십이",
        "이십",
        "백오",
        "이천십삼",
    ]


def test_jamo_spells_hangul_letter_by_letter():
    assert text.jamo("선물") == "ㅅㅓㄴㅁㅜㄹ"
    assert text.jamo("miracle") == "miracle"


def test_bounded_query_cuts_long_input():
    assert len(text.bounded_query("가" * 10_000)) == text.MAX_QUERY_LENGTH


def test_name_variants_are_compact_and_distinct():
    variants = text.name_variants("Miracle in Cell No. 7", "7번방의 선물")
    assert variants[0] == "miracleincellno7"
    assert "7번방의선물" in variants
    assert "chilbeonbanguiseonmul" in variants
    assert "7ㅂㅂㅇㅅㅁ" in variants
    assert len(variants) == len(set(variants))
    assert text.joined(["a", "b"]) == "|a|b|"


def test_the_short_cut_for_ascii_and_hangul_agrees_with_the_careful_path():
    import random

    chance = random.Random(3)
    alphabet = [chr(code) for code in range(128)] + list("가나다럭뷁힣선물")
    for _ in range(2000):
        sample = "".join(chance.choices(alphabet, k=chance.randint(0, 30)))
        folded = unicodedata.normalize("NFKC", sample).casefold()
        assert text.normalise(sample) == text._normalise_carefully(folded), repr(sample)
