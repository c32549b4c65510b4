"""What every page's layout needs: the genre menu and the links to the page in each language."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from catalog.models import Genre


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def site(request: HttpRequest) -> dict:
    current = get_language()
    path = request.get_full_path()
    language_links = [
        LanguageLink(
            code=code,
            name=get_language_info(code)["name_local"],
            url=request.build_absolute_uri(translate_url(path, code)),
            current=code == current,
        )
        for code, _name in settings.LANGUAGES
    ]
    return {
        "site_name": settings.KCINEMA_SITE_NAME,
        # Lazy: only pages that show the menu run the query. Empty genres stay out of it.
        "menu_genres": Genre.objects.with_published_films(),
        "language_links": language_links,
        "canonical_url": request.build_absolute_uri(request.path),
    }
