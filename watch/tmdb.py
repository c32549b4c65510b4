"""Offers from TMDB's watch providers (data from JustWatch), for sites whose operator set
TMDB_API_KEY: `import_tmdb_offers(films, client)` fills each film's offers through
`watch.offers.replace_offers`, so running it again updates, removes what TMDB no longer lists,
and never touches an editor's offer.

The response, as TMDB documents it (https://developer.themoviedb.org/reference/movie-watch-providers,
GET /3/movie/{movie_id}/watch/providers):

    {"id": 550,
     "results": {"KR": {"link": "https://www.themoviedb.org/movie/550-.../watch?locale=KR",
                        "flatrate": [{"logo_path": "/....jpg", "provider_id": 8,
                                      "provider_name": "Netflix", "display_priority": 0}],
                        "rent": [...], "buy": [...], "free": [...], "ads": [...]}}}

TMDB gives no deep link per service, only its own page per country ("You can link to the
provided TMDB URL to help support TMDB and provide the actual deep links to the content"), so
that page is each imported offer's link. The same page says: "In order to use this data you must
attribute the source of the data as JustWatch": the film page does, wherever such offers show."""

import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

from django.db.models import QuerySet

from catalog.models import Film
from watch.models import TMDB_HOSTS, Offer
from watch.offers import OfferChanges, replace_offers

TMDB_API = "https://api.themoviedb.org/3"
USER_AGENT = "kcinema-offers/1.0"
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 10.0

# TMDB's lists of a country's offers, and the kind each one is.
KIND_OF_LIST = {
    "flatrate": Offer.Kind.STREAM,
    "free": Offer.Kind.FREE,
    "ads": Offer.Kind.FREE_WITH_ADS,
    "rent": Offer.Kind.RENT,
    "buy": Offer.Kind.BUY,
}

# TMDB provider ids we could confirm, with the provider_name TMDB gives them, read from recorded
# /watch/providers responses in public repositories (e.g. movie 560144's, whose KR entry lists
# 356 "wavve", 3 "Google Play Movies" and 96 "Naver Store", elsewhere 8 "Netflix", 2 "Apple
# iTunes" (TMDB's Apple TV store), 192 "YouTube") and lists of KR providers with their logos
# (97 "Watcha", 337 "Disney Plus", 119 "Amazon Prime Video", 350 "Apple TV Plus"); 9 is Amazon
# Prime Video in the US (seerr's docs/provider-ids-reference.md). Naver Store is Naver's film
# store, now called Series On. TVING and Coupang Play are left out: the ids published for them
# disagree, so their offers are skipped and counted until someone confirms one.
SERVICE_OF_PROVIDER = {
    8: "netflix",
    337: "disney_plus",
    356: "wavve",
    97: "watcha",
    96: "naver_series_on",
    3: "google_play",
    192: "youtube",
    2: "apple_tv",
    350: "apple_tv",
    119: "amazon_prime_video",
    9: "amazon_prime_video",
}


class TMDBError(Exception):
    """TMDB did not answer, or answered something else than its documented JSON."""


class TMDBClient(Protocol):
    def movie_watch_providers(self, tmdb_id: int) -> dict[str, Any] | None:
        """The decoded response; None when TMDB has no film with that id."""


class HTTPTMDBClient:
    """The one way out to TMDB. A v3 API key goes in the query; a v4 read access token (a JWT,
    "eyJ...") as a bearer token, as TMDB's authentication docs allow either."""

    def __init__(self, api_key: str, *, origin: str = TMDB_API, timeout: float = TIMEOUT_SECONDS):
        self.api_key, self.origin, self.timeout = api_key, origin.rstrip("/"), timeout

    def movie_watch_providers(self, tmdb_id: int) -> dict[str, Any] | None:
        url = f"{self.origin}/movie/{int(tmdb_id)}/watch/providers"
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.api_key.startswith("eyJ"):
            headers["Authorization"] = f"Bearer {self.api_key}"
        else:
            url += "?" + urlencode({"api_key": self.api_key})
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - origin is https
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_RESPONSE_BYTES)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise TMDBError(f"TMDB answered {error.code} for film {tmdb_id}") from error
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise TMDBError(f"TMDB did not answer for film {tmdb_id}: {error}") from error
        try:
            return json.loads(body)
        except ValueError as error:
            raise TMDBError(f"TMDB's answer for film {tmdb_id} is not JSON") from error


@dataclass
class ImportReport:
    films: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept_for_editor: int = 0
    not_on_tmdb: list[str] = field(default_factory=list)  # slugs TMDB does not know
    failed: dict[str, str] = field(default_factory=dict)  # slug -> why
    skipped_providers: Counter = field(default_factory=Counter)  # provider_name -> offers
    skipped_countries: Counter = field(default_factory=Counter)  # code -> offers

    def add(self, changes: OfferChanges) -> None:
        self.films += 1
        self.created += changes.created
        self.updated += changes.updated
        self.removed += changes.removed
        self.kept_for_editor += changes.kept_for_editor


def films_to_import(slug: str | None = None) -> QuerySet[Film]:
    """The films TMDB can be asked about: those with a TMDB id (one of them, by slug)."""
    films = Film.objects.filter(tmdb_id__isnull=False).order_by("pk")
    return films.filter(slug=slug) if slug else films


def import_tmdb_offers(films: Iterable[Film], client: TMDBClient) -> ImportReport:
    """Ask TMDB about each film and make its TMDB offers what TMDB lists now. Each film is
    written in its own transaction (replace_offers), after TMDB answered: a failure leaves that
    film as it was and the run goes on."""
    report = ImportReport()
    for film in films:
        try:
            response = client.movie_watch_providers(film.tmdb_id)
        except TMDBError as error:
            report.failed[film.slug] = str(error)
            continue
        if response is None:
            report.not_on_tmdb.append(film.slug)
            continue
        report.add(replace_offers(film, offers_in(response, report), source=Offer.Source.TMDB))
    return report


def offers_in(response: dict[str, Any], report: ImportReport) -> list[Offer]:
    """Unsaved offers for what the response lists in our countries from our services; the rest
    is counted in the report."""
    known_countries = {code for code, _name in Offer._meta.get_field("country").choices}
    results = response.get("results") if isinstance(response, dict) else None
    offers = []
    for code, entry in (results if isinstance(results, dict) else {}).items():
        if not isinstance(entry, dict):
            continue
        link = entry.get("link")
        lists = {
            name: entry.get(name) for name in KIND_OF_LIST if isinstance(entry.get(name), list)
        }
        count = sum(len(providers) for providers in lists.values())
        if code not in known_countries or not _is_tmdb_page(link):
            report.skipped_countries[code] += count
            continue
        for name, providers in lists.items():
            for provider in providers:
                service = SERVICE_OF_PROVIDER.get(_provider_id(provider))
                if service is None:
                    report.skipped_providers[_provider_name(provider)] += 1
                    continue
                offers.append(
                    Offer(service=service, country=code, kind=KIND_OF_LIST[name], link=link)
                )
    return offers


def _is_tmdb_page(link: Any) -> bool:
    if not isinstance(link, str):
        return False
    parts = urlsplit(link)
    return parts.scheme == "https" and parts.hostname in TMDB_HOSTS and len(link) <= 500


def _provider_id(provider: Any) -> int | None:
    value = provider.get("provider_id") if isinstance(provider, dict) else None
    return value if isinstance(value, int) else None


def _provider_name(provider: Any) -> str:
    name = provider.get("provider_name") if isinstance(provider, dict) else None
    return str(name or _provider_id(provider) or "?")
