"""A plain title search, until the full-text search backends arrive (issue 3)."""

import unicodedata

from django.db.models import Q, QuerySet

from catalog.models import Film, Person

MAX_QUERY_LENGTH = 200


def normalise_query(raw: str | None) -> str:
    """NFKC, no control characters, single spaces, bounded length."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def matching_films(query: str) -> QuerySet[Film]:
    if not query:
        return Film.objects.none()
    match = (
        Q(title__icontains=query)
        | Q(original_title__icontains=query)
        | Q(romanised_title__icontains=query)
        | Q(alternative_titles__title__icontains=query)
    )
    matching_ids = Film.objects.published().filter(match).values("pk")
    return Film.objects.filter(pk__in=matching_ids).order_by("-year", "title")


def matching_people(query: str, limit: int = 12) -> QuerySet[Person]:
    if not query:
        return Person.objects.none()
    return Person.objects.filter(Q(name__icontains=query) | Q(name_ko__icontains=query))[:limit]
