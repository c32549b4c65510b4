"""The film page's summary line, composed from the catalogue's data in English or Korean."""

from collections.abc import Sequence

from django.utils import translation

from catalog.countries import country
from catalog.models import Credit, Film, Genre, Person

STARS_IN_SUMMARY = 2
# Genres read as nouns go last: "a crime thriller", "a comedy drama".
NOUN_GENRES = ("thriller", "drama")

# Whether a character, read aloud in Korean, ends in a final consonant (받침).
DIGIT_HAS_FINAL_CONSONANT = dict(zip("0123456789", "1101001110", strict=True))
LETTERS_WITH_FINAL_CONSONANT = set("LMNR")


def has_final_consonant(word: str) -> bool:
    """Whether a Korean particle after this word takes the form for a final consonant (은, 이)
    rather than the one for a vowel (는, 가)."""
    for character in reversed(word.strip()):
        if "\uac00" <= character <= "\ud7a3":
            return (ord(character) - 0xAC00) % 28 != 0
        if character in DIGIT_HAS_FINAL_CONSONANT:
            return DIGIT_HAS_FINAL_CONSONANT[character] == "1"
        if character.isalpha():
            return character.upper() in LETTERS_WITH_FINAL_CONSONANT
    return False


def with_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """ "이환경" + 이/가 -> "이환경이"; "봉준호" + 이/가 -> "봉준호가"."""
    return word + (after_consonant if has_final_consonant(word) else after_vowel)


def english_list(names: Sequence[str]) -> str:
    """["A"] -> "A"; ["A", "B"] -> "A and B"; ["A", "B", "C"] -> "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def ordered_genres(genres: Sequence[Genre]) -> list[Genre]:
    def position(genre: Genre) -> tuple[int, str]:
        rank = NOUN_GENRES.index(genre.slug) + 1 if genre.slug in NOUN_GENRES else 0
        return rank, genre.name

    return sorted(genres, key=position)


def compose_summary_line(film: Film, language: str) -> str:
    """The line under the title, e.g. "Miracle in Cell No. 7 (2013) is a South Korean comedy
    drama film directed by Lee Hwan-kyung, starring Ryu Seung-ryong and Kal So-won.",
    or its Korean counterpart.

    Reads film.genres and film.credits through .all(), so a prefetched film costs no query."""
    credits = sorted(film.credits.all(), key=lambda credit: (credit.order, credit.pk or 0))
    directors = [c.person for c in credits if c.role == Credit.Role.DIRECTOR]
    stars = [c.person for c in credits if c.role == Credit.Role.CAST][:STARS_IN_SUMMARY]
    genres = ordered_genres(list(film.genres.all()))
    with translation.override(language):
        if language.startswith("ko"):
            return _korean_summary(film, directors, stars, genres)
        return _english_summary(film, directors, stars, genres)


def _english_summary(
    film: Film, directors: list[Person], stars: list[Person], genres: list[Genre]
) -> str:
    adjectives = "–".join(country(code).adjective for code in film.country_list)
    kind = " ".join([adjectives, *(genre.name.lower() for genre in genres), "film"]).strip()
    article = "an" if kind[0].lower() in "aeiou" else "a"
    line = f"{film.title} ({film.year}) is {article} {kind}"
    if directors:
        line += f" directed by {english_list([person.name for person in directors])}"
    if stars:
        line += "," if directors else ""
        line += f" starring {english_list([person.name for person in stars])}"
    return line + "."


def _korean_summary(
    film: Film, directors: list[Person], stars: list[Person], genres: list[Genre]
) -> str:
    title = film.original_title or film.title
    countries = "·".join(str(country(code).name) for code in film.country_list)
    kinds = " ".join(genre.name_ko or genre.name for genre in genres)
    description = " ".join(
        part
        for part in [f"{film.year}년에 개봉한", f"{countries}의" if countries else "", kinds]
        if part
    )
    opening = with_particle(f"《{title}》", "은", "는") + f" {description} 영화"
    clauses = []
    if directors:
        names = ", ".join(person.name_ko or person.name for person in directors)
        clauses.append(with_particle(names, "이", "가") + " 감독을 맡았")
    if stars:
        names = ", ".join(person.name_ko or person.name for person in stars)
        clauses.append(with_particle(names, "이", "가") + " 출연했")
    if not clauses:
        return opening + "이다."
    return opening + "로, " + "고 ".join(clauses) + "다."
