"""The results page's query string, checked: a filter that makes no sense is left out with
a note, never an error page; and put in canonical form (search_params), so that one page has
one address whatever the visitor's spelling, order or extra parameters."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from catalog.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Genre, Person
from search.engine import MAX_PAGE, Query, SearchFilters

MAX_RUNTIME = 1000
SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
]
# Subtitle languages a visitor may ask for (the engine takes any code the index stores).
SUBTITLE_CHOICES = [
    ("", _("Any or none")),
    ("en", _("English")),
]
INVALID = "?"  # what a value that cannot be read stands as in the canonical address
SLUG = re.compile(r"^[-\w]{1,140}\Z")


def _year_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=FIRST_FILM_YEAR,
        max_value=LAST_FILM_YEAR,
        widget=forms.NumberInput(attrs={"placeholder": _("Year"), "inputmode": "numeric"}),
    )


def _runtime_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_RUNTIME,
        widget=forms.NumberInput(attrs={"placeholder": _("min"), "inputmode": "numeric"}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    genre = forms.ModelChoiceField(
        label=_("Genre"),
        queryset=Genre.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any genre"),
    )
    person = forms.ModelChoiceField(
        label=_("With"),
        queryset=Person.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    decade = forms.IntegerField(
        label=_("Decade"),
        required=False,
        min_value=FIRST_FILM_YEAR - FIRST_FILM_YEAR % 10,
        max_value=LAST_FILM_YEAR,
        validators=[MinValueValidator(0)],
    )
    year_from = _year_field(_("From year"))
    year_to = _year_field(_("To year"))
    runtime_min = _runtime_field(_("Runtime from (minutes)"))
    runtime_max = _runtime_field(_("Runtime to (minutes)"))
    full_film = forms.BooleanField(label=_("Has a full film"), required=False)
    subtitles = forms.ChoiceField(
        label=_("Subtitles"),
        choices=SUBTITLE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    literal = forms.BooleanField(label=_("Search the words exactly as typed"), required=False)
    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PAGE)],
    )

    def clean_decade(self) -> int | None:
        decade = self.cleaned_data.get("decade")
        if decade is not None and decade % 10:
            raise forms.ValidationError(_("A decade is a year ending in 0, such as 1990."))
        return decade

    def clean_q(self) -> str:
        # Characters a browser could not have sent on purpose are spaces, not an error.
        query = self.cleaned_data.get("q") or ""
        return "".join(" " if ord(char) < 32 or char == "\x7f" else char for char in query)


def _left_out(form: forms.Form) -> list[str]:
    """A note for each parameter that could not be read, naming its field."""
    return [
        f"{form.fields[name].label}: {' '.join(errors)}"
        for name, errors in form.errors.items()
        if name in form.fields
    ]


def read_search(params) -> tuple[str, SearchFilters, int, list[str]]:
    """The query, the filters, the page, and a note for each parameter that was left out."""
    form = SearchForm(params)
    form.is_valid()
    data = form.cleaned_data
    notes = _left_out(form)
    year_from, year_to = data.get("year_from"), data.get("year_to")
    if (decade := data.get("decade")) is not None:
        year_from, year_to = decade, decade + 9
    if year_from and year_to and year_from > year_to:
        year_from, year_to = year_to, year_from
    runtime_min, runtime_max = data.get("runtime_min"), data.get("runtime_max")
    if runtime_min and runtime_max and runtime_min > runtime_max:
        runtime_min, runtime_max = runtime_max, runtime_min
    filters = SearchFilters(
        genre=data.get("genre"),
        person=data.get("person"),
        year_from=year_from,
        year_to=year_to,
        runtime_min=runtime_min,
        runtime_max=runtime_max,
        full_film=bool(data.get("full_film")),
        subtitle_language=data.get("subtitles") or None,
        sort=data.get("sort") or "relevance",
        literal=bool(data.get("literal")),
    )
    return data.get("q", ""), filters, data.get("page") or 1, notes


FILM_INDEX_SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("popular", _("Most popular")),
    ("title", _("A–Z")),
    ("oldest", _("Oldest first")),
]


class FilmIndexForm(forms.Form):
    """The /films/ index: every film, filtered and sorted; no query."""

    genre = SearchForm.base_fields["genre"]
    decade = SearchForm.base_fields["decade"]
    full_film = forms.BooleanField(label=_("Full film here"), required=False)
    trailer = forms.BooleanField(label=_("Trailer"), required=False)
    subtitles = SearchForm.base_fields["subtitles"]
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=FILM_INDEX_SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    page = SearchForm.base_fields["page"]

    clean_decade = SearchForm.clean_decade


def read_film_index(params) -> tuple[SearchFilters, int, list[str]]:
    """The index's filters, its page, and a note for each parameter that was left out."""
    form = FilmIndexForm(params)
    form.is_valid()
    data = form.cleaned_data
    notes = _left_out(form)
    decade = data.get("decade")
    filters = SearchFilters(
        genre=data.get("genre"),
        year_from=decade,
        year_to=decade + 9 if decade is not None else None,
        full_film=bool(data.get("full_film")),
        trailer=bool(data.get("trailer")),
        subtitle_language=data.get("subtitles") or None,
        sort=data.get("sort") or "newest",
    )
    return filters, data.get("page") or 1, notes


def film_index_params(params: QueryDict) -> QueryDict:
    """The film index's parameters in canonical form (as search_params for the results)."""
    return _canonical(FilmIndexForm, params)


def search_params(params: QueryDict) -> QueryDict:
    """The parameters the results page reads, in the form's order, each in canonical form: the
        query as the engine normalises it, numbers and choices as read, a value that cannot be
        read as INVALID (the page notes it the same way whatever it was), empty ones left out,
        unknown ones dropped. The page is made from these alone (search.caching.cached_page
    gives the view the request at this address), so they are its cache key.
        Genres and people stay slugs, not looked up: a page served from the cache asks the
        database nothing."""
    return _canonical(SearchForm, params)


def _canonical(form: type[forms.Form], params: QueryDict) -> QueryDict:
    canonical = {}
    for name, field in form.base_fields.items():
        value = (params.get(name) or "").strip()
        if name == "q":
            value = Query.of(value, max_tokens=None).text
        elif value:
            value = _canonical_value(field, value)
        if value:
            canonical[name] = value
    return QueryDict(urlencode(canonical))


def _canonical_value(field: forms.Field, value: str) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return value if SLUG.match(value) else INVALID
    if isinstance(field, forms.BooleanField):
        return "1" if field.to_python(value) else ""
    if isinstance(field, forms.ChoiceField):
        return value if field.valid_value(value) else INVALID
    try:
        return str(field.to_python(value))
    except ValidationError:
        return INVALID
