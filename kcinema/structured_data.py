"""schema.org data for rich previews: a Movie, with a VideoObject for each playable source."""

import json
from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# Characters that could close the <script> element or start an HTML comment inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
ACTORS_IN_DATA = 10


def person_data(person, absolute: Callable[[str], str]) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": person.display_name,
        "url": absolute(person.get_absolute_url()),
    }


def film_json_ld(page: dict[str, Any], absolute: Callable[[str], str]) -> SafeString:
    """The film page's Movie data, from the context kcinema.pages.film_page built."""
    film = page["film"]
    directors = next((g.credits for g in page["crew"] if g.role == "director"), [])
    picture = film.poster_picture
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.display_title,
        "alternateName": [t for t in [film.secondary_title] if t]
        + [t.title for t in film.alternative_titles.all()],
        "url": absolute(film.get_absolute_url()),
        "datePublished": film.release_date.isoformat() if film.release_date else str(film.year),
        "genre": [genre.display_name for genre in film.genres.all()],
        "director": [person_data(c.person, absolute) for c in directors],
        "actor": [person_data(c.person, absolute) for c in page["cast"][:ACTORS_IN_DATA]],
        "countryOfOrigin": [{"@type": "Country", "name": code} for code in film.country_list],
        "inLanguage": film.language_list,
        "description": film.display_synopsis or page["summary_line"],
    }
    if "comments" in page:
        data["commentCount"] = page["comments"].count
    if film.runtime:
        data["duration"] = f"PT{film.runtime}M"
    if picture:
        data["image"] = absolute(picture.largest_src)
    videos = [
        {
            "@type": "VideoObject",
            "name": f"{item.label} — {film.display_title}",
            "description": page["summary_line"],
            "embedUrl": item.source.embed_url,
            "url": absolute(item.source.get_absolute_url()),
            "uploadDate": item.source.created_at.date().isoformat(),
            "inLanguage": item.source.language,
            "author": {"@type": "Organization", "name": item.source.uploader},
            **({"thumbnailUrl": absolute(picture.src)} if picture else {}),
        }
        for item in page["player"]["sources"]
    ]
    if videos:
        data["video"] = videos
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped, safe inside <script>
