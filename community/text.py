"""Comment text: plain text with paragraphs and links, never the visitor's HTML."""

import re

from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
URL = re.compile(r"https?://|www\.", re.IGNORECASE)


def render_body(text: str) -> SafeString:
    """Escape everything, turn addresses into rel="nofollow ugc" links, blank lines into
    paragraphs and single newlines into line breaks."""
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip()):
        linked = urlize(block, nofollow=True, autoescape=True)
        linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
        paragraphs.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - built from escaped text only


def count_links(text: str) -> int:
    return len(URL.findall(text))
