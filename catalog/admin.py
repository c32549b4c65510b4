"""The editors' catalogue: films with their credits, genres and other titles on one page."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from catalog.editing import fill_in_film, fill_in_person, films_changed
from catalog.images import make_renditions, validate_upload
from catalog.models import MAX_RUNTIME_MINUTES, AlternativeTitle, Credit, Film, Genre, Person
from catalog.similarity import films_listing


def normalised_codes(value: str, upper: bool) -> str:
    """ " kr, us " -> "KR,US": editors may type codes loosely; they are stored one way."""
    codes = [code.strip() for code in value.replace(";", ",").split(",") if code.strip()]
    return ",".join(code.upper() if upper else code.lower() for code in codes)


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

    class Meta:
        model = Film
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin (fieldsets) picks the fields

    def clean_countries(self) -> str:
        return normalised_codes(self.cleaned_data["countries"], upper=True)

    def clean_languages(self) -> str:
        return normalised_codes(self.cleaned_data["languages"], upper=False)


class PersonForm(ImageUploadFormMixin, forms.ModelForm):
    image_field = "photo"

    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin (fieldsets) picks the fields


class CreditInline(admin.TabularInline):
    model = Credit
    fields = ["role", "person", "character", "character_ko", "order"]
    autocomplete_fields = ["person"]
    extra = 1


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    fields = ["title", "language", "kind"]
    extra = 1


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    form = FilmForm
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

    @classmethod
    def attach_inline(cls, inline: type[InlineModelAdmin]) -> None:
        """Another app's inline on the film's page (watch's video sources), attached from that
        app's admin module: catalog imports no app above it."""
        if inline not in cls.inlines:
            cls.inlines = [*cls.inlines, inline]

    def save_model(self, request, obj, form, change):
        fill_in_film(obj)
        super().save_model(request, obj, form, change)
        if "poster" in form.changed_data and obj.poster:
            make_renditions(obj.poster)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the genres and credits are saved: the lists are computed from them.
        films_changed([form.instance.pk])

    def delete_model(self, request, obj):
        # The deleted film's rows go with it: the lists it was on are made again without it.
        listing = films_listing([obj.pk])
        super().delete_model(request, obj)
        films_changed(listing)

    def delete_queryset(self, request, queryset):
        listing = films_listing(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        films_changed(listing)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "name_ko", "birth_date"]
    search_fields = ["name", "name_ko", "other_names", "slug", "imdb_id"]
    view_on_site = True

    def save_model(self, request, obj, form, change):
        fill_in_person(obj)
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data and obj.photo:
            make_renditions(obj.photo)


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ko", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_ko"]
