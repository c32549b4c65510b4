"""The comment form: what a visitor types, validated; what the browser adds, passed through."""

from django import forms
from django.core.validators import URLValidator
from django.forms.utils import ErrorList
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.models import Film
from community.models import MAX_BODY_LENGTH, MAX_DEPTH, Comment


class QuietErrorList(ErrorList):
    """An empty error list renders as nothing without going through a template: every film
    page shows the form with no errors, seven lists of them."""

    def render(self, *args, **kwargs) -> str:
        return super().render(*args, **kwargs) if self.data else ""


# Rendered widgets of the empty form, by field, prefix, id format and language (see below).
_empty_widgets: dict[tuple, str] = {}


class ReusedWidgetBoundField(forms.BoundField):
    """The empty comment form's widgets are the same HTML on every film page, in a language:
    rendered once per process and reused, instead of through the widget templates each time.
    A form with data, initial values or a widget or attributes of the template's choosing
    renders as Django renders it."""

    def as_widget(self, widget=None, attrs=None, only_initial=False) -> str:
        form = self.form
        if form.is_bound or form.initial or self.field.initial is not None or widget or attrs:
            return super().as_widget(widget, attrs, only_initial)
        key = (self.name, form.prefix, form.auto_id, only_initial, get_language())
        html = _empty_widgets.get(key)
        if html is None:
            html = _empty_widgets[key] = super().as_widget(widget, attrs, only_initial)
        return html


class CommentForm(forms.Form):
    bound_field_class = ReusedWidgetBoundField
    name = forms.CharField(label=_("Name"), max_length=80, strip=True)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Your e-mail address will not be published."),
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_BODY_LENGTH}),
    )
    remember = forms.BooleanField(
        label=_("Save my name and e-mail in this browser for the next time I comment."),
        required=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # Added by the page and the browser; checked by community.moderation.
    form_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    homepage = forms.CharField(required=False, max_length=200)  # the honeypot
    proof_of_work = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    year = forms.CharField(label=_("The film's year"), required=False, max_length=10)

    def __init__(self, *args, film: Film, **kwargs):
        kwargs.setdefault("error_class", QuietErrorList)
        super().__init__(*args, **kwargs)
        self.film = film

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give your name."))
        return name

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write a comment."))
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id, film=self.film).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you are replying to is not here."))
        if parent.depth >= MAX_DEPTH:
            raise forms.ValidationError(_("Replies can go no deeper here; reply further up."))
        return parent


def missing_fields_message(form: forms.Form) -> str:
    """ "Please fill in: Comment, Name." for the required fields left empty; else ""."""
    missing = [
        str(form.fields[name].label)
        for name, errors in form.errors.as_data().items()
        if name in form.fields and any(error.code == "required" for error in errors)
    ]
    if not missing:
        return ""
    return _("Please fill in: %(fields)s.") % {"fields": ", ".join(missing)}
