"""The editors' catalogue: films with their credits, genres and other titles on one page."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from catalog.countries import country_choices
from catalog.editing import fill_in_film, fill_in_person, films_changed, save_person
from catalog.images import make_renditions, validate_upload
from catalog.languages import language_choices
from catalog.models import (
    MAX_RUNTIME_MINUTES,
    AlternativeTitle,
    Credit,
    Film,
    Genre,
    Person,
    SimilarFilm,
)
from catalog.pagecache import (
    LISTS,
    MENU,
    SEARCH,
    invalidate,
    invalidate_film_pages,
    pages_showing_films,
)
from catalog.similarity import films_listing


class FilmPartAdmin(admin.ModelAdmin):
    """An admin for rows shown on their film's page (comments, video sources): deleting them,
    one or many, makes those films' pages anew (catalog.pagecache)."""

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        invalidate_film_pages([obj.film_id])

    def delete_queryset(self, request, queryset) -> None:
        film_ids = list(queryset.values_list("film_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        invalidate_film_pages(film_ids)


def code_list(value: str | list[str] | None) -> list[str]:
    """ "KR,US" (as stored) or ["KR", "US"] (as chosen) -> ["KR", "US"]."""
    if isinstance(value, str):
        value = value.split(",")
    return [code.strip() for code in value or [] if code and code.strip()]


def ordered_codes(chosen: list[str], before: list[str]) -> str:
    """The chosen codes as stored ("KR,US"): those the record had keep their order (a film's
    first country is its own, "a South Korean–American film"), new ones follow in the order the
    browser sent them (that of the list of chosen names)."""
    kept = [code for code in before if code in chosen]
    return ",".join([*kept, *(code for code in chosen if code not in kept)])


class CodeListField(forms.MultipleChoiceField):
    """Countries or languages chosen by name from a list that can be filtered as one types,
    kept as the model stores them, codes separated by commas ("KR,US"). The form sets the
    choices (catalog.countries, catalog.languages), in the language of the page."""

    def __init__(self, *, model_field, **kwargs) -> None:
        label = capfirst(model_field.verbose_name)
        kwargs.setdefault("widget", FilteredSelectMultiple(label, is_stacked=False))
        initial = model_field.get_default()
        super().__init__(label=label, required=False, initial=initial, help_text="", **kwargs)

    def prepare_value(self, value):
        return code_list(value)

    def has_changed(self, initial, data) -> bool:
        return code_list(initial) != code_list(data)


class ImageUploadFormMixin:
    image_field = ""

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.image_field)
        if upload and self.image_field in self.changed_data and hasattr(upload, "size"):
            try:
                validate_upload(upload)
            except forms.ValidationError as error:
                self.add_error(self.image_field, error)
        return cleaned


class FilmForm(ImageUploadFormMixin, forms.ModelForm):
    image_field = "poster"
    # Declared so that -5 is refused with "at least 1", not the unsigned field's "at least 0".
    runtime = forms.IntegerField(
        label=capfirst(_("runtime (minutes)")),
        min_value=1,
        max_value=MAX_RUNTIME_MINUTES,
        required=False,
    )

    countries = CodeListField(model_field=Film._meta.get_field("countries"))
    languages = CodeListField(model_field=Film._meta.get_field("languages"))

    class Meta:
        model = Film
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin (fieldsets) picks the fields

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = country_choices(self.codes_before("countries"))
        self.fields["languages"].choices = language_choices(self.codes_before("languages"))

    def codes_before(self, name: str) -> list[str]:
        """The codes the film has (or a new film starts with)."""
        return code_list(self.get_initial_for_field(self.fields[name], name))

    def clean_countries(self) -> str:
        return ordered_codes(self.cleaned_data["countries"], self.codes_before("countries"))

    def clean_languages(self) -> str:
        return ordered_codes(self.cleaned_data["languages"], self.codes_before("languages"))


class PersonForm(ImageUploadFormMixin, forms.ModelForm):
    image_field = "photo"

    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin (fieldsets) picks the fields


class CreditForm(forms.ModelForm):
    """A credit names a person of the catalogue, or one typed in the row, who is added to the
    catalogue (catalog.editing.save_person) when the film is saved: no window to open."""

    new_person_name = forms.CharField(
        label=_("or a new person"),
        max_length=Person._meta.get_field("name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"size": 12}),
        help_text=_("Not in the catalogue yet? Their name in Latin letters, family name first."),
    )
    new_person_name_ko = forms.CharField(
        label=_("new person in hangul"),
        max_length=Person._meta.get_field("name_ko").max_length,
        required=False,
        widget=forms.TextInput(attrs={"size": 7}),
    )

    class Meta:
        model = Credit
        fields = ["role", "person", "character", "character_ko", "order"]
        # Short boxes: the row fits a laptop's screen with both ways of naming the person.
        widgets = {
            "character": forms.TextInput(attrs={"size": 12}),
            "character_ko": forms.TextInput(attrs={"size": 7}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False  # clean() asks for one or the other

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        name, name_ko = cleaned.get("new_person_name"), cleaned.get("new_person_name_ko")
        if person and (name or name_ko):
            self.add_error(
                "new_person_name", _("Choose a person or type a new one's name, not both.")
            )
        elif not person and name_ko and not name:
            self.add_error("new_person_name", _("Type the new person's name in Latin letters too."))
        elif not person and not name and "person" not in self.errors:
            self.add_error("person", _("Choose a person, or type a new person's name."))
        return cleaned

    def save(self, commit: bool = True) -> Credit:
        if self.instance.person_id is None and (name := self.cleaned_data.get("new_person_name")):
            new_person = Person(name=name, name_ko=self.cleaned_data.get("new_person_name_ko", ""))
            self.instance.person = save_person(new_person)
        return super().save(commit)


class CreditInline(admin.TabularInline):
    model = Credit
    form = CreditForm
    fields = [
        "role",
        "person",
        "new_person_name",
        "new_person_name_ko",
        "character",
        "character_ko",
        "order",
    ]
    autocomplete_fields = ["person"]
    extra = 1

    class Media:
        css = {"all": ["catalog/admin.css"]}


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    fields = ["title", "language", "kind"]
    extra = 1


# Rows the site keeps for itself beside a film or a person (the search index, "more like
# this"): deleted with it, but not what an editor weighs on the delete confirmation page.
# Other apps add theirs with hide_on_delete() from their admin module.
_BOOKKEEPING: set[type[models.Model]] = {SimilarFilm}


def hide_on_delete(*bookkeeping: type[models.Model]) -> None:
    _BOOKKEEPING.update(bookkeeping)


class ListsWhatGoesWithIt:
    """The delete confirmation lists what an editor deletes along (credits, titles, sources,
    comments, offers), without the site's own bookkeeping rows."""

    def get_deleted_objects(self, objs, request):
        to_delete, counts, permissions, protected = super().get_deleted_objects(objs, request)
        names = {f"{capfirst(model._meta.verbose_name)}: " for model in _BOOKKEEPING}
        plurals = {str(model._meta.verbose_name_plural) for model in _BOOKKEEPING}

        def shown(items: list) -> list:
            kept = []
            for item in items:
                if isinstance(item, list):
                    if inner := shown(item):
                        kept.append(inner)
                elif not str(item).startswith(tuple(names)):
                    kept.append(item)
            return kept

        counts = {name: count for name, count in counts.items() if str(name) not in plurals}
        return shown(to_delete), counts, permissions, protected


class TakesOtherAppsInlines:
    """A page other apps add their inlines to (watch's video sources on the film's page,
    importers' field sources on the film's and the person's), each from its own admin module:
    catalog imports no app above it."""

    @classmethod
    def attach_inline(cls, inline: type[InlineModelAdmin]) -> None:
        if inline not in cls.inlines:
            cls.inlines = [*cls.inlines, inline]


@dataclass(frozen=True)
class ListLink:
    """A link at the top of a list in the admin, beside "Add", to another app's page
    (importers' "Import from an id"), shown to those who hold every one of `permissions`."""

    label: str
    url_name: str
    permissions: tuple[str, ...]


@admin.register(Film)
class FilmAdmin(TakesOtherAppsInlines, ListsWhatGoesWithIt, admin.ModelAdmin):
    form = FilmForm
    change_list_template = "catalog/admin/film_change_list.html"
    list_links: list[ListLink] = []
    list_display = ["title", "original_title", "year", "runtime", "published", "updated_at"]
    list_filter = ["published", "genres", "certificate"]
    list_editable = ["published"]
    search_fields = ["title", "original_title", "romanised_title", "slug", "imdb_id", "kobis_id"]
    filter_horizontal = ["genres"]
    date_hierarchy = "release_date"
    inlines = [CreditInline, AlternativeTitleInline]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["title", "original_title", "romanised_title", "slug", "published"]}),
        (
            _("Facts"),
            {
                "fields": [
                    "year",
                    "release_date",
                    "runtime",
                    "certificate",
                    "countries",
                    "languages",
                    "genres",
                    "poster",
                    "popularity",
                ]
            },
        ),
        (_("Story"), {"fields": ["synopsis", "synopsis_ko", "plot", "plot_ko"]}),
        (
            _("External ids"),
            {"fields": ["tmdb_id", "imdb_id", "kobis_id", "kmdb_id", "wikidata_id"]},
        ),
    ]

    def changelist_view(self, request, extra_context=None):
        links = [
            (link.label, reverse(link.url_name))
            for link in self.list_links
            if request.user.has_perms(link.permissions)
        ]
        return super().changelist_view(request, {"list_links": links, **(extra_context or {})})

    @classmethod
    def attach_list_link(cls, link: ListLink) -> None:
        if link not in cls.list_links:
            cls.list_links = [*cls.list_links, link]

    def save_model(self, request, obj, form, change):
        fill_in_film(obj)
        # The pages that showed the film before the edit (its old genres, year, people, slug)
        # are made anew with those that show it after (films_changed).
        shown_before = pages_showing_films([obj.pk]) if change else set()
        super().save_model(request, obj, form, change)
        invalidate(shown_before)
        if "poster" in form.changed_data and obj.poster:
            make_renditions(obj.poster)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the genres and credits are saved: the lists are computed from them.
        films_changed([form.instance.pk])

    def delete_model(self, request, obj):
        # The deleted film's rows go with it: the lists it was on are made again without it.
        listing = films_listing([obj.pk])
        invalidate(pages_showing_films([obj.pk]))
        super().delete_model(request, obj)
        films_changed(listing)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        listing = films_listing(ids)
        invalidate(pages_showing_films(ids))
        super().delete_queryset(request, queryset)
        films_changed(listing)


@admin.register(Person)
class PersonAdmin(TakesOtherAppsInlines, ListsWhatGoesWithIt, admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "name_ko", "birth_date"]
    search_fields = ["name", "name_ko", "other_names", "slug", "imdb_id"]
    view_on_site = True

    def save_model(self, request, obj, form, change):
        fill_in_person(obj)
        shown_before = {f"person:{Person.objects.get(pk=obj.pk).slug}"} if change else set()
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data and obj.photo:
            make_renditions(obj.photo)
        # Their page, and the pages of their films, which name them.
        invalidate(shown_before | {f"person:{obj.slug}", SEARCH})
        invalidate_film_pages(obj.credits.values_list("film_id", flat=True))

    def delete_model(self, request, obj):
        film_ids = list(obj.credits.values_list("film_id", flat=True))
        super().delete_model(request, obj)
        invalidate({f"person:{obj.slug}", SEARCH})
        invalidate_film_pages(film_ids)


@admin.register(Genre)
class GenreAdmin(ListsWhatGoesWithIt, admin.ModelAdmin):
    list_display = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_ko"]

    def save_model(self, request, obj, form, change):
        shown_before = {f"genre:{Genre.objects.get(pk=obj.pk).slug}"} if change else set()
        super().save_model(request, obj, form, change)
        # Its page, the lists, and the menu of every page when the menu shows it.
        invalidate(shown_before | {f"genre:{obj.slug}", MENU, LISTS, SEARCH})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate({f"genre:{obj.slug}", MENU, LISTS, SEARCH})
