"""What the pages call: search() for the results page and suggest() for the search box,
and the answers they give. A query is first understood (its wish words set aside, its year
read as a year); one that finds nothing is tried again with its typos corrected."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.translation import get_language

from catalog.models import Film
from search.engine.query import Query, SearchFilters
from search.engine.ranking import (
    Mixed,
    Namesakes,
    RankedFilms,
    film_lists,
    load_entries,
    mixed_film_ids,
    top_film_ids,
    top_people_ids,
)
from search.engine.typos import correct
from search.engine.understanding import Understanding, understand
from search.models import Kind, SearchEntry

RESULTS_PER_PAGE = 20
PEOPLE_ON_RESULTS = 6
SUGGESTED_FILMS = 6
SUGGESTED_PEOPLE = 4
MAX_PAGE = 50  # 1,000 films: past that, a visitor refines the query
MAX_RESULTS = MAX_PAGE * RESULTS_PER_PAGE  # counted no further: no page beyond can be asked for
# Long texts the popular films offered when nothing is found never show: left in the database.
ENTRY_TEXTS = ("names", "leads", "people")
STORY_FIELDS = ("synopsis", "synopsis_ko", "plot", "plot_ko")
FILM_LIST_DEFERRED = (*ENTRY_TEXTS, *(f"film__{name}" for name in STORY_FIELDS))


@dataclass
class SearchResults:
    query: Query
    films: Page
    people: list[SearchEntry]
    corrected: Query | None = None  # the query searched instead, when the visitor's found nothing
    popular: list[Film] = field(default_factory=list)  # offered when nothing is found
    understood: Understanding | None = None  # how the visitor's query was read

    @property
    def total(self) -> int:
        return self.films.paginator.count

    @property
    def more_than_counted(self) -> bool:
        return self.total >= MAX_RESULTS


@dataclass
class Suggestions:
    query: Query
    films: list[SearchEntry]
    people: list[SearchEntry]
    corrected: Query | None = None


def search(
    raw_query: str | None,
    filters: SearchFilters | None = None,
    page: int = 1,
    language: str | None = None,
) -> SearchResults:
    """The results page: one page of films (filtered and sorted) and, on the first page of a
    query, the best-matching people. The query is understood first unless the filters ask
    for it literally; one that finds nothing is tried with its typos corrected; a page number
    past the end gives the last page."""
    filters = filters or SearchFilters()
    language = language or get_language() or "en"
    query = Query.of(raw_query, max_tokens=None)
    understood = Understanding(Query.of(raw_query)) if filters.literal else understand(query)
    results = _search(understood.query, filters, page, language, understood.year)
    results.query, results.understood = query, understood
    words = understood.query
    if words and not results.total and not results.people and (fixed := correct(words)):
        corrected = _search(fixed, filters, page, language, understood.year)
        if corrected.total or corrected.people:
            corrected.query, corrected.corrected, corrected.understood = query, fixed, understood
            return corrected
    if query and not results.total:
        popular = SearchEntry.objects.filter(kind=Kind.FILM).order_by("-popularity", "id")
        popular = popular.select_related("film").defer(*FILM_LIST_DEFERRED)
        results.popular = [entry.film for entry in popular[:6]]
    return results


def _search(
    query: Query, filters: SearchFilters, page: int, language: str, year: int | None = None
) -> SearchResults:
    namesakes = Namesakes.of(query)
    lists = film_lists(query, filters, language, namesakes, Mixed.of(query, namesakes), year)
    entries = RankedFilms(lists, MAX_RESULTS)
    paginator = Paginator(entries, RESULTS_PER_PAGE)
    films = paginator.get_page(min(max(page, 1), MAX_PAGE))
    wants_people = query and films.number == 1 and not filters.narrows
    people_ids = top_people_ids(query, PEOPLE_ON_RESULTS, namesakes) if wants_people else []
    loaded = load_entries([*films.object_list, *people_ids])
    films.object_list = [entry.film for entry in loaded if entry.kind == Kind.FILM]
    people = [entry for entry in loaded if entry.kind == Kind.PERSON]
    return SearchResults(query=query, films=films, people=people)


def suggest(raw_query: str | None) -> Suggestions:
    """Autocomplete: the few films and people most likely meant, from titles and names only
    (wish words and a year left out, as the results page reads them)."""
    query = Query.of(raw_query)
    if not query:
        return Suggestions(query, [], [])
    words = understand(Query.of(raw_query, max_tokens=None)).query
    films, people = _suggested(words)
    if not films and not people and (fixed := correct(words)):
        fixed_films, fixed_people = _suggested(fixed)
        return Suggestions(query, fixed_films, fixed_people, corrected=fixed)
    return Suggestions(query, films, people)


def _suggested(query: Query) -> tuple[list[SearchEntry], list[SearchEntry]]:
    """The best films and people, loaded together."""
    namesakes = Namesakes.of(query)
    film_ids = top_film_ids(query, SUGGESTED_FILMS, namesakes)
    if not film_ids and (mixed := Mixed.of(query, namesakes)):  # "괴물 봉준호"
        film_ids = mixed_film_ids(mixed, SUGGESTED_FILMS)
    people_ids = top_people_ids(query, SUGGESTED_PEOPLE, namesakes)
    entries = load_entries(film_ids + people_ids)
    films = [entry for entry in entries if entry.kind == Kind.FILM]
    return films, [entry for entry in entries if entry.kind == Kind.PERSON]
