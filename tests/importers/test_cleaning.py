"""The values KOBIS and KMDb hand out, read by importers.sources.cleaning."""

from datetime import date

import pytest

from importers.sources.cleaning import (
    first_sentences,
    minutes,
    one_line,
    paragraphs,
    year,
    yyyymmdd,
)


def test_one_line_makes_runs_of_space_one():
    assert one_line("  강남\t좀비\n ") == "강남 좀비"
    assert one_line(None) == ""


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("20210915", date(2021, 9, 15)),
        ("", None),
        ("20120230", None),
        ("19650000", None),
        ("2021", None),
    ],
)
def test_yyyymmdd_reads_real_days_only(text, day):
    assert yyyymmdd(text) == day


def test_year_reads_four_digits_and_refuses_impossible_ones():
    assert year(" 2021 ") == 2021
    assert year("") is None
    for impossible in ("1066", "2999", "20xx", "21"):
        with pytest.raises(ValueError, match="impossible year"):
            year(impossible)


@pytest.mark.parametrize(("text", "value"), [("109", 109), ("", None), ("0", None), ("99분", None)])
def test_minutes_reads_whole_minutes(text, value):
    assert minutes(text) == value


def test_paragraphs_trim_lines_and_keep_one_blank_line():
    assert paragraphs(" 첫째 줄 \r\n\r\n\r\n둘째  줄 ") == "첫째 줄\n\n둘째 줄"


def test_first_sentences_keep_whole_sentences_within_the_limit():
    text = "첫 문장이다. 둘째 문장이다! 셋째 문장이다?"

    assert first_sentences(text, 20) == "첫 문장이다. 둘째 문장이다!"


def test_first_sentences_split_where_kmdb_runs_sentences_on():
    text = "강남이 좀비에 점령 당했다!평소와 같던 어느 날. J.S.A는 그대로다."

    assert first_sentences(text, 20) == "강남이 좀비에 점령 당했다!"
    assert (
        first_sentences(text, 100)
        == "강남이 좀비에 점령 당했다! 평소와 같던 어느 날. J.S.A는 그대로다."
    )


def test_first_sentence_longer_than_the_limit_is_cut_at_a_word():
    cut = first_sentences("하나 둘 셋 넷 다섯 여섯.", 10)

    assert (cut, len(cut)) == ("하나 둘 셋 넷…", 9)
