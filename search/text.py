"""How text becomes searchable: one normal form for queries and the index, romanisations,
initial consonants (초성) and the jamo spelling used to forgive typos in hangul."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from korean_romanizer.romanizer import Romanizer

MAX_QUERY_LENGTH = 100
SEPARATOR = "|"  # between the names of one index entry; normalised text never contains it

FIRST_SYLLABLE, LAST_SYLLABLE = 0xAC00, 0xD7A3
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
# Dropped rather than made spaces: "Don't" is "dont", and a hyphen joins the syllables of a
# romanised name ("Ha-eun" is "haeun", as it is also written), which keeps the words of a name
# long enough for the trigram index to look up.
JOINERS = "'’ʼ`´-‐‑"
DIGIT_READINGS = "영일이삼사오육칠팔구"
PLACE_READINGS = ((1000, "천"), (100, "백"), (10, "십"))


def _is_syllable(char: str) -> bool:
    return FIRST_SYLLABLE <= ord(char) <= LAST_SYLLABLE


# Text of only ASCII and hangul syllables (nearly every name and story) takes a short cut
# that gives the same result as the careful path below.
_BEYOND_ASCII_AND_HANGUL = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]")
_ASCII_TABLE = {
    code: None if chr(code) in JOINERS else " " for code in range(128) if not chr(code).isalnum()
}


def normalise(text: str | None) -> str:
    """The one form both queries and indexed names take: NFKC, lower case, accents dropped
    (but hangul kept whole), punctuation and symbols as spaces, apostrophes and hyphens
    dropped, single spaces. "Miracle in Cell No. 7" -> "miracle in cell no 7"; "ㅂㅂㅇ" keeps
    its jamo."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if not _BEYOND_ASCII_AND_HANGUL.search(text):
        return " ".join(text.translate(_ASCII_TABLE).split())
    return _normalise_carefully(text)


def _normalise_carefully(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        if char in JOINERS:
            continue
        if category[0] in "PSZC" or char == SEPARATOR:
            kept.append(" ")
        else:
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(_compatibility_jamo(text).split())


def _compatibility_jamo(text: str) -> str:
    """Lone conjoining initials (what NFKC makes of a typed ㅂ) back to the jamo people type."""
    if not any(0x1100 <= ord(char) <= 0x11FF for char in text):
        return text
    return "".join(
        INITIALS[_CONJOINING_INITIALS.index(char)] if char in _CONJOINING_INITIALS else char
        for char in text
    )


_CONJOINING_INITIALS = "".join(chr(0x1100 + index) for index in range(len(INITIALS)))


def bounded_query(raw: str | None) -> str:
    """A visitor's query as it will be searched: normalised and at most MAX_QUERY_LENGTH long."""
    return normalise((raw or "")[: MAX_QUERY_LENGTH * 4])[:MAX_QUERY_LENGTH].strip()


def compact(text: str) -> str:
    """Normalised text without spaces: "7번방의 선물" and "7번방의선물" search alike."""
    return text.replace(" ", "")


def has_hangul(text: str) -> bool:
    return any(_is_syllable(char) for char in text)


def is_initials_only(text: str) -> bool:
    """True for a 초성 query such as "ㅂㅂㅇㅅㅁ" (spaces aside)."""
    letters = compact(text)
    return bool(letters) and all(char in INITIALS for char in letters)


def initial_consonants(text: str) -> str:
    """초성: each hangul syllable's first consonant, other letters and digits kept, no spaces.
    "7번방의 선물" -> "7ㅂㅂㅇㅅㅁ"."""
    return "".join(
        INITIALS[(ord(char) - FIRST_SYLLABLE) // 588] if _is_syllable(char) else char
        for char in compact(normalise(text))
    )


def jamo(text: str) -> str:
    """Hangul spelled out letter by letter ("선물" -> "ㅅㅓㄴㅁㅜㄹ"), so that one mistyped
    jamo is one edit, as it is for a Latin letter."""
    letters = []
    for char in text:
        if not _is_syllable(char):
            letters.append(char)
            continue
        offset = ord(char) - FIRST_SYLLABLE
        letters.append(INITIALS[offset // 588])
        letters.append(MEDIALS[(offset % 588) // 28])
        if offset % 28:
            letters.append(FINALS[offset % 28])
    return "".join(letters)


def sino_korean_number(number: int) -> str:
    """How a number is read in Sino-Korean, the reading titles use: 7 -> 칠, 12 -> 십이."""
    if number == 0:
        return DIGIT_READINGS[0]
    if number >= 10000:
        return "".join(DIGIT_READINGS[int(digit)] for digit in str(number))
    spoken = []
    for place, name in PLACE_READINGS:
        count, number = divmod(number, place)
        if count:
            spoken.append(("" if count == 1 else DIGIT_READINGS[count]) + name)
    if number:
        spoken.append(DIGIT_READINGS[number])
    return "".join(spoken)


def _numbers_read_aloud(text: str) -> str:
    """Digits next to hangul read in Korean: "7번방의 선물" -> "칠번방의 선물"."""
    words = []
    for word in text.split():
        digits = "".join(char for char in word if char.isdigit())
        if digits and has_hangul(word) and word.startswith(digits) and len(digits) <= 4:
            word = sino_korean_number(int(digits)) + word[len(digits) :]
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=65536)
def _romanise(text: str) -> str:
    return Romanizer(text).romanize()


def romanisations(text: str) -> set[str]:
    """Revised Romanizations a visitor may type for hangul text, normalised: as spoken (with
    the sound changes, "seourui bom"), syllable by syllable as names are written ("seo ul ui
    bom"), and with numbers read in Korean ("chilbeonbangui seonmul")."""
    text = normalise(text)
    if not has_hangul(text):
        return set()
    forms = {text, _numbers_read_aloud(text)}
    spelled = set()
    for form in forms:
        spelled.add(normalise(_romanise(form)))
        spelled.add(normalise(" ".join("".join(_romanise(c) for c in w) for w in form.split())))
    return {form for form in spelled if form and not has_hangul(form)}


@lru_cache(maxsize=200_000)  # a person's name comes back with each of their films
def name_variants(*names: str) -> tuple[str, ...]:
    """Every form under which these names are found, compacted, in a stable order."""
    variants: dict[str, None] = {}
    for name in names:
        if not (normal := normalise(name)):
            continue
        variants[compact(normal)] = None
        for romanised in sorted(romanisations(normal)):
            variants[compact(romanised)] = None
        if has_hangul(normal):
            variants[initial_consonants(normal)] = None
    return tuple(variants)


def story_words(normal: str) -> set[str]:
    """The words of normalised text as the full-text indexes split it: runs of letters and
    digits (normalised text has nothing else between its spaces but the rare mark)."""
    if not _BEYOND_ASCII_AND_HANGUL.search(normal):
        return set(normal.split())
    return set(_NOT_IN_WORDS.sub(" ", normal).split())


_NOT_IN_WORDS = re.compile(r"[^\w]|_")


def joined(variants: Iterable[str]) -> str:
    """Names stored as one field, each between separators: "|miracleincellno7|7번방의선물|",
    so that "|q|" is an exact name and "|q" a name's start."""
    text = SEPARATOR.join(variants)
    return SEPARATOR + text + SEPARATOR if text else ""


def words(*texts: str) -> list[str]:
    """The distinct words of some texts, normalised, in order of appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in normalise(text).split():
            seen[word] = None
    return list(seen)
