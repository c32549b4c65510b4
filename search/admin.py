"""The search index has no admin of its own; its rows stay off the catalogue's delete pages."""

from catalog.admin import hide_on_delete
from search.models import (
    SearchEntry,
    SearchName,
    SearchPrefix,
    SearchStory,
    SearchTerm,
    SearchTermVariant,
    SearchWord,
)

hide_on_delete(
    SearchEntry, SearchStory, SearchWord, SearchName, SearchPrefix, SearchTerm, SearchTermVariant
)
