"""Addresses of films, people and genres without a reverse() each: a page lists dozens of them
(the genre menu, the cast, the film cards), and reverse() walks the URL patterns every time.

slug_url("catalog:film", slug) reverses the name once with a placeholder slug for each language,
script prefix and URLconf, then puts each slug in the placeholder's place, quoted as reverse()
quotes it. A slug that the pattern would refuse goes through reverse() itself, so it still fails
the same way (NoReverseMatch)."""

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "0kcinema0slug0"
# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986's pchar).
SAFE = "!$&'()*+,;=" + "/~:@"
# The slug patterns of the URLs given here: <uslug:slug> and <slug:slug>.
SLUG_PATTERNS = {"uslug": re.compile(r"[-\w]+"), "slug": re.compile(r"[-a-zA-Z0-9_]+")}
SLUG_KINDS = {"catalog:film": "uslug", "catalog:person": "uslug", "catalog:genre": "slug"}

_templates: dict[tuple, tuple[str, str]] = {}


def slug_url(viewname: str, slug: str) -> str:
    """reverse(viewname, args=[slug]) for the URL names in SLUG_KINDS, at a dictionary's cost."""
    if not SLUG_PATTERNS[SLUG_KINDS[viewname]].fullmatch(slug):
        return reverse(viewname, args=[slug])
    key = (viewname, get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    parts = _templates.get(key)
    if parts is None:
        before, found, after = reverse(viewname, args=[PLACEHOLDER]).partition(PLACEHOLDER)
        if not found:  # a URL that does not show its slug as it is: ask reverse() every time
            return reverse(viewname, args=[slug])
        parts = _templates[key] = (before, after)
    return parts[0] + quote(slug, safe=SAFE) + parts[1]
