"""A visitor's query in normal form, and the filters of the results page: what the other
parts of the engine are given."""

from dataclasses import dataclass

from catalog.models import Genre, Person
from search import text

MAX_TOKENS = 8  # more words than this narrow nothing down and only cost time
STOPWORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "who",
        "with",
    )
)
SORTS = ("relevance", "newest", "oldest", "title")


@dataclass(frozen=True)
class SearchFilters:
    genre: Genre | None = None
    person: Person | None = None
    year_from: int | None = None
    year_to: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    full_film: bool = False  # only films with a full film that can be played
    subtitle_language: str | None = None  # ... with subtitles in this language ("en")
    trailer: bool = False  # only films with a trailer that can be played
    sort: str = "relevance"
    literal: bool = False  # the query's words as typed: no wish words set aside, no year read

    @property
    def narrows(self) -> bool:
        return (
            self.full_film
            or self.trailer
            or any(
                value is not None
                for value in (
                    self.genre,
                    self.person,
                    self.year_from,
                    self.year_to,
                    self.runtime_min,
                    self.runtime_max,
                    self.subtitle_language,
                )
            )
        )


@dataclass(frozen=True)
class Query:
    """A visitor's query in normal form, split the way the index is."""

    text: str

    @classmethod
    def of(cls, raw: str | None, max_tokens: int | None = MAX_TOKENS) -> "Query":
        """The query in normal form, its words cut at max_tokens (None: as many as its
        characters allow, for search.engine.understanding to set some aside first)."""
        query = text.bounded_query(raw)
        return cls(" ".join(query.split()[:max_tokens]))

    @property
    def tokens(self) -> list[str]:
        return self.text.split()

    @property
    def phrase(self) -> str:
        return text.compact(self.text)

    @property
    def is_short(self) -> bool:
        """One or two letters: answered from the prefix table, not the trigram index."""
        return len(self.phrase) < 3

    def __bool__(self) -> bool:
        return bool(self.text)
