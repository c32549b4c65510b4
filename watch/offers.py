"""Where to watch a film legally: what the film page lists for the visitor's country (a read, in
one query), and the one way offers are written (`replace_offers`), used by the TMDB import and
the demo; the admin's inline saves editors' offers through the model's own validation.

The country is a URL parameter (?country=US), never a cookie: every address is one page, so
the page stays cacheable by a CDN as it is."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.countries import Country, country
from catalog.models import Film
from catalog.pagecache import invalidate_film_pages
from watch.models import Offer
from watch.services import SERVICES, Service

# The country shown first, on both sites: the library is of Korean films, and most offers
# recorded for them are Korean. When the film has none there, the first country (by name) is.
DEFAULT_COUNTRY = "KR"
KIND_ORDER = [
    Offer.Kind.STREAM,
    Offer.Kind.FREE,
    Offer.Kind.FREE_WITH_ADS,
    Offer.Kind.RENT,
    Offer.Kind.BUY,
]


@dataclass(frozen=True)
class ShownOffer:
    offer: Offer
    service: Service

    @property
    def from_justwatch(self) -> bool:
        return self.offer.source == Offer.Source.TMDB

    @property
    def link(self) -> str:
        """The film's page on the service, or the service's home when that is not known."""
        return self.offer.link or self.service.home


@dataclass
class OfferGroup:
    kind: Offer.Kind
    offers: list[ShownOffer] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class OfferList:
    countries: list[Country]  # every country the film has offers in, for the chooser
    country: Country | None  # the one shown
    groups: list[OfferGroup]
    notice: str = ""  # why the country asked for is not the one shown

    @property
    def any(self) -> bool:
        return bool(self.countries)

    @property
    def from_justwatch(self) -> bool:
        """Whether JustWatch must be credited: some shown offer came through TMDB."""
        return any(shown.from_justwatch for group in self.groups for shown in group.offers)


def normalise_country(value: str | None) -> str:
    """ "us " -> "US"; anything that is not two letters -> ""."""
    code = (value or "").strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else ""


def offers_for(film: Film, requested: str | None = None) -> OfferList:
    """The film's offers in the country the visitor chose (?country=US), else in the default
    one: one query, bounded by what one film has (services x countries x kinds)."""
    by_country: dict[str, list[Offer]] = {}
    for offer in Offer.objects.filter(film=film):
        if offer.service in SERVICES:
            by_country.setdefault(offer.country, []).append(offer)
    countries = sorted(
        (country(code) for code in by_country),
        key=lambda c: (c.code != DEFAULT_COUNTRY, str(c.name)),
    )
    if not countries:
        return OfferList(countries=[], country=None, groups=[])
    code = normalise_country(requested)
    shown = next((c for c in countries if c.code == code), countries[0])
    return OfferList(
        countries=countries,
        country=shown,
        groups=group_by_kind(by_country[shown.code]),
        notice=_notice(requested, code, shown),
    )


def group_by_kind(offers: list[Offer]) -> list[OfferGroup]:
    groups = {kind: OfferGroup(kind) for kind in KIND_ORDER}
    for offer in sorted(offers, key=lambda o: str(SERVICES[o.service].name).casefold()):
        groups[Offer.Kind(offer.kind)].offers.append(ShownOffer(offer, SERVICES[offer.service]))
    return [group for group in groups.values() if group.offers]


def _notice(requested: str | None, code: str, shown: Country) -> str:
    if not (requested or "").strip() or code == shown.code:
        return ""
    if code and code in _known_codes():
        return _("We know of no offer for this film in %(asked)s; here is %(shown)s.") % {
            "asked": country(code).name,
            "shown": shown.name,
        }
    return _("That is not a country we know; here is %(shown)s.") % {"shown": shown.name}


def _known_codes() -> set[str]:
    return {code for code, _name in Offer._meta.get_field("country").choices}


@dataclass(frozen=True)
class OfferChanges:
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept_for_editor: int = 0  # offers an editor already records, which an import leaves alone


@transaction.atomic
def replace_offers(
    film: Film,
    offers: Iterable[Offer],
    *,
    source: str = Offer.Source.EDITOR,
    checked: date | None = None,
) -> OfferChanges:
    """Make the film's offers from `source` exactly `offers` (unsaved Offer objects giving
    service, country, kind and link): new ones are created, known ones updated, the others of
    that source removed. Each is validated as the admin validates it (ValidationError, and
    nothing written). Offers of the other source are never touched, except that an editor's
    offer takes the place of an imported one for the same service, country and kind: an
    import then leaves it alone."""
    existing = {_key(offer): offer for offer in Offer.objects.filter(film=film)}
    wanted: dict[tuple[str, str, str], Offer] = {}
    for offer in offers:
        offer.film, offer.source = film, source
        if checked is not None or not offer.last_checked:
            offer.last_checked = checked or timezone.localdate()
        offer.full_clean(exclude=["film"], validate_constraints=False)
        wanted.setdefault(_key(offer), offer)
    created = updated = kept = 0
    for key, offer in wanted.items():
        current = existing.get(key)
        if current is None:
            offer.save()
            created += 1
        elif current.source != source and source == Offer.Source.TMDB:
            kept += 1
        elif (current.link, current.last_checked, current.source) != (
            offer.link,
            offer.last_checked,
            source,
        ):
            current.link, current.last_checked = offer.link, offer.last_checked
            current.source = source
            current.save(update_fields=["link", "last_checked", "source", "updated_at"])
            updated += 1
    stale = [o.pk for key, o in existing.items() if o.source == source and key not in wanted]
    Offer.objects.filter(pk__in=stale).delete()
    if created or updated or stale:
        invalidate_film_pages([film.pk])  # the film page lists where to watch it
    return OfferChanges(created=created, updated=updated, removed=len(stale), kept_for_editor=kept)


def _key(offer: Offer) -> tuple[str, str, str]:
    return (offer.service, offer.country, offer.kind)
