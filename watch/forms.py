"""Visitors' forms: a problem report on a source, a rights holder's takedown notice and an
uploader's counter-notice."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.models import Film
from watch.models import ProblemReport, TakedownNotice, VideoSource
from watch.takedowns import COUNTERABLE_STATUSES, blocked_because

MAX_TAKEDOWN_URLS = 50


class ProblemReportForm(forms.ModelForm):
    # Declared rather than derived from the model, so that no blank "---------" choice is
    # offered (and pre-selected) among the radio buttons.
    reason = forms.ChoiceField(
        label=ProblemReport._meta.get_field("reason").verbose_name,
        choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ProblemReport
        fields = ["reason", "details"]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ProblemReport.Reason.OTHER and not cleaned.get("details"):
            self.add_error("details", _("Please say what is wrong."))
        return cleaned


def site_path(line: str) -> str | None:
    """The path of an address on this site, or None for an address elsewhere."""
    parts = urlsplit(line)
    if parts.scheme not in ("", "http", "https"):
        return None
    host = (parts.hostname or "").lower()
    allowed = {h.lower().lstrip(".") for h in settings.ALLOWED_HOSTS} | {"testserver"}
    if host and host not in allowed and "*" not in allowed:
        return None
    return parts.path or None


def resolve_site_path(path: str | None) -> ResolverMatch | None:
    """Resolve a path in the language its prefix names (/ko/films/... is a Korean page)."""
    if not path:
        return None
    with translation.override(translation.get_language_from_path(path) or "en"):
        try:
            return resolve(path)
        except Resolver404:
            return None


def missing_pages(targets: list[tuple[str, dict]]) -> list[int]:
    """The positions of the targets that name no page of this site (a source or a published
    film that does not exist), in two queries whatever their number."""
    source_ids = {kw["pk"] for name, kw in targets if name == "watch:play"}
    slugs = {kw["slug"] for name, kw in targets if name != "watch:play"}
    known_sources = set(
        VideoSource.objects.filter(pk__in=source_ids, film__published=True).values_list(
            "pk", flat=True
        )
    )
    known_films = set(
        Film.objects.published().filter(slug__in=slugs).values_list("slug", flat=True)
    )
    return [
        position
        for position, (name, kwargs) in enumerate(targets)
        if (
            kwargs["pk"] not in known_sources
            if name == "watch:play"
            else kwargs["slug"] not in known_films
        )
    ]


def refuse_blocked(email: str) -> None:
    """A claimant on the block list is told so, politely; nothing is stored."""
    if email and blocked_because(email) is not None:
        raise forms.ValidationError(
            _(
                "We cannot accept takedown notices from this address. If you believe this is a "
                "mistake, write to the site's operator."
            )
        )


class TakedownNoticeForm(forms.ModelForm):
    trusted_token = forms.CharField(
        label=_("trusted claimant's token"),
        required=False,
        max_length=100,
        help_text=_("Only if the site's editors gave your organisation one."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    good_faith = forms.BooleanField(
        required=True, label=TakedownNotice._meta.get_field("good_faith").verbose_name
    )
    accurate = forms.BooleanField(
        required=True, label=TakedownNotice._meta.get_field("accurate").verbose_name
    )

    class Meta:
        model = TakedownNotice
        fields = TakedownNotice.CLAIM_FIELDS
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "work": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "urls": forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        }

    def clean_urls(self) -> str:
        """Each line must be a film page or a video source page of this site; what they name
        is kept in self.targets for the notice to hide."""
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Name at least one address on this site."))
        if len(lines) > MAX_TAKEDOWN_URLS:
            raise forms.ValidationError(
                _("Name at most %(count)d addresses in one notice.") % {"count": MAX_TAKEDOWN_URLS}
            )
        self.targets, wrong, named = [], [], []
        for line in lines:
            match = resolve_site_path(site_path(line))
            if match and match.view_name in ("catalog:film", "watch:play"):
                self.targets.append((match.view_name, match.kwargs))
                named.append(line)
            else:
                wrong.append(line)
        if wrong:
            raise forms.ValidationError(
                _("These are not film or video pages of this site: %(lines)s"),
                params={"lines": ", ".join(wrong[:5])},
            )
        if missing := [named[position] for position in missing_pages(self.targets)]:
            raise forms.ValidationError(
                _("There is no such page on this site: %(lines)s"),
                params={"lines": ", ".join(missing[:5])},
            )
        return "\n".join(lines)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        refuse_blocked(email)
        return email

    def clean_signature(self) -> str:
        signature = self.cleaned_data["signature"].strip()
        name = (self.cleaned_data.get("claimant_name") or "").strip()
        if name and signature.casefold() != name.casefold():
            raise forms.ValidationError(_("Sign with the full name given above."))
        return signature


def notice_to_counter(reference: str) -> TakedownNotice | None:
    """The notice a counter-notice disputes: named by its number, or by the address of a source
    it hid (the newest such notice); None when no notice open to a counter-notice matches."""
    reference = reference.strip().lstrip("#")
    notices = TakedownNotice.objects.filter(status__in=COUNTERABLE_STATUSES)
    if reference.isdigit():
        return notices.filter(pk=int(reference)).first()
    match = resolve_site_path(site_path(reference))
    if match is None or match.view_name != "watch:play":
        return None
    return notices.filter(hidden_sources=match.kwargs["pk"]).order_by("-created_at").first()


class CounterNoticeForm(forms.Form):
    """An uploader disputes a takedown notice that hid their video."""

    reference = forms.CharField(
        label=_("notice number or video address"),
        max_length=500,
        help_text=_("The number of the takedown notice, or the address of the hidden video."),
    )
    name = forms.CharField(label=_("your full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    statement = forms.CharField(
        label=_("why the video should be shown again"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
        help_text=_(
            "For example: you hold the rights, or you have the rights holder's permission."
        ),
    )
    good_faith = forms.BooleanField(
        label=_(
            "I believe in good faith that the video was removed by mistake or because it was "
            "misidentified, and the information in this counter-notice is accurate."
        )
    )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        self.notice = notice_to_counter(reference)
        if self.notice is None:
            raise forms.ValidationError(
                _("No takedown notice that hid a video matches this number or address.")
            )
        return reference
