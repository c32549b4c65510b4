"""Editors' side of watching: sources on the film's page, the report and takedown queues."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.admin import CodeListField, FilmAdmin, FilmPartAdmin, code_list, ordered_codes
from catalog.languages import language_choices
from catalog.pagecache import invalidate_film_pages
from watch import queues, takedowns
from watch.models import (
    BlockedClaimant,
    Offer,
    ProblemReport,
    TakedownBreaker,
    TakedownEvent,
    TakedownNotice,
    TrustedClaimant,
    VideoSource,
    WaitingReason,
)
from watch.reports import resolve_reports
from watch.sources import apply_video_url, with_open_reports
from watch.takedowns import Decision


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


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["service", "country", "kind", "link", "last_checked"]

    def clean(self):
        """An imported offer an editor changes becomes the editor's: the next import leaves it
        alone, and its link must then be on the service's own site."""
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            self.instance.source = Offer.Source.EDITOR
        return cleaned


class OfferInline(admin.TabularInline):
    model = Offer
    form = OfferForm
    extra = 0
    fields = ["service", "country", "kind", "link", "last_checked", "source"]
    readonly_fields = ["source"]
    verbose_name = _("where to watch: offer")
    verbose_name_plural = _("where to watch: offers (for films that cannot be played here)")


# The film's page in the admin gains its video sources and offers; catalog knows nothing of watch.
FilmAdmin.attach_inline(VideoSourceInline)
FilmAdmin.attach_inline(OfferInline)


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
class VideoSourceAdmin(FilmPartAdmin):
    form = VideoSourceForm
    # Few, short columns: the list fits a 1366 px screen with the menu and the filters open.
    list_display = ["film_title", "kind", "provider", "uploader", "shown", "health", "open_reports"]
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

    # The film page shows its sources: an editor's change makes it anew (catalog.pagecache).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_film_pages([obj.film_id])

    @admin.display(description=_("film"), ordering="film__title")
    def film_title(self, source: VideoSource) -> str:
        return Truncator(str(source.film)).chars(36)

    @admin.display(description=_("shown to visitors"))
    def shown(self, source: VideoSource) -> str:
        """Whether visitors see the source and, if not, why: a takedown notice or an editor."""
        if source.hidden_by_takedown:
            return format_html("<strong>{}</strong>", _("Hidden by a takedown"))
        if not source.active:
            return _("Switched off")
        return _("Shown")

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


