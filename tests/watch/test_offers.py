"""Where to watch: offers an editor records, checked like the admin checks them, and the film
page's list of them for the visitor's country."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from tests.catalog.test_admin import film_form
from tests.catalog.test_film_page import FILM_PAGE_QUERIES
from tests.factories import (
    CommentFactory,
    FilmFactory,
    OfferFactory,
    VideoSourceFactory,
    miracle_in_cell_no_7,
)
from watch.models import Offer
from watch.offers import offers_for, replace_offers
from watch.services import SERVICES

pytestmark = pytest.mark.django_db


def offers_section(html: str) -> str:
    return html.split('id="where-to-watch"', 1)[1].split("</section>", 1)[0]


def test_the_registry_holds_the_services_korean_viewers_use():
    assert {
        "netflix",
        "tving",
        "wavve",
        "coupang_play",
        "watcha",
        "disney_plus",
        "apple_tv",
        "google_play",
        "youtube",
        "amazon_prime_video",
        "naver_series_on",
    } <= set(SERVICES)
    for service in SERVICES.values():
        assert service.home.startswith("https://")
        assert service.owns(service.home), service.key
        assert service.badge_colour.startswith("#") and 1 <= len(service.badge_text) <= 3


def test_service_names_are_translatable():
    # Their Korean (넷플릭스, 쿠팡플레이, ...) is merged into the catalogue from ko-strings.py.
    assert all(isinstance(service.name, Promise) for service in SERVICES.values())


# --- the model's validation -----------------------------------------------------------------


def valid_offer(**fields) -> Offer:
    values = {
        "film": FilmFactory(),
        "service": "watcha",
        "country": "KR",
        "kind": Offer.Kind.STREAM,
        "link": "https://watcha.com/contents/m5ZlPd0",
    }
    return Offer(**(values | fields))


def test_a_valid_offer_passes():
    valid_offer().full_clean()


@pytest.mark.parametrize(
    "link",
    ["http://watcha.com/contents/m5ZlPd0", "https://watcha.com.evil.example/x", "https://x.com/"],
)
def test_the_link_must_be_https_and_on_the_service(link):
    with pytest.raises(ValidationError) as error:
        valid_offer(link=link).full_clean()
    assert "link" in error.value.message_dict


def test_a_link_on_a_subdomain_of_the_service_is_accepted():
    valid_offer(service="youtube", link="https://m.youtube.com/watch?v=abc").full_clean()


def test_only_tmdb_offers_may_link_to_tmdbs_watch_page():
    page = "https://www.themoviedb.org/movie/1-x/watch?locale=KR"
    valid_offer(link=page, source=Offer.Source.TMDB).full_clean()
    with pytest.raises(ValidationError):
        valid_offer(link=page).full_clean()


@pytest.mark.parametrize(
    "fields", [{"country": "ZZ"}, {"service": "myspace"}, {"kind": "steal"}], ids=str
)
def test_unknown_country_service_and_kind_are_refused(fields):
    with pytest.raises(ValidationError) as error:
        valid_offer(**fields).full_clean()
    assert set(fields) <= set(error.value.message_dict)


def test_one_offer_per_film_service_country_and_kind():
    offer = OfferFactory()
    twin = Offer(
        film=offer.film,
        service=offer.service,
        country=offer.country,
        kind=offer.kind,
        link="https://www.netflix.com/title/1",
    )
    with pytest.raises(ValidationError, match="already has an offer"):
        twin.full_clean()
    # The same service in another way (rent) or another country is another offer.
    OfferFactory(film=offer.film, kind=Offer.Kind.RENT)
    OfferFactory(film=offer.film, country="US")


# --- the admin --------------------------------------------------------------------------------


def with_offer(**fields):
    form = film_form(**{"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    form.update(
        {
            "offers-TOTAL_FORMS": "1",
            "offers-INITIAL_FORMS": "0",
            "offers-0-service": "watcha",
            "offers-0-country": "KR",
            "offers-0-kind": "stream",
            "offers-0-link": "https://watcha.com/contents/m5ZlPd0",
            "offers-0-last_checked": "2026-11-30",
        }
    )
    form.update(fields)
    return form


def test_editor_adds_an_offer_on_the_films_admin_page(admin_client, client):
    response = admin_client.post("/admin/catalog/film/add/", with_offer())
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.service, offer.country, offer.kind) == ("watcha", "KR", "stream")
    assert offer.source == Offer.Source.EDITOR
    assert str(offer.last_checked) == "2026-11-30"
    section = offers_section(client.get(offer.film.get_absolute_url()).text)
    assert 'href="https://watcha.com/contents/m5ZlPd0"' in section


def test_admin_explains_a_link_to_another_site(admin_client):
    form = with_offer(**{"offers-0-link": "https://www.netflix.com/title/1"})
    response = admin_client.post("/admin/catalog/film/add/", form)
    assert response.status_code == 200
    assert "This is not an address on Watcha (watcha.com)." in response.text
    assert not Offer.objects.exists()


def test_admin_refuses_the_same_offer_twice(admin_client):
    form = with_offer(
        **{
            "offers-TOTAL_FORMS": "2",
            "offers-1-service": "watcha",
            "offers-1-country": "KR",
            "offers-1-kind": "stream",
            "offers-1-link": "https://watcha.com/contents/other",
            "offers-1-last_checked": "2026-11-30",
        }
    )
    response = admin_client.post("/admin/catalog/film/add/", form)
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.text
    assert not Offer.objects.exists()


def test_an_imported_offer_an_editor_changes_becomes_the_editors(admin_client):
    film = FilmFactory()
    offer = OfferFactory(
        film=film,
        service="watcha",
        source=Offer.Source.TMDB,
        link="https://www.themoviedb.org/movie/1-x/watch?locale=KR",
    )
    form = film_form(
        title=film.title,
        original_title=film.original_title,
        year=film.year,
        **{"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"},
    )
    form.update(
        {
            "offers-TOTAL_FORMS": "1",
            "offers-INITIAL_FORMS": "1",
            "offers-0-id": offer.pk,
            "offers-0-film": film.pk,
            "offers-0-service": "watcha",
            "offers-0-country": "KR",
            "offers-0-kind": "stream",
            "offers-0-link": "https://watcha.com/contents/m5ZlPd0",
            "offers-0-last_checked": "2026-11-30",
        }
    )
    response = admin_client.post(f"/admin/catalog/film/{film.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert offer.source == Offer.Source.EDITOR
    assert offer.link == "https://watcha.com/contents/m5ZlPd0"


# --- the film page ----------------------------------------------------------------------------


def film_with_offers_in_two_countries():
    film = FilmFactory()
    OfferFactory(film=film, service="wavve", link="https://www.wavve.com/player/movie?movieid=1")
    OfferFactory(
        film=film,
        service="google_play",
        kind=Offer.Kind.RENT,
        link="https://play.google.com/store/movies/details?id=abc",
    )
    OfferFactory(film=film, service="netflix", country="US", link="https://www.netflix.com/title/9")
    return film


def test_film_page_lists_the_korean_offers_by_default_grouped_by_kind(client):
    film = film_with_offers_in_two_countries()
    section = offers_section(client.get(film.get_absolute_url()).text)
    assert "Where to watch" in section
    assert section.index("Stream with a subscription") < section.index("Wavve")
    assert section.index("Wavve") < section.index("Rent") < section.index("Google Play Movies")
    assert "netflix.com" not in section
    assert '<option value="KR" selected>South Korea</option>' in section
    assert '<option value="US">United States</option>' in section
    assert (
        '<a href="https://www.wavve.com/player/movie?movieid=1" rel="noopener nofollow" '
        'target="_blank">' in section
    )
    assert '<svg class="service-badge"' in section and "<img" not in section
    assert "JustWatch" not in section  # no offer came from TMDB


def test_korean_site_shows_korea_first_in_korean(client):
    film = film_with_offers_in_two_countries()
    section = offers_section(client.get(f"/ko{film.get_absolute_url()}").text)
    assert "wavve.com" in section and "netflix.com" not in section
    assert '<option value="KR" selected>한국</option>' in section


def test_visitor_chooses_another_country_by_address(client):
    film = film_with_offers_in_two_countries()
    section = offers_section(client.get(film.get_absolute_url(), {"country": "us"}).text)
    assert 'href="https://www.netflix.com/title/9"' in section
    assert "wavve.com" not in section
    assert '<option value="US" selected>' in section
    assert "offers-notice" not in section


def test_chooser_is_a_plain_get_form_that_works_without_javascript(client):
    film = film_with_offers_in_two_countries()
    section = offers_section(client.get(film.get_absolute_url()).text)
    assert '<form class="offers-country" method="get" action="#where-to-watch">' in section
    assert '<select id="offers-country" name="country">' in section
    assert '<button type="submit">' in section


def test_only_countries_with_offers_are_offered():
    film = film_with_offers_in_two_countries()
    assert [c.code for c in offers_for(film).countries] == ["KR", "US"]


@pytest.mark.parametrize("value", ["ZZ", "x", "1 OR 1=1", "<script>", "K R", "x" * 5000, "한국"])
def test_bad_country_parameter_falls_back_to_korea_with_a_note(client, value):
    film = film_with_offers_in_two_countries()
    response = client.get(film.get_absolute_url(), {"country": value})
    assert response.status_code == 200
    section = offers_section(response.text)
    assert "wavve.com" in section
    assert "That is not a country we know; here is South Korea." in section
    assert "<script>" not in response.text.split('id="where-to-watch"', 1)[1]


def test_a_country_without_offers_for_this_film_says_so(client):
    film = film_with_offers_in_two_countries()
    section = offers_section(client.get(film.get_absolute_url(), {"country": "JP"}).text)
    assert "We know of no offer for this film in Japan; here is South Korea." in section


def test_a_film_with_offers_abroad_only_shows_the_first_country(client):
    film = FilmFactory()
    OfferFactory(film=film, country="US", link="https://www.netflix.com/title/9")
    section = offers_section(client.get(film.get_absolute_url()).text)
    assert "Offers in United States" in section
    assert "<select" not in section  # one country: nothing to choose


def test_empty_country_parameter_is_no_choice(client):
    film = film_with_offers_in_two_countries()
    section = offers_section(client.get(film.get_absolute_url(), {"country": ""}).text)
    assert "offers-notice" not in section and "wavve.com" in section


def test_film_without_a_source_but_with_offers_points_to_them_once(client):
    film = film_with_offers_in_two_countries()
    html = client.get(film.get_absolute_url()).text
    assert 'This film cannot be played here. <a href="#where-to-watch">' in html
    assert "we know of no legal offer" not in html


def test_film_with_a_source_and_offers_shows_both(client):
    film = film_with_offers_in_two_countries()
    VideoSourceFactory(film=film)
    html = client.get(film.get_absolute_url()).text
    assert "data-player" in html and 'id="where-to-watch"' in html
    assert "cannot be played here" not in html


def test_offer_of_a_service_no_longer_in_the_registry_is_not_shown(client):
    film = FilmFactory()
    Offer.objects.create(
        film=film, service="gone", country="KR", kind="stream", link="https://gone.example/"
    )
    html = client.get(film.get_absolute_url()).text
    assert 'id="where-to-watch"' not in html
    assert "we know of no legal offer" in html


def test_offers_are_read_in_one_query_whatever_the_film_has(client, django_assert_num_queries):
    film = miracle_in_cell_no_7()
    CommentFactory(film=film)
    for country in ("KR", "US", "JP", "GB"):
        for service in ("netflix", "watcha"):
            domain = SERVICES[service].domains[0]
            for kind in (Offer.Kind.STREAM, Offer.Kind.RENT):
                OfferFactory(
                    film=film,
                    service=service,
                    country=country,
                    kind=kind,
                    link=f"https://{domain}/{country}/{kind}",
                )
        with django_assert_num_queries(FILM_PAGE_QUERIES):
            response = client.get(film.get_absolute_url(), {"country": "US"})
        assert response.status_code == 200


# --- the write function -----------------------------------------------------------------------


def test_replace_offers_creates_updates_and_removes_only_its_sources_offers():
    film = FilmFactory()
    kept = OfferFactory(film=film, service="wavve", link="https://www.wavve.com/m/1")
    replace_offers(
        film,
        [Offer(service="watcha", country="KR", kind="stream", link="https://watcha.com/c/1")],
        source=Offer.Source.TMDB,
    )
    changes = replace_offers(
        film,
        [Offer(service="watcha", country="KR", kind="rent", link="https://watcha.com/c/2")],
        source=Offer.Source.TMDB,
    )
    assert (changes.created, changes.removed) == (1, 1)
    assert set(film.offers.values_list("service", "kind", "source")) == {
        ("wavve", "stream", "editor"),
        ("watcha", "rent", "tmdb"),
    }
    kept.refresh_from_db()
    assert kept.link == "https://www.wavve.com/m/1"


def test_replace_offers_validates_and_writes_nothing_on_a_bad_offer():
    film = FilmFactory()
    with pytest.raises(ValidationError):
        replace_offers(
            film,
            [
                Offer(service="watcha", country="KR", kind="stream", link="https://watcha.com/1"),
                Offer(service="watcha", country="KR", kind="rent", link="http://watcha.com/2"),
            ],
        )
    assert not Offer.objects.exists()
