"""The editors' side of imports: the matches waiting for a decision (merge, create as new,
dismiss), the runs and their reports, where each field of a film or a person came from (with
"take this value"), and importing one film from its id or address at a source."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from catalog.admin import FilmAdmin, ListLink, PersonAdmin
from catalog.models import Film, Person
from importers import pages, previews
from importers.apply import PERSON_FIELDS, SCALAR_FILM_FIELDS
from importers.http import SourceError
from importers.models import ImportRun, Provenance, Review, SourceChoices, SourceRecord
from importers.queues import IMPORTING
from importers.records import BadRecord
from importers.reviews import dismiss_review, resolve_review, take_source_value

# -- imports to review ------------------------------------------------------------------------


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """A review's page shows the waiting record beside each candidate, with a button to merge
    into it, and buttons to create the record as new or to dismiss it (importers.reviews).
    A resolved review is read-only."""

    change_form_template = "importers/admin/review_change_form.html"
    list_display = ["label", "kind", "source", "reason", "status", "created_at"]
    list_filter = ["status", "kind", "source"]
    search_fields = ["label", "source_id"]
    fields = [("label", "kind"), ("source", "source_id"), "reason", ("status", "created_at")]
    readonly_fields = ["label", "kind", "source", "source_id", "reason", "status", "created_at"]
    DECISIONS = ("merge", "create", "dismiss")

    class Media:
        css = {"all": ["importers/admin.css"]}

    def get_fields(self, request, obj=None):
        if obj is not None and obj.resolved_at:
            return [*self.fields[:-1], ("status", "created_at", "resolved_at")]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "resolved_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # imports file them

    def has_change_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:
        if obj is not None and obj.status != Review.Status.OPEN:
            return False
        return super().has_change_permission(request, obj)

    def may_decide(self, request: HttpRequest, review: Review) -> bool:
        """Deciding imports the record: it takes the permission to add and change films."""
        return self.has_change_permission(request, review) and request.user.has_perms(IMPORTING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and any(name in request.POST for name in self.DECISIONS):
            return self.decide(request, object_id)
        # The page has nothing to save: its buttons are the decisions.
        context = {
            "title": _("Import to review"),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context |= pages.review_page(obj)
            context["may_decide"] = self.may_decide(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def decide(self, request: HttpRequest, object_id: str) -> HttpResponse:
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404
        if not self.may_decide(request, review):
            raise PermissionDenied
        try:
            done = self._decision(request, review)
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, done, messages.SUCCESS)
        waiting = reverse("admin:importers_review_changelist")
        return HttpResponseRedirect(f"{waiting}?status__exact={Review.Status.OPEN}")

    def _decision(self, request: HttpRequest, review: Review) -> str:
        """Take the decision the button names; what to tell the editor."""
        if "dismiss" in request.POST:
            dismiss_review(review)
            return _("Dismissed: “%(label)s” was not imported.") % {"label": review.label}
        if "create" in request.POST:
            outcome = resolve_review(review, create=True)
            if review.kind == Review.Kind.PERSON:
                done = _("“{label}”: a new person, credited in {film}.")
            else:
                done = _("“{label}” was imported as a new film: {film}.")
            return format_html(done, label=review.label, film=_film_link(outcome.film_id))
        chosen = request.POST["merge"]
        if review.kind == Review.Kind.PERSON:
            person = review.candidate_people.filter(pk=_number(chosen)).first()
            if person is None:
                raise ValueError(_("Choose one of the people this review offers."))
            outcome = resolve_review(review, person=person)
            return format_html(
                _("{person} is credited in {film}."),
                person=person,
                film=_film_link(outcome.film_id),
            )
        film = review.candidate_films.filter(pk=_number(chosen)).first()
        if film is None:
            raise ValueError(_("Choose one of the films this review offers."))
        resolve_review(review, film=film)
        return format_html(
            _("“{label}” was merged into {film}."), label=review.label, film=_film_link(film.pk)
        )


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _film_link(film_id: int | None) -> str:
    film = Film.objects.filter(pk=film_id).first()
    if film is None:
        return "—"
    url = reverse("admin:catalog_film_change", args=[film.pk])
    return format_html('<a href="{}">{}</a>', url, film)


# -- import runs, and the pages started from them ------------------------------------------


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Runs as `kcinema import` left them: read-only, with their counts, the records they
    skipped and why, and why a stopped run stopped. The admin's pages for importing by hand
    ("Import from an id", "Take this value") are served from here."""

    list_display = ["started_at", "source", "scope", "status", "finished_at", "summary"]
    list_filter = ["status", "source"]
    fields = [
        "source",
        "scope",
        "status",
        "started_at",
        "finished_at",
        "counts_table",
        "message",
        "skipped_list",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a stopped run is where the next one resumes

    @admin.display(description=_("outcome"))
    def summary(self, run: ImportRun) -> str:
        return "; ".join(f"{label}: {count:,}" for label, count in pages.run_counts(run) if count)

    @admin.display(description=_("counts"))
    def counts_table(self, run: ImportRun) -> str:
        return format_html(
            '<table class="import-counts">{}</table>',
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                ((label, f"{count:,}") for label, count in pages.run_counts(run)),
            ),
        )

    @admin.display(description=_("skipped records"))
    def skipped_list(self, run: ImportRun) -> str:
        if not run.skipped:
            return "—"
        return format_html(
            '<ul class="import-skipped">{}</ul>',
            format_html_join(
                "",
                "<li>{}</li>",
                ((f"{what}: {why}" if what else why,) for what, why in run.skipped),
            ),
        )

    def get_urls(self):
        own = [
            path(
                "from-an-id/",
                self.admin_site.admin_view(self.import_from_id),
                name="importers_import_from_id",
            ),
            path(
                "take-source-value/<str:kind>/<int:pk>/",
                self.admin_site.admin_view(require_POST(self.take_value)),
                name="importers_take_source_value",
            ),
        ]
        return own + super().get_urls()

    def import_from_id(self, request: HttpRequest) -> HttpResponse:
        """Paste an id or an address, see what importing it would change, apply."""
        if not request.user.has_perms(IMPORTING):
            raise PermissionDenied
        if request.method == "POST":
            return self._apply_import(request)
        form = ImportFromIdForm(request.GET if "text" in request.GET else None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import from an id"),
            "opts": self.opts,
            "form": form,
        }
        if form.is_valid() and form.chosen_source:
            context |= _preview_context(form.chosen_source, form.source_id)
        return TemplateResponse(request, "importers/admin/import_from_id.html", context)

    def _apply_import(self, request: HttpRequest) -> HttpResponse:
        source, source_id = request.POST.get("source", ""), request.POST.get("source_id", "")
        again = reverse("admin:importers_import_from_id")
        if source not in previews.readers():
            raise Http404
        try:
            record = previews.fetch(source, source_id)
        except (SourceError, BadRecord) as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(again)
        outcome = previews.import_record(record)
        source_label = pages.source_label(source)
        if outcome.kind == "skipped":
            self.message_user(request, outcome.reason, messages.ERROR)
            return HttpResponseRedirect(again)
        if outcome.kind == "uncertain":
            review = Review.objects.filter(
                source=record.source, source_id=record.source_id, status=Review.Status.OPEN
            ).first()
            self.message_user(
                request,
                _("“%(label)s” waits for review: %(reason)s.")
                % {"label": record.label, "reason": outcome.reason},
                messages.WARNING,
            )
            return HttpResponseRedirect(
                reverse("admin:importers_review_change", args=[review.pk]) if review else again
            )
        done = IMPORT_DONE[outcome.kind] % {"source": source_label, "label": record.label}
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_film_change", args=[outcome.film_id]))

    def take_value(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        """A field an editor changed goes back to a source's value (importers.reviews)."""
        model = {"film": Film, "person": Person}.get(kind)
        if model is None:
            raise Http404
        instance = model.objects.filter(pk=pk).first()
        if instance is None:
            raise Http404
        if not request.user.has_perm(f"catalog.change_{kind}"):
            raise PermissionDenied
        name, _colon, source = request.POST.get("take", "").partition(":")
        page = reverse(f"admin:catalog_{kind}_change", args=[pk]) + "#field-sources"
        label = pages.field_label(model, name) if _known_field(model, name) else name
        try:
            if not _known_field(model, name):
                raise ValueError(_("No source gives this field."))
            take_source_value(instance, name, source)
        except (ValueError, SourceRecord.DoesNotExist):
            self.message_user(
                request,
                _("%(source)s gives no value for “%(field)s”.")
                % {"source": pages.source_label(source), "field": label},
                messages.ERROR,
            )
            return HttpResponseRedirect(page)
        self.message_user(
            request,
            _("“%(field)s” takes the value of %(source)s again, and imports keep it current.")
            % {"field": label, "source": pages.source_label(source)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(page)


def _known_field(model: type[Film] | type[Person], name: str) -> bool:
    if model is Film:
        return name in (*SCALAR_FILM_FIELDS, "genres", "alternative_titles", "credits")
    return name in PERSON_FIELDS


# What the editor is told after "Apply", by the import's outcome.
IMPORT_DONE = {
    "created": _("Imported from %(source)s as a new film: %(label)s."),
    "merged": _("Imported from %(source)s into a film the catalogue had: %(label)s."),
    "updated": _("Brought up to date from %(source)s: %(label)s."),
    "unchanged": _("%(label)s already holds what %(source)s gives: nothing changed."),
}


class ImportFromIdForm(forms.Form):
    text = forms.CharField(
        label=_("Id or address"),
        max_length=500,
        help_text=_(
            "A film's id or its address at Wikidata (Q…), KOBIS (movieCd), KMDb (DOCID) or TMDB."
        ),
        widget=forms.TextInput(attrs={"size": 60, "autofocus": True}),
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=SourceChoices.choices, required=False, widget=forms.RadioSelect
    )

    source_id = ""

    @cached_property
    def accepted(self) -> dict[str, str]:
        return previews.sources_accepting(self.cleaned_data.get("text", ""))

    def clean(self):
        cleaned = super().clean()
        if "text" not in cleaned:
            return cleaned
        if not self.accepted:
            raise forms.ValidationError(
                _("No source has a film of this id or address."), code="unknown"
            )
        chosen = cleaned.get("source") or ""
        if chosen and chosen not in self.accepted:
            self.add_error("source", _("This source has no film of this id."))
        return cleaned

    @property
    def chosen_source(self) -> str:
        """The source the text names: the one accepting it, or the one chosen among several
        ("" while a choice is to be made)."""
        if len(self.accepted) == 1:
            return next(iter(self.accepted))
        return self.cleaned_data.get("source") or ""

    @property
    def choices(self) -> list[tuple[str, str, str]]:
        """(source, its name, the id there) for each source accepting the text."""
        return [(name, pages.source_label(name), found) for name, found in self.accepted.items()]

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.errors and self.chosen_source:
            self.source_id = self.accepted[self.chosen_source]


def _preview_context(source: str, source_id: str) -> dict:
    try:
        record = previews.fetch(source, source_id)
    except (SourceError, BadRecord) as error:
        return {"problem": str(error)}
    preview = previews.preview(record)
    film = preview.film
    return {
        "record": record,
        "source": source,
        "source_id": source_id,
        "source_label": pages.source_label(source),
        "preview": preview,
        "changes": pages.preview_rows(preview),
        "film": film,
        "film_url": reverse("admin:catalog_film_change", args=[film.pk]) if film else "",
    }


FilmAdmin.attach_list_link(
    ListLink(_("Import from an id"), "admin:importers_import_from_id", IMPORTING)
)


# -- where each field came from, on the film's and the person's pages ----------------------


class FieldSourcesFormSet(BaseInlineFormSet):
    """A panel, not a form: it reads nothing from the page's POST (the film's form saves
    without it) and holds the rows of importers.pages.field_sources_panel."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(None, None, *args, **kwargs)

    def is_valid(self) -> bool:
        return True

    def has_changed(self) -> bool:
        return False

    def save(self, commit: bool = True) -> list:
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []

    @cached_property
    def field_sources(self) -> list[dict]:
        if self.instance.pk is None:
            return []
        return pages.field_sources_panel(self.instance)

    @cached_property
    def take_url(self) -> str:
        kind = "film" if isinstance(self.instance, Film) else "person"
        return reverse("admin:importers_take_source_value", args=[kind, self.instance.pk])


class FieldSourcesInline(admin.StackedInline):
    """Each field of the page's film or person that a source speaks of: its value, where it
    came from (a source and when, or an editor), each source's value with a button that takes
    it (importers.reviews.take_source_value) and a link to the source's page."""

    model = Provenance
    formset = FieldSourcesFormSet
    template = "importers/admin/field_sources.html"
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name = _("field sources")
    verbose_name_plural = _("field sources")

    class Media:
        css = {"all": ["importers/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    # The panel shows on the page of a film or person (not of a new one) to whoever sees the
    # page; its buttons to those who may change it.
    def has_view_permission(self, request, obj=None) -> bool:
        return obj is not None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FilmFieldSourcesInline(FieldSourcesInline):
    fk_name = "film"


class PersonFieldSourcesInline(FieldSourcesInline):
    fk_name = "person"


FilmAdmin.attach_inline(FilmFieldSourcesInline)
PersonAdmin.attach_inline(PersonFieldSourcesInline)
