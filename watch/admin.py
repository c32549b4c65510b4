"""Editors' side of watching: sources on the film's page, the report and takedown queues."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.admin import CodeListField, FilmAdmin, code_list, ordered_codes
from catalog.languages import language_choices
from watch import queues, takedowns
from watch.models import ProblemReport, TakedownEvent, TakedownNotice, VideoSource
from watch.reports import resolve_reports
from watch.sources import apply_video_url, with_open_reports


class VideoSourceForm(forms.ModelForm):
    """A source's language and subtitle languages are chosen by name (catalog.languages); a
    tag the list does not hold (ko-Latn) stays selectable on the source that has it."""

    language = forms.ChoiceField(
        label=capfirst(VideoSource._meta.get_field("language").verbose_name),
        initial=VideoSource._meta.get_field("language").get_default(),
    )
    subtitle_languages = CodeListField(
        model_field=VideoSource._meta.get_field("subtitle_languages")
    )

    class Meta:
        model = VideoSource
        fields = [
            "url",
            "kind",
            "title",
            "language",
            "subtitle_languages",
            "uploader",
            "source_note",
            "start_seconds",
            "order",
            "active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = self.get_initial_for_field(self.fields["language"], "language")
        self.fields["language"].choices = language_choices([language])
        self.fields["subtitle_languages"].choices = language_choices(self.subtitles_before())

    def subtitles_before(self) -> list[str]:
        field = self.fields["subtitle_languages"]
        return code_list(self.get_initial_for_field(field, "subtitle_languages"))

    def clean_subtitle_languages(self) -> str:
        return ordered_codes(self.cleaned_data["subtitle_languages"], self.subtitles_before())

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            apply_video_url(self.instance, url)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        film_id = self.instance.film_id
        if film_id and (
            VideoSource.objects.filter(
                film_id=film_id, provider=self.instance.provider, video_id=self.instance.video_id
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("This film already has this video."))
        return self.instance.url

    def clean(self):
        cleaned = super().clean()
        # A start time in the pasted address (youtu.be/...?t=65) counts unless one is typed in.
        if not cleaned.get("start_seconds") and self.instance.start_seconds:
            cleaned["start_seconds"] = self.instance.start_seconds
        return cleaned


class VideoSourceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """The same video pasted twice on one page (in any of its address shapes)."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE") or form.errors:
                continue
            video = (form.instance.provider, form.instance.video_id)
            if video in seen:
                form.add_error("url", _("This film already has this video."))
            seen.add(video)


class VideoSourceInline(admin.StackedInline):
    model = VideoSource
    form = VideoSourceForm
    formset = VideoSourceFormSet
    extra = 0
    fields = [
        ("url", "kind"),
        ("uploader", "source_note"),
        ("language", "subtitle_languages"),
        ("title", "start_seconds", "order", "active"),
        ("health", "checked_at", "inactive_reason", "hidden_by_takedown"),
    ]
    readonly_fields = ["health", "checked_at", "inactive_reason", "hidden_by_takedown"]


# The film's page in the admin gains its video sources; catalog itself knows nothing of watch.
FilmAdmin.attach_inline(VideoSourceInline)


class FlaggedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("Flagged by repeated reports"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_reports__gte=settings.WATCH_REPORTS_TO_FLAG)
        return queryset


class UnhealthyFilter(admin.SimpleListFilter):
    title = _("health check")
    parameter_name = "unhealthy"

    def lookups(self, request, model_admin):
        return [("yes", _("No longer plays"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(health__in=queues.UNHEALTHY)
        return queryset


@admin.register(VideoSource)
class VideoSourceAdmin(admin.ModelAdmin):
    form = VideoSourceForm
    list_display = [
        "film",
        "kind",
        "provider",
        "uploader",
        "active",
        "health",
        "checked_at",
        "hidden_by_takedown",
        "open_reports",
    ]
    list_filter = [
        FlaggedFilter,
        UnhealthyFilter,
        "provider",
        "kind",
        "active",
        "health",
        "hidden_by_takedown",
    ]
    search_fields = ["film__title", "film__original_title", "uploader", "video_id"]
    list_select_related = ["film"]
    readonly_fields = ["provider", "video_id", "embed_url", "watch_url", "health", "checked_at"]
    actions = ["check_now"]

    def get_queryset(self, request):
        return with_open_reports(super().get_queryset(request))

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, source):
        return source.open_reports

    @admin.action(description=_("Check with the host now"))
    def check_now(self, request, queryset):
        from watch.tasks import check_source_health

        for source in queryset:
            check_source_health.enqueue(source.pk)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d check queued.", "%(count)d checks queued.", count)
            % {"count": count},
        )


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["source", "reason", "created_at", "resolved"]
    list_filter = ["resolved", "reason"]
    list_select_related = ["source__film"]
    readonly_fields = ["source", "reason", "details", "created_at"]
    actions = ["mark_resolved"]

    @admin.action(description=_("Mark as resolved"))
    def mark_resolved(self, request, queryset):
        resolve_reports(queryset)


class TakedownEventInline(admin.TabularInline):
    model = TakedownEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "note", "details"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AwaitingDecisionFilter(admin.SimpleListFilter):
    title = _("decision")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("yes", _("Awaiting a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=queues.AWAITING_DECISION)
        return queryset


@admin.register(TakedownNotice)
class TakedownNoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "work_summary", "status", "created_at", "decided_at"]
    list_filter = [AwaitingDecisionFilter, "status"]
    search_fields = ["claimant_name", "organisation", "email", "work"]
    readonly_fields = [
        "status",
        *TakedownNotice.CLAIM_FIELDS,
        "sources",
        "created_at",
        "decided_at",
    ]
    fields = [*readonly_fields, "decision_note", "counter_notice"]
    inlines = [TakedownEventInline]
    actions = ["confirm", "reject", "restore_after_counter_notice"]

    @admin.display(description=_("work"))
    def work_summary(self, notice):
        return notice.work[:80]

    def has_add_permission(self, request):
        return False  # notices come from rights holders, through the public form

    def save_model(self, request, obj, form, change):
        """Saving a counter-notice text records it in the audit trail."""
        if "counter_notice" in form.changed_data and obj.counter_notice:
            takedowns.record_counter_notice(obj, obj.counter_notice, actor=request.user)
        else:
            super().save_model(request, obj, form, change)

    def _apply(self, request, queryset, decide, done_message):
        for notice in queryset:
            decide(notice, actor=request.user, note=notice.decision_note)
        self.message_user(request, done_message, messages.SUCCESS)

    @admin.action(description=_("Confirm: keep the sources hidden"))
    def confirm(self, request, queryset):
        self._apply(request, queryset, takedowns.confirm_notice, _("Notices confirmed."))

    @admin.action(description=_("Reject: show the sources again"))
    def reject(self, request, queryset):
        self._apply(request, queryset, takedowns.reject_notice, _("Notices rejected."))

    @admin.action(description=_("Restore the sources after a counter-notice"))
    def restore_after_counter_notice(self, request, queryset):
        self._apply(
            request, queryset, takedowns.restore_after_counter_notice, _("Sources restored.")
        )
