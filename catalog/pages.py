"""What each catalogue page shows, in a number of queries that does not grow with the catalogue."""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Exists, OuterRef, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from catalog.composition import compose_summary_line
from catalog.countries import country
from catalog.languages import language_name
from catalog.links import film_links, person_links
from catalog.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Credit, Film, Genre, Person, YearCount

FILMS_PER_PAGE = 24
NEW_FILMS_ON_HOME = 12
SHOWN_SIMILAR_FILMS = 6
# Up to this many films, a genre's page sorts the genre's films; past it, it walks the list.
GENRE_SORTED_FILMS = 500
CREW_ROLES = [role for role in Credit.Role if role != Credit.Role.CAST]


@dataclass
class CreditGroup:
    role: Credit.Role
    credits: list[Credit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.role.label


def paginate(queryset, page_number: str | None, count: int | None = None) -> Page:
    """One page of films; a page number that is not a page is a 404, not a 500. `count`, the
    number of films when the caller knows it (catalog.counts), saves counting them."""
    paginator = Paginator(queryset, FILMS_PER_PAGE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never computed
    try:
        return paginator.page(page_number or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def check_year(year: int) -> None:
    if not FIRST_FILM_YEAR <= year <= LAST_FILM_YEAR:
        raise Http404("No films in that year.")


def genres_with_films():
    """Genres with published films and their film_count, which the database keeps."""
    return Genre.objects.with_published_films()


def decades_with_films() -> list[int]:
    """The decades with published films, newest first, from the counts of the years (at most
    one row a year, whatever the size of the catalogue)."""
    years = YearCount.objects.filter(film_count__gt=0).values_list("year", flat=True)
    return sorted({year - year % 10 for year in years}, reverse=True)


def films_in_years(first: int, last: int) -> int:
    """How many published films the years first to last have, from their counts."""
    counted = YearCount.objects.filter(year__gte=first, year__lte=last)
    return counted.aggregate(films=Sum("film_count"))["films"] or 0


def home_page() -> dict[str, Any]:
    return {
        "new_films": Film.objects.published().newest_first()[:NEW_FILMS_ON_HOME],
        "genres": genres_with_films(),
        "decades": decades_with_films(),
    }


def film_page(slug: str) -> dict[str, Any]:
    """The catalogue's part of a film page: the film and its facts, story, credits and more
    like it (the project's film page adds the player, sharing and comments)."""
    film = get_object_or_404(Film.objects.published().with_page_details(), slug=slug)
    credits = list(film.credits.all())
    crew = {role: CreditGroup(role) for role in CREW_ROLES}
    for credit in credits:
        if credit.role in crew:
            crew[credit.role].credits.append(credit)
    return {
        "film": film,
        "summary_line": compose_summary_line(film, get_language() or "en"),
        "countries": [country(code).name for code in film.country_list],
        "languages": [language_name(code) for code in film.language_list],
        "cast": [credit for credit in credits if credit.role == Credit.Role.CAST],
        "crew": [group for group in crew.values() if group.credits],
        "more_like_this": more_like_this(film),
        "external_links": film_links(film),
    }


def more_like_this(film: Film) -> list[Film]:
    """The film's precomputed list (catalog.similarity), its published films best first: one
    query through the index on (film, rank)."""
    films = Film.objects.published().similar_to(film).as_cards()
    return list(films[:SHOWN_SIMILAR_FILMS])


def person_page(slug: str) -> dict[str, Any]:
    person = get_object_or_404(Person, slug=slug)
    credits = (
        person.credits.filter(film__published=True)
        .select_related("film")
        .order_by("-film__year", "film__title", "order")
    )
    groups: dict[str, CreditGroup] = {}
    for credit in credits:
        role = Credit.Role(credit.role)
        groups.setdefault(role, CreditGroup(role)).credits.append(credit)
    ordered = sorted(groups.values(), key=lambda group: list(Credit.Role).index(group.role))
    return {"person": person, "filmography": ordered, "external_links": person_links(person)}


def films_of_genre(genre: Genre):
    """The genre's published films, newest first, read the cheaper of two ways: a genre of
    few films from its own rows, sorted (at most GENRE_SORTED_FILMS of them); a large one by
    walking the films in list order (the index film_published_newest) and keeping those of
    the genre, which stops after a page's worth: about FILMS_PER_PAGE / share rows, where
    share is the genre's part of the catalogue."""
    if genre.film_count <= GENRE_SORTED_FILMS:
        return genre.films.published().order_by("-year", "title")
    in_genre = Film.genres.through.objects.filter(film_id=OuterRef("pk"), genre_id=genre.pk)
    return Film.objects.published().filter(Exists(in_genre)).order_by("-year", "title")


def genre_page(slug: str, page_number: str | None) -> dict[str, Any]:
    genre = get_object_or_404(Genre, slug=slug)
    films = films_of_genre(genre)
    return {"genre": genre, "page": paginate(films, page_number, genre.film_count)}


def genre_index_page() -> dict[str, Any]:
    return {"genres": genres_with_films(), "decades": decades_with_films()}


def year_page(year: int, page_number: str | None) -> dict[str, Any]:
    check_year(year)
    films = Film.objects.published().filter(year=year).order_by("title")
    page = paginate(films, page_number, films_in_years(year, year))
    return {
        "year": year,
        "decade": year - year % 10,
        "page": page,
        "previous_year": year - 1 if year > FIRST_FILM_YEAR else None,
        "next_year": year + 1 if year < LAST_FILM_YEAR else None,
    }


def decade_page(decade: int, page_number: str | None) -> dict[str, Any]:
    check_year(decade)
    films = Film.objects.published().in_decade(decade).order_by("-year", "title")
    return {
        "decade": decade,
        "years": range(decade, decade + 10),
        "page": paginate(films, page_number, films_in_years(decade, decade + 9)),
    }
