"""Slugs and romanised forms of titles and names, for hangul as well as Latin text."""

import re

from django.db import models
from django.utils.text import slugify
from korean_romanizer.romanizer import Romanizer

HANGUL = re.compile(r"[\uac00-\ud7a3]")
MAX_SLUG_LENGTH = 120


def has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text or ""))


def romanise(text: str) -> str:
    """The Revised Romanization of the hangul in a text; other characters are kept."""
    if not has_hangul(text):
        return text
    return Romanizer(text).romanize()


def romanised_title(hangul_title: str) -> str:
    """A title in Revised Romanization as it is written: words as the hangul has them, with no
    hyphen between syllables, and a capital first letter ("7번방의 선물" -> "7beonbangui seonmul",
    "기생충" -> "Gisaengchung")."""
    text = romanise(hangul_title).strip()
    return text[:1].upper() + text[1:]


def slug_base(*candidates: str) -> str:
    """An ASCII slug from the first candidate that yields one, romanising hangul on the way;
    a hangul slug when nothing Latin can be made of any of them."""
    for text in candidates:
        if slug := slugify(romanise(text or ""))[:MAX_SLUG_LENGTH].strip("-"):
            return slug
    for text in candidates:
        if slug := slugify(text or "", allow_unicode=True)[:MAX_SLUG_LENGTH].strip("-"):
            return slug
    return ""


def unique_slug(model: type[models.Model], base: str, exclude_pk: int | None = None) -> str:
    """The base slug, or the base with -2, -3, ... when another row already has it."""
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def film_slug(title: str, original_title: str, year: int) -> str:
    """ "Miracle in Cell No. 7", 2013 -> miracle-in-cell-no-7-2013; hangul alone is romanised."""
    base = slug_base(title, original_title) or "film"
    return f"{base}-{year}"


def person_slug(name: str, name_ko: str) -> str:
    return slug_base(name, name_ko) or "person"
