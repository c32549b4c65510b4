"""What a visitor's query asks for, before it is matched: the words that say what they want
rather than which film ("full movie", "다시보기", "eng sub") are set aside, and a plausible
year is read as the film's year, not a word of its title. The same on both databases: this
part touches none."""

from dataclasses import dataclass
from datetime import date

from search.engine.query import MAX_TOKENS, STOPWORDS, Query

FIRST_YEAR = 1900
# Words and phrases (in normal form: lower case, hyphens dropped) that describe the wish, not
# the film. One list for both languages; a query made only of them is searched as it is
# (the film "Trailer" is still found by "trailer").
WISH_PHRASES: frozenset[tuple[str, ...]] = frozenset(
    tuple(phrase.split())
    for phrase in (
        # English
        "movie",
        "movies",
        "film",
        "films",
        "full movie",
        "full film",
        "full version",
        "full hd",
        "hd",
        "watch",
        "watch online",
        "online",
        "free",
        "free online",
        "stream",
        "streaming",
        "download",
        "eng sub",
        "eng subs",
        "english sub",
        "english subs",
        "english subtitles",
        "with english subtitles",
        "subtitles",
        "subtitle",
        "subtitled",
        "subbed",
        "trailer",
        "trailers",
        "official trailer",
        "teaser",
        "korean movie",
        "korean film",
        # Korean
        "영화",
        "한국영화",
        "한국 영화",
        "다시보기",
        "보기",
        "무료",
        "무료보기",
        "무료 보기",
        "자막",
        "한글자막",
        "한글 자막",
        "영어자막",
        "영어 자막",
        "예고편",
        "공식 예고편",
        "티저",
        "풀버전",
        "풀 버전",
        "풀영상",
        "전체",
        "전편",
        "고화질",
        "온라인",
        "스트리밍",
        "다운로드",
    )
)
LONGEST_WISH = max(len(phrase) for phrase in WISH_PHRASES)


@dataclass(frozen=True)
class Understanding:
    """The words to match (`query`), the year read as a year, and the words set aside."""

    query: Query
    year: int | None = None
    set_aside: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the words matched are not the visitor's own: the page says so."""
        return self.year is not None or bool(self.set_aside)


def understand(query: Query, this_year: int | None = None) -> Understanding:
    """The query with its wish words set aside and its year read as a year, unless nothing
    that could name a film would be left: then the query as it is. The words kept are cut at
    MAX_TOKENS only then, so a long query keeps its title ("... full movie eng sub")."""
    tokens, set_aside = _without_wishes(query.tokens)
    year = None
    last_year = (this_year or date.today().year) + 1
    years = [index for index, token in enumerate(tokens) if _is_year(token, last_year)]
    if years and len(years) < len(tokens):
        year = int(tokens.pop(years[-1]))  # the last year named, when a title has one too
    if not [token for token in tokens if token not in STOPWORDS]:
        return Understanding(Query(" ".join(query.tokens[:MAX_TOKENS])))
    return Understanding(Query(" ".join(tokens[:MAX_TOKENS])), year, tuple(set_aside))


def _without_wishes(tokens: list[str]) -> tuple[list[str], list[str]]:
    """The tokens that are left, and the wish phrases found (longest first at each place)."""
    kept, set_aside, at = [], [], 0
    while at < len(tokens):
        for length in range(min(LONGEST_WISH, len(tokens) - at), 0, -1):
            phrase = tuple(tokens[at : at + length])
            if phrase in WISH_PHRASES:
                set_aside.append(" ".join(phrase))
                at += length
                break
        else:
            kept.append(tokens[at])
            at += 1
    return kept, set_aside


def _is_year(token: str, last_year: int) -> bool:
    return len(token) == 4 and token.isdigit() and FIRST_YEAR <= int(token) <= last_year
