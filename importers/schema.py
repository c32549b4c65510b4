"""kcinema's own catalogue format (docs/import-format.md): the names and spellings its reader
(importers.sources.files) and its writer (importers.export) share, so that the two cannot
drift apart."""

import re

from importers.records import ID_FIELDS

FORMAT = "kcinema-catalogue"
# The version this kcinema writes and the newest it reads. Raise it (and say how in the
# document's "Versions" section) when a change would make an older reader misread a file;
# members an older reader can ignore are added without a new version.
VERSION = 1

# A film's members in the JSON form, in the order the export writes them.
FILM_TEXT_FIELDS = (
    "title",
    "original_title",
    "romanised_title",
    "synopsis",
    "synopsis_ko",
    "plot",
    "plot_ko",
)
PERSON_TEXT_FIELDS = ("name", "name_ko", "biography", "biography_ko")

# The CSV form: one row per film, these columns in any order, with a header row.
CSV_COLUMNS = (
    "title",
    "original_title",
    "year",
    "release_date",
    "runtime",
    "certificate",
    "genres",
    "directors",
    "cast",
    *ID_FIELDS,
    "synopsis_ko",
    "synopsis",
    # The film's slug on the site that exported it: what tells apart two films of one title
    # and year (a hand-kept list may leave it out).
    "slug",
)
CSV_LIST_SEPARATOR = "|"

# "봉준호 (Bong Joon-ho)": the hangul name, then the Latin one in brackets.
_NAMED_PERSON = re.compile(r"^(?P<first>[^()]*?)\s*\((?P<second>[^()]*)\)$")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def person_cell(name_ko: str, name: str) -> str:
    """A person as a CSV cell of directors or cast writes them."""
    if name_ko and name and name_ko != name:
        return f"{name_ko} ({name})"
    return name_ko or name


def split_person_cell(text: str) -> tuple[str, str]:
    """(name_ko, name) from "봉준호 (Bong Joon-ho)", "봉준호" or "Bong Joon-ho" (a name without
    hangul is a Latin name)."""
    text = " ".join(text.split())
    if match := _NAMED_PERSON.match(text):
        first, second = match["first"].strip(), match["second"].strip()
        if _HANGUL.search(first):
            return first, second
        if _HANGUL.search(second):
            return second, first  # "Bong Joon-ho (봉준호)"
    if _HANGUL.search(text):
        return text, ""
    return "", text
