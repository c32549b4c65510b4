"""Typo correction: an unknown word of a query is replaced by the closest word of the
catalogue's names, found through the variants search.indexing stores for each word."""

from search import text
from search.engine.query import Query
from search.sql import SQL, fetch_all, fetch_column
from search.tables import TERM, TERM_VARIANT


def _edit_distance(first: str, second: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbours each count one."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(spelled: str) -> int:
    return 2 if len(spelled) >= 8 else 1


def correct(query: Query) -> Query | None:
    """The query with each unknown word replaced by the closest word of the catalogue's
    names (one edit away, two for long words; a hangul letter counts as its jamo), or None
    when nothing could be corrected."""
    tokens = query.tokens
    candidates = [
        token for token in tokens if len(text.jamo(token)) >= 3 and not text.is_initials_only(token)
    ]
    if not candidates:
        return None
    known = set(
        fetch_column(
            SQL.compose(
                f"SELECT term FROM {TERM} WHERE term IN (%(candidates)s)",
                candidates=SQL.list_of(candidates),
            )
        )
    )
    unknown = [token for token in candidates if token not in known]
    if not unknown:
        return None
    variants = {token: typo_variants(token) for token in unknown}
    wanted = sorted(set().union(*variants.values()))
    rows = fetch_all(
        SQL.compose(
            "SELECT DISTINCT variant.variant, term.term, term.frequency "
            f"FROM {TERM_VARIANT} variant JOIN {TERM} term ON term.id = variant.term_id "
            "WHERE variant.variant IN (%(wanted)s)",
            wanted=SQL.list_of(wanted),
        )
    )
    by_variant: dict[str, set[tuple[str, int]]] = {}
    for variant, term, frequency in rows:
        by_variant.setdefault(variant, set()).add((term, frequency))
    replaced = {}
    for token, token_variants in variants.items():
        spelled = text.jamo(token)
        found = {pair for variant in token_variants for pair in by_variant.get(variant, ())}
        scored = [
            (distance, -frequency, term)
            for term, frequency in found
            if (distance := _edit_distance(spelled, text.jamo(term))) <= _allowed_edits(spelled)
        ]
        if scored:
            replaced[token] = min(scored)[2]
    if not replaced:
        return None
    return Query(" ".join(replaced.get(token, token) for token in tokens))


def typo_variants(word: str) -> set[str]:
    """The word spelt in jamo, and that with each one letter left out: two words one edit
    apart share one of these (the symmetric-delete method of SymSpell). search.indexing
    stores them for each word of the names (SearchTermVariant); correct() looks a query's
    words up by them."""
    spelled = text.jamo(word)
    return {spelled} | {spelled[:i] + spelled[i + 1 :] for i in range(len(spelled))}