class AwaitingDecisionFilter(admin.SimpleListFilter):
    title = _("decision")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("yes", _("Awaiting a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=queues.AWAITING_DECISION)
        return queryset


def in_site_time(moment: datetime | None) -> str:
    """A moment in the site's time zone (settings.TIME_ZONE), which it names: every time on a
    notice reads the same whoever looks ("2026-03-01 14:05 KST")."""
    if moment is None:
        return "-"
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def source_links(ids: list[int]) -> str:
    links = ((reverse("admin:watch_videosource_change", args=[pk]), f"#{pk}") for pk in sorted(ids))
    return format_html_join(", ", '<a href="{}">{}</a>', links)


class TakedownEventInline(admin.TabularInline):
    """The notice's audit trail, oldest first, read-only."""

    model = TakedownEvent
    extra = 0
    can_delete = False
    fields = ["when", "action", "why", "actor", "note", "sources_affected"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("when"))
    def when(self, event: TakedownEvent) -> str:
        return in_site_time(event.created_at)

    @admin.display(description=_("why"))
    def why(self, event: TakedownEvent) -> str:
        return WaitingReason(event.reason).label if event.reason in WaitingReason else "-"

    @admin.display(description=_("sources"))
    def sources_affected(self, event: TakedownEvent) -> str:
        if named := event.details.get("named_sources"):
            return format_html("{} {}", _("named:"), source_links(named))
        if waiting := event.details.get("waiting_sources"):
            return format_html("{} {}", _("waiting for review:"), source_links(waiting))
        if hidden := event.details.get("hidden_sources"):
            return format_html("{} {}", _("hidden:"), source_links(hidden))
        if restored := event.details.get("restored_sources"):
            return format_html("{} {}", _("shown again:"), source_links(restored))
        return "-"


# The decisions' buttons and list actions: what they say, and what the editor is told after.
DECISION_LABELS = {
    Decision.CONFIRM: _("Confirm: hide all the sources it names"),
    Decision.REJECT: _("Reject: show the sources again"),
    Decision.RESTORE: _("Restore the sources after a counter-notice"),
}
DECISION_DONE = {
    Decision.CONFIRM: _("Notice confirmed: all the sources it names are hidden."),
    Decision.REJECT: _("Notice rejected: its sources are shown again."),
    Decision.RESTORE: _("The sources are shown again after the counter-notice."),
}


@admin.register(TakedownNotice)
class TakedownNoticeAdmin(admin.ModelAdmin):
    """A notice's page shows the claim, its sources, the audit trail and a button for each
    decision open to it (watch.takedowns takes them); the list takes them in bulk."""

    change_form_template = "watch/admin/takedownnotice_change_form.html"
    list_display = ["__str__", "work_summary", "status", "filed", "decided"]
    list_filter = [AwaitingDecisionFilter, "status"]
    search_fields = ["claimant_name", "organisation", "email", "work"]
    readonly_fields = [
        "status",
        *TakedownNotice.CLAIM_FIELDS,
        "trusted_claimant",
        "email_confirmed_at",
        "named",
        "hidden",
        "filed",
        "decided",
        "counter_name",
        "counter_email",
    ]
    fields = [*readonly_fields, "decision_note", "counter_notice"]
    inlines = [TakedownEventInline]
    actions = ["confirm", "reject", "restore_after_counter_notice"]

    # The sources as links by number, in one query each (their names would read each film).
    @admin.display(description=_("sources named"))
    def named(self, notice: TakedownNotice) -> str:
        return source_links(list(notice.sources.values_list("pk", flat=True))) or "-"

    @admin.display(description=_("sources hidden"))
    def hidden(self, notice: TakedownNotice) -> str:
        return source_links(list(notice.hidden_sources.values_list("pk", flat=True))) or "-"

    @admin.display(description=_("work"))
    def work_summary(self, notice):
        return notice.work[:80]

    @admin.display(description=_("filed"), ordering="created_at")
    def filed(self, notice: TakedownNotice) -> str:
        return in_site_time(notice.created_at)

    @admin.display(description=_("decided"), ordering="decided_at")
    def decided(self, notice: TakedownNotice) -> str:
        return in_site_time(notice.decided_at)

    def has_add_permission(self, request):
        return False  # notices come from rights holders, through the public form

    def save_model(self, request, obj, form, change):
        """Saving a counter-notice text records it in the audit trail."""
        if "counter_notice" in form.changed_data and obj.counter_notice:
            takedowns.record_counter_notice(
                obj, takedowns.CounterNotice(obj.counter_notice), actor=request.user
            )
        else:
            super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["decisions"] = [
                (f"_{name}", DECISION_LABELS[name]) for name in takedowns.decisions_open_to(obj)
            ]
            context["site_time_zone"] = settings.TIME_ZONE
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        """A decision's button saves the page (the note with it), then takes the decision."""
        chosen = [name for name in DECISION_LABELS if f"_{name}" in request.POST]
        if not chosen:
            return super().response_change(request, obj)
        try:
            takedowns.decide(obj, chosen[0], actor=request.user, note=obj.decision_note)
        except ValueError:
            self.message_user(
                request,
                _("This decision is not open to a notice that is “%(status)s”.")
                % {"status": obj.get_status_display()},
                messages.ERROR,
            )
        else:
            self.message_user(request, DECISION_DONE[chosen[0]], messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def _apply(self, request, queryset, decision: str) -> None:
        taken = skipped = 0
        for notice in queryset:
            if decision in takedowns.decisions_open_to(notice):
                takedowns.decide(notice, decision, actor=request.user, note=notice.decision_note)
                taken += 1
            else:
                skipped += 1
        if taken:
            self.message_user(request, DECISION_DONE[decision], messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notice was left as it was: the decision is not open to it.",
                    "%(count)d notices were left as they were: the decision is not open to them.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=DECISION_LABELS[Decision.CONFIRM])
    def confirm(self, request, queryset):
        self._apply(request, queryset, Decision.CONFIRM)

    @admin.action(description=DECISION_LABELS[Decision.REJECT])
    def reject(self, request, queryset):
        self._apply(request, queryset, Decision.REJECT)

    @admin.action(description=DECISION_LABELS[Decision.RESTORE])
    def restore_after_counter_notice(self, request, queryset):
        self._apply(request, queryset, Decision.RESTORE)


@admin.register(TrustedClaimant)
class TrustedClaimantAdmin(admin.ModelAdmin):
    """Staff add a rights holder they trust; its token is shown once, on saving (only its hash
    is kept), and can be replaced by a new one."""

    list_display = ["organisation", "email_domain", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["organisation", "email_domain"]
    fields = ["organisation", "email_domain", "active", "note"]
    actions = ["new_token"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        self._tell_token(request, obj, takedowns.issue_claimant_token(obj))

    def _tell_token(self, request, claimant: TrustedClaimant, token: str) -> None:
        self.message_user(
            request,
            _(
                "The token of %(claimant)s is %(token)s — pass it on now: it is not shown again. "
                "Their notices from %(domain)s carry it in the form's token field."
            )
            % {"claimant": claimant.organisation, "token": token, "domain": claimant.email_domain},
            messages.WARNING,
        )

    @admin.action(description=_("Issue a new token (the old one stops working)"))
    def new_token(self, request, queryset):
        for claimant in queryset:
            self._tell_token(request, claimant, takedowns.issue_claimant_token(claimant))


@admin.register(BlockedClaimant)
class BlockedClaimantAdmin(admin.ModelAdmin):
    """Claimants whose notices are refused: an e-mail address or a whole domain, with why."""

    list_display = ["address", "reason", "created_at"]
    search_fields = ["address", "reason"]

    def save_model(self, request, obj, form, change):
        obj.address = obj.address.strip().lower().lstrip("@")
        super().save_model(request, obj, form, change)


@admin.register(TakedownBreaker)
class TakedownBreakerAdmin(admin.ModelAdmin):
    """The circuit breaker's state (tripped or not, what it counts against its limit); staff
    reset it once they have looked at the notices that tripped it."""

    list_display = ["__str__", "state", "hidden_in_a_day", "tripped", "reset"]
    list_display_links = None
    actions = ["reset_breaker"]

    def get_queryset(self, request):
        takedowns.current_breaker()  # the one row exists before anyone looks for it
        return super().get_queryset(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"))
    def state(self, breaker: TakedownBreaker) -> str:
        if breaker.tripped_at:
            return format_html("<strong>{}</strong>", _("Tripped: automatic hiding has stopped"))
        return _("Closed: notices hide sources automatically")

    @admin.display(description=_("hidden by unreviewed notices in 24 hours / limit"))
    def hidden_in_a_day(self, breaker: TakedownBreaker) -> str:
        return f"{takedowns.hidden_unreviewed(breaker)} / {takedowns.breaker_limit()}"

    @admin.display(description=_("tripped at"))
    def tripped(self, breaker: TakedownBreaker) -> str:
        return in_site_time(breaker.tripped_at)

    @admin.display(description=_("last reset"))
    def reset(self, breaker: TakedownBreaker) -> str:
        return in_site_time(breaker.reset_at)

    @admin.action(description=_("Reset the breaker: hide automatically again"))
    def reset_breaker(self, request, queryset):
        takedowns.reset_breaker()
        self.message_user(request, _("The breaker is reset."), messages.SUCCESS)
