"""Placeholder posters: white text readable on every tone, and no title said twice on a card."""

import re
from pathlib import Path

import pytest

from tests.factories import FilmFactory

CSS = Path(__file__).resolve().parents[2] / "kcinema/static/kcinema/site.css"
TONE = re.compile(r"\.tone-(\d) \{ --tone-a: #(\w{6}); --tone-b: #(\w{6}); \}")


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_white_placeholder_text_has_a_contrast_of_4_5_on_every_tone():
    tones = TONE.findall(CSS.read_text())
    assert len(tones) == 8
    for number, *colours in tones:
        for colour in colours:
            contrast = 1.05 / (relative_luminance(colour) + 0.05)
            assert contrast >= 4.5, (number, colour, round(contrast, 2))


@pytest.mark.django_db
def test_korean_cards_do_not_repeat_the_hangul_title(client):
    FilmFactory(title="Parasite", original_title="기생충", year=2019)
    korean, english = visible_card_text(client, "/ko/"), visible_card_text(client, "/")
    assert korean.count("기생충") == 1 and "Parasite" in korean
    assert english.count("Parasite") == 1 and "기생충" in english


def visible_card_text(client, address: str) -> str:
    """The text a sighted visitor reads on the page's first film card (no attributes)."""
    card = re.search(r'<li class="film-card">.*?</li>', client.get(address).text, re.S).group(0)
    return re.sub(r"<[^>]+>", " ", card)
