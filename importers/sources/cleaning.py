"""The plain values KOBIS and KMDb hand out, read the same way by both readers: text with
stray spaces, dates as YYYYMMDD, years, running times in minutes, and a synopsis cut from a
longer plot in whole sentences."""

import re
from datetime import date

# The first public screening of a film anywhere was in 1895; a source that says earlier, or a
# production year more than a few years ahead, has a typing error, not a film.
FIRST_FILM_YEAR = 1895
YEARS_AHEAD = 5

# A sentence ends at . ! ? or … before a space, or, as KMDb's plots often run on ("당했다!평소와"),
# between hangul and hangul (or an opening quote): "J.S.A" and "2.5" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[가-힣][.!?…])(?=[가-힣‘“'\"])")


def one_line(value: object) -> str:
    """Text with runs of spaces, tabs and newlines made one space, trimmed; "" for None."""
    return " ".join(str(value).split()) if value is not None else ""


def yyyymmdd(value: object) -> date | None:
    """A date written YYYYMMDD, None when it is empty or no such day ("20120230", "19650000")."""
    text = one_line(value)
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def year(value: object) -> int | None:
    """A four-digit year; None when empty. ValueError (its message the reason) when impossible."""
    text = one_line(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"impossible year {text!r}")
    number = int(text)
    if not FIRST_FILM_YEAR <= number <= date.today().year + YEARS_AHEAD:
        raise ValueError(f"impossible year {number}")
    return number


def minutes(value: object) -> int | None:
    """A running time in whole minutes ("109"), None when empty, zero or not a number."""
    text = one_line(value)
    if not re.fullmatch(r"\d{1,4}", text) or not 0 < int(text) < 1000:
        return None
    return int(text)


def paragraphs(value: object) -> str:
    """A plot as the source wrote it, with each line trimmed and at most one blank line."""
    lines = [one_line(line) for line in str(value or "").replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def first_sentences(text: str, limit: int = 600) -> str:
    """The first whole sentences of `text` that fit in `limit` characters. A first sentence
    longer than that is cut at a word and ends with an ellipsis."""
    sentences = [part for part in _SENTENCE_END.split(one_line(text)) if part]
    kept = ""
    for sentence in sentences:
        longer = f"{kept} {sentence}" if kept else sentence
        if len(longer) > limit:
            break
        kept = longer
    if kept or not sentences:
        return kept
    cut = sentences[0][: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
