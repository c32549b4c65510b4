"""The comment form's empty widgets, rendered once and reused (community.forms), are the HTML
Django renders, in each language; forms with data or initial values render as Django renders
them, errors included."""

import pytest
from django import forms
from django.utils import translation

from community import forms as comment_forms
from community.forms import CommentForm
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


def as_django_renders(form: CommentForm, name: str) -> str:
    return forms.BoundField(form, form.fields[name], name).as_widget()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_empty_form_widgets_are_djangos(language):
    comment_forms._empty_widgets.clear()
    film = FilmFactory()
    with translation.override(language):
        for _ in range(2):  # rendered, then reused
            form = CommentForm(film=film)
            for name in form.fields:
                assert str(form[name]) == as_django_renders(form, name)
                assert str(form[name].errors) == ""
    assert any(key[-1] == language for key in comment_forms._empty_widgets)


def test_a_form_with_data_shows_what_was_typed_and_its_errors():
    film = FilmFactory()
    CommentForm(film=film).as_p()  # the empty form's widgets kept
    form = CommentForm({"name": "Minji", "email": "not an address"}, film=film)
    assert not form.is_valid()
    assert 'value="Minji"' in str(form["name"])
    assert 'aria-invalid="true"' in str(form["email"])
    assert "errorlist" in str(form["email"].errors)
    assert "errorlist" in str(form["body"].errors)


def test_a_reply_form_keeps_its_initial_values():
    film = FilmFactory()
    CommentForm(film=film).as_p()
    form = CommentForm(initial={"parent": 7, "name": "Jun"}, film=film)
    assert 'value="Jun"' in str(form["name"])
    assert 'value="7"' in str(form["parent"])
