import pytest

from catalog.models import Film, Person
from tests.factories import FilmFactory, GenreFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


def film_form(**overrides):
    """The admin's add/change form for a film, with one credit and one alternative title."""
    data = {
        "title": "The Host",
        "original_title": "괴물",
        "romanised_title": "",
        "slug": "",
        "published": "on",
        "year": "2006",
        "release_date": "2006-07-27",
        "runtime": "119",
        "popularity": "0",
        "certificate": "12",
        "countries": ["KR"],
        "languages": "ko",
        "synopsis": "A creature rises from the Han River.",
        "synopsis_ko": "한강에서 괴물이 나타난다.",
        "plot": "",
        "plot_ko": "",
        "tmdb_id": "",
        "imdb_id": "",
        "kobis_id": "",
        "kmdb_id": "",
        "wikidata_id": "",
        "credits-TOTAL_FORMS": "1",
        "credits-INITIAL_FORMS": "0",
        "credits-0-role": "cast",
        "credits-0-character": "Park Gang-du",
        "credits-0-character_ko": "박강두",
        "credits-0-order": "0",
        "alternative_titles-TOTAL_FORMS": "1",
        "alternative_titles-INITIAL_FORMS": "0",
        "alternative_titles-0-title": "Gwoemul",
        "alternative_titles-0-language": "ko-Latn",
        "alternative_titles-0-kind": "romanised",
        # The watch app adds the film's video sources to the same page.
        "video_sources-TOTAL_FORMS": "0",
        "video_sources-INITIAL_FORMS": "0",
        # ... and its offers (where to watch it legally).
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_editor_adds_a_film_with_credits_and_it_is_public_at_once(editor, client):
    drama = GenreFactory(slug="drama", name="Drama")
    song = PersonFactory(name="Song Kang-ho", name_ko="송강호")
    response = editor.post(
        "/admin/catalog/film/add/", film_form(**{"credits-0-person": song.pk, "genres": drama.pk})
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    film = Film.objects.get(title="The Host")
    assert film.slug == "the-host-2006"
    assert film.romanised_title == "Goemul"
    assert film.countries == "KR"
    assert film.alternative_titles.get().title == "Gwoemul"
    page = client.get("/films/the-host-2006/").text
    assert "Song Kang-ho" in page and "as Park Gang-du" in page
    assert "South Korean drama film directed" not in page  # no director credited yet
    assert "starring Song Kang-ho" in page


def test_editing_a_film_shows_on_its_page_at_once(editor, client):
    film = FilmFactory(title="Old Title", year=2001, slug="old-title-2001")
    form = film_form(title="New Title", year="2001", slug="old-title-2001")
    form.update({"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    response = editor.post(f"/admin/catalog/film/{film.pk}/change/", form)
    assert response.status_code == 302
    assert "New Title" in client.get("/films/old-title-2001/").text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("runtime", "0", "greater than or equal to 1"),
        ("runtime", "-5", "greater than or equal to 1"),
        ("year", "1800", "greater than or equal to 1888"),
        ("countries", "Korea", "Korea is not one of the available choices"),
        ("languages", ["ko", "klingon"], "klingon is not one of the available choices"),
        ("imdb_id", "12345", "tt2624704"),
        ("alternative_titles-0-language", "Korean!", "language tag"),
    ],
)
def test_impossible_data_is_refused_with_a_clear_message(editor, field, value, message):
    response = editor.post("/admin/catalog/film/add/", film_form(**{field: value}))
    assert response.status_code == 200
    assert message in response.text
    assert not Film.objects.exists()


def test_duplicate_external_id_is_refused(editor):
    FilmFactory(imdb_id="tt0468492")
    response = editor.post(
        "/admin/catalog/film/add/",
        film_form(imdb_id="tt0468492", **{"credits-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 200
    assert "Film with this IMDb id already exists." in response.text
    assert Film.objects.count() == 1


def test_hangul_only_film_gets_a_working_address(editor, client):
    form = film_form(title="", original_title="살인의 추억", year="2003")
    form.update({"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    # The English title is required; a hangul title in it still gets a romanised slug.
    form["title"] = "살인의 추억"
    assert editor.post("/admin/catalog/film/add/", form).status_code == 302
    film = Film.objects.get()
    assert film.slug == "sarinui-chueok-2003"
    assert client.get(film.get_absolute_url()).status_code == 200


def test_admin_requires_sign_in(client):
    response = client.get("/admin/catalog/film/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_korean_editors_get_the_admin_in_korean(editor):
    html = editor.get("/ko/admin/catalog/film/add/").text
    assert "원제" in html  # "original title"
    assert "상영 시간" in html  # "runtime"


def test_countries_and_languages_are_chosen_by_name(editor):
    html = editor.get("/admin/catalog/film/add/").text
    assert '<option value="KR" selected>South Korea</option>' in html
    assert '<option value="ja">Japanese</option>' in html
    assert '<option value="zh">Chinese</option>' in html
    assert 'class="selectfilter"' in html  # the list filters as one types


def test_korean_editors_choose_from_korean_names(editor):
    html = editor.get("/ko/admin/catalog/film/add/").text
    assert '<option value="KR" selected>한국</option>' in html
    assert '<option value="US">미국</option>' in html
    assert '<option value="ko" selected>한국어</option>' in html
    assert '<option value="ja">일본어</option>' in html


def test_a_film_keeps_its_own_country_first(editor):
    film = FilmFactory(countries="KR", languages="ko", slug="co-production-2013")
    form = film_form(
        title=film.title,
        year="2013",
        slug=film.slug,
        countries=["FR", "KR"],
        languages=["en", "ko"],
    )
    form.update({"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    assert editor.post(f"/admin/catalog/film/{film.pk}/change/", form).status_code == 302
    film.refresh_from_db()
    assert (film.countries, film.languages) == ("KR,FR", "ko,en")


def test_a_code_the_lists_do_not_name_is_kept(editor):
    film = FilmFactory(countries="KR,XK", slug="kosovo-2013")
    html = editor.get(f"/admin/catalog/film/{film.pk}/change/").text
    assert '<option value="XK" selected>XK</option>' in html
    form = film_form(title=film.title, year="2013", slug=film.slug, countries=["XK", "KR"])
    form.update({"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    assert editor.post(f"/admin/catalog/film/{film.pk}/change/", form).status_code == 302
    film.refresh_from_db()
    assert film.countries == "KR,XK"


def test_a_new_person_is_added_from_the_credit_row(editor, client):
    response = editor.post(
        "/admin/catalog/film/add/",
        film_form(
            **{
                "credits-0-new_person_name": "Byun Hee-bong",
                "credits-0-new_person_name_ko": "변희봉",
                "credits-0-character": "Park Hee-bong",
            }
        ),
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    person = Person.objects.get(name="Byun Hee-bong")
    assert (person.name_ko, person.slug) == ("변희봉", "byun-hee-bong")
    credit = Film.objects.get(title="The Host").credits.get()
    assert credit.person == person
    assert "Byun Hee-bong" in client.get("/films/the-host-2006/").text
    assert client.get(person.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({}, "Choose a person, or type a new person&#x27;s name."),
        ({"credits-0-new_person_name_ko": "변희봉"}, "in Latin letters too"),
        ({"credits-0-person": "existing", "credits-0-new_person_name": "Byun"}, "not both"),
        ({"credits-0-new_person_name": "x" * 151}, "at most 150 characters"),
    ],
)
def test_a_credit_row_names_exactly_one_person(editor, row, message):
    existing = PersonFactory()
    if row.get("credits-0-person") == "existing":
        row = {**row, "credits-0-person": existing.pk}
    response = editor.post("/admin/catalog/film/add/", film_form(**row))
    assert response.status_code == 200
    assert message in response.text
    assert not Film.objects.exists() and Person.objects.count() == 1


def test_a_new_person_is_not_added_when_the_page_is_refused(editor):
    form = film_form(year="1800", **{"credits-0-new_person_name": "Byun Hee-bong"})
    assert editor.post("/admin/catalog/film/add/", form).status_code == 200
    assert not Person.objects.exists()
