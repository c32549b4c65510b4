"""The names of the tables the search app's hand-written SQL reads and writes, in one place:
taken from the models where Django knows the table, written here where it does not."""

from catalog.models import Credit, Film
from search.models import (
    SearchEntry,
    SearchName,
    SearchPrefix,
    SearchStory,
    SearchTerm,
    SearchTermVariant,
    SearchWord,
)

ENTRY = SearchEntry._meta.db_table
STORY = SearchStory._meta.db_table
NAME = SearchName._meta.db_table
PREFIX = SearchPrefix._meta.db_table
TERM = SearchTerm._meta.db_table
TERM_VARIANT = SearchTermVariant._meta.db_table
WORD = SearchWord._meta.db_table
SEARCH_TABLES = (ENTRY, STORY, NAME, PREFIX, TERM, TERM_VARIANT, WORD)

# SQLite's full-text indexes (FTS5 virtual tables), made by migration 0002.
NAMES_FTS = "search_names_fts"
BODY_FTS = "search_body_fts"

# The catalogue's tables, which the ranking queries join for credits, genres and publication.
CREDIT = Credit._meta.db_table
FILM = Film._meta.db_table
FILM_GENRES = Film.genres.through._meta.db_table
