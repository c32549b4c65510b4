"""Country names and adjectives for the countries Korean films are made with, and those where
they are offered to watch, in both languages."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # translated: "한국" on the Korean site
    adjective: str  # English only, as in "a South Korean film"


COUNTRIES = {
    country.code: country
    for country in [
        Country("KR", _("South Korea"), "South Korean"),
        Country("KP", _("North Korea"), "North Korean"),
        Country("US", _("United States"), "American"),
        Country("JP", _("Japan"), "Japanese"),
        Country("CN", _("China"), "Chinese"),
        Country("HK", _("Hong Kong"), "Hong Kong"),
        Country("TW", _("Taiwan"), "Taiwanese"),
        Country("FR", _("France"), "French"),
        Country("DE", _("Germany"), "German"),
        Country("GB", _("United Kingdom"), "British"),
        Country("CZ", _("Czech Republic"), "Czech"),
        Country("TH", _("Thailand"), "Thai"),
        Country("VN", _("Vietnam"), "Vietnamese"),
        Country("MA", _("Morocco"), "Moroccan"),
        # Where Korean films are commonly offered on streaming and rental services.
        Country("CA", _("Canada"), "Canadian"),
        Country("AU", _("Australia"), "Australian"),
        Country("NZ", _("New Zealand"), "New Zealand"),
        Country("IE", _("Ireland"), "Irish"),
        Country("IN", _("India"), "Indian"),
        Country("SG", _("Singapore"), "Singaporean"),
        Country("MY", _("Malaysia"), "Malaysian"),
        Country("ID", _("Indonesia"), "Indonesian"),
        Country("PH", _("Philippines"), "Philippine"),
        Country("ES", _("Spain"), "Spanish"),
        Country("IT", _("Italy"), "Italian"),
        Country("NL", _("Netherlands"), "Dutch"),
        Country("BR", _("Brazil"), "Brazilian"),
        Country("MX", _("Mexico"), "Mexican"),
        Country("RU", _("Russia"), "Russian"),
        Country("MN", _("Mongolia"), "Mongolian"),
        Country("KZ", _("Kazakhstan"), "Kazakh"),
        Country("UZ", _("Uzbekistan"), "Uzbek"),
    ]
}


def country(code: str) -> Country:
    """The country for an ISO code; an unknown code stands for itself."""
    return COUNTRIES.get(code) or Country(code, code, code)


def country_choices(also: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(code, name) for every country we name, by name in the active language, plus the codes
    in `also` (what a film already has, if we have no name for it)."""
    choices = {code: str(known.name) for code, known in COUNTRIES.items()}
    choices.update({code: code for code in also if code and code not in choices})
    return sorted(choices.items(), key=lambda choice: choice[1])
