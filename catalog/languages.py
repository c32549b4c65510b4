"""Language names in the visitor's language, for codes such as ko, en or ja."""

from collections.abc import Iterable
from functools import lru_cache

from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

# Languages of films that Django's table of its own translations does not name (Chinese is
# there only as zh-hans and zh-hant), or names without a Korean translation.
OUR_LANGUAGE_NAMES = {
    "zh": _("Chinese"),
    "yue": _("Cantonese"),
    "no": _("Norwegian"),
    "nb": _("Norwegian Bokmål"),
}


def language_name(code: str) -> str:
    """A language's name in the visitor's language; an unknown code stands for itself."""
    if code in OUR_LANGUAGE_NAMES:
        return str(OUR_LANGUAGE_NAMES[code])
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@lru_cache(maxsize=1)
def known_languages() -> tuple[str, ...]:
    """The codes of whole languages (ko, not zh-hans) that Django or we can name."""
    codes = {code for code in LANG_INFO if code.isalpha() and 2 <= len(code) <= 3}
    return tuple(sorted(codes | set(OUR_LANGUAGE_NAMES)))


def language_choices(also: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(code, name) for every language we can name, by name in the active language, plus the
    codes in `also` (what a record already has, if we have no name for it)."""
    choices = {code: language_name(code) for code in known_languages()}
    choices.update({code: code for code in also if code and code not in choices})
    return sorted(choices.items(), key=lambda choice: choice[1])
