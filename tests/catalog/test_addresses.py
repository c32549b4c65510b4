"""catalog.addresses.slug_url gives exactly what reverse() gives, in every language, under a script
prefix, for slugs in any script, and refuses what reverse() refuses."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from catalog.addresses import SLUG_KINDS, slug_url

SLUGS = ["miracle-in-cell-no-7-2013", "7번방의-선물-2013", "oldboy_2003", "a", "ㄱ-2"]


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("viewname", list(SLUG_KINDS))
def test_same_as_reverse(viewname, language):
    with translation.override(language):
        for slug in SLUGS if SLUG_KINDS[viewname] == "uslug" else [s for s in SLUGS if s.isascii()]:
            assert slug_url(viewname, slug) == reverse(viewname, args=[slug])
        # After the first, from the stored template.
        assert slug_url(viewname, SLUGS[0]) == reverse(viewname, args=[SLUGS[0]])


def test_languages_do_not_share_their_addresses():
    with translation.override("en"):
        english = slug_url("catalog:film", "oldboy-2003")
    with translation.override("ko"):
        korean = slug_url("catalog:film", "oldboy-2003")
    assert english == "/films/oldboy-2003/"
    assert korean == "/ko/films/oldboy-2003/"


def test_under_a_script_prefix():
    set_script_prefix("/kcinema/")
    try:
        with translation.override("en"):
            assert slug_url("catalog:person", "bong-joon-ho") == "/kcinema/people/bong-joon-ho/"
            assert slug_url("catalog:person", "봉준호") == reverse(
                "catalog:person", args=["봉준호"]
            )
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("slug", ["", "a/b", "with space", "한글-slug"])
def test_what_reverse_refuses_is_refused(slug):
    # Genre slugs are ASCII (<slug:slug>); film slugs refuse slashes and spaces.
    viewname = "catalog:genre" if slug == "한글-slug" else "catalog:film"
    with pytest.raises(NoReverseMatch):
        slug_url(viewname, slug)
