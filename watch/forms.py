"""Visitors' forms: a problem report on a source, and a rights holder's takedown notice."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from watch.models import ProblemReport, TakedownNotice

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


class TakedownNoticeForm(forms.ModelForm):
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
        self.targets, wrong = [], []
        for line in lines:
            match = resolve_site_path(site_path(line))
            if match and match.view_name in ("catalog:film", "watch:play"):
                self.targets.append((match.view_name, match.kwargs))
            else:
                wrong.append(line)
        if wrong:
            raise forms.ValidationError(
                _("These are not film or video pages of this site: %(lines)s"),
                params={"lines": ", ".join(wrong[:5])},
            )
        return "\n".join(lines)

    def clean_signature(self) -> str:
        signature = self.cleaned_data["signature"].strip()
        name = (self.cleaned_data.get("claimant_name") or "").strip()
        if name and signature.casefold() != name.casefold():
            raise forms.ValidationError(_("Sign with the full name given above."))
        return signature
