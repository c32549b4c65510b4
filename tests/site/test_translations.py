"""Every user-facing string ships with its Korean translation, compiled."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "kcinema" / "locale" / "ko" / "LC_MESSAGES"


def test_every_korean_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.django_db
def test_templates_hold_no_untranslatable_english(client):
    """The Korean home page carries none of the English interface words."""
    html = client.get("/ko/").text
    for english in ["Skip to content", "Search", "Genres", "About", "Menu", "New films"]:
        assert f">{english}<" not in html, english
