"""Finding films and people: matching (through the backend), ranking, filters, typo
correction and suggestions, the same on SQLite and PostgreSQL. Its parts, each of which
imports only the parts above it:

- query: the visitor's query in normal form (Query) and the results page's filters
  (SearchFilters), and the words too common to look up (STOPWORDS);
- typos: correct() replaces unknown words by the closest words of the catalogue's names,
  found through the variants search.indexing stores for each word (typo_variants());
- ranking: the SQL, written out by hand, that matches, filters and ranks entries (the rules
  are in its docstring) and loads the entries shown;
- pages: search() for the results page and suggest() for the search box, which put the
  others together and say how much a page holds. They have a module of their own, not this
  one, so that this one only says what the engine offers.

Callers import from here; search.indexing also takes typo_variants from typos. A tunable
is read in the part that defines it: a test changes it there (search.engine.ranking.DENSE_NAMES,
search.engine.pages.RESULTS_PER_PAGE), since the names re-exported here are copies."""

from search.engine.pages import (
    MAX_PAGE,
    RESULTS_PER_PAGE,
    SearchResults,
    Suggestions,
    search,
    suggest,
)
from search.engine.query import STOPWORDS, Query, SearchFilters
from search.engine.typos import correct

__all__ = [
    "MAX_PAGE",
    "RESULTS_PER_PAGE",
    "STOPWORDS",
    "Query",
    "SearchFilters",
    "SearchResults",
    "Suggestions",
    "correct",
    "search",
    "suggest",
]
